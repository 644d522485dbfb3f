//go:build !unix && !windows

package fileutil

import "os"

// tryLock cannot lock on this system: the lock file alone keeps writers
// apart, as far as removing and re-checking it does.
func tryLock(f *os.File) (bool, error) { return true, nil }

func isTransient(err error) bool { return false }
