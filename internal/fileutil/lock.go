package fileutil

// Locking rules, for writers that read a file, change it and replace it
// (lia sign in place), so that two of them never lose each other's change:
//   - the lock is a file beside the target, ".NAME.lock": the target itself
//     cannot carry it, because replacing it by rename gives it a new inode,
//     which a waiting writer would not have locked;
//   - it is taken with flock (unix) or LockFileEx (windows), which the system
//     releases when the process ends, so a crash leaves no stale lock;
//   - the holder removes the lock file before releasing it; a writer that
//     locked a file no longer at the path (removed or replaced meanwhile)
//     drops it and tries again;
//   - a writer waits, polling, up to a limit, then gives up with an error
//     naming the lock file; Lock says whether it had to wait.

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// ErrLocked is what Lock returns when the wait ran out.
var ErrLocked = errors.New("locked by another process")

// FileLock is a held lock on a file; Unlock releases it.
type FileLock struct {
	f    *os.File
	path string
	// Waited reports whether another process held the lock first.
	Waited bool
}

// LockPath returns the lock file Lock uses for path.
func LockPath(path string) string {
	dir, base := filepath.Split(path)
	return filepath.Join(dir, "."+base+".lock")
}

// Lock takes the exclusive lock for path, waiting up to wait for another
// holder to release it.
func Lock(path string, wait time.Duration) (*FileLock, error) {
	lp := LockPath(path)
	deadline := time.Now().Add(wait)
	pause := 2 * time.Millisecond
	waited := false
	for {
		f, err := os.OpenFile(lp, os.O_RDWR|os.O_CREATE, 0o600)
		if err != nil {
			if !isTransient(err) || time.Now().After(deadline) {
				return nil, fmt.Errorf("locking %s: %w", path, err)
			}
		} else {
			got, err := tryLock(f)
			if err != nil {
				f.Close()
				return nil, fmt.Errorf("locking %s: %w", path, err)
			}
			if got {
				// The lock file may have been removed, or replaced, by the
				// holder before we locked it: then this lock guards nothing.
				held, err1 := f.Stat()
				now, err2 := os.Stat(lp)
				if err1 == nil && err2 == nil && os.SameFile(held, now) {
					return &FileLock{f: f, path: lp, Waited: waited}, nil
				}
			}
			f.Close()
		}
		waited = true
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s: %w for more than %v (lock file %s)", path, ErrLocked, wait, lp)
		}
		time.Sleep(pause)
		pause = min(2*pause, 50*time.Millisecond)
	}
}

// Unlock removes the lock file and releases the lock.
func (l *FileLock) Unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	// Remove first: whoever locks the old file next sees that it is gone.
	// On windows removing fails while another process has it open, which is
	// harmless: the file then stays and serves the next holder.
	os.Remove(l.path)
	err := l.f.Close()
	l.f = nil
	return err
}
