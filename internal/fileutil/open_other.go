//go:build !unix

package fileutil

import (
	"io/fs"
	"os"
)

// OpenRead opens a file to read. Systems without O_NONBLOCK and O_NOFOLLOW
// rely on checks made before the open (an Lstat in lia validate's walk, a
// Stat in OpenRegular) alone.
func OpenRead(path string, noFollow bool) (*os.File, error) {
	return os.Open(path)
}

// preOpenCheck refuses, before opening it, a file that is neither a regular
// file nor a directory, since opening it could block here.
func preOpenCheck(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !fi.IsDir() && !fi.Mode().IsRegular() {
		return &fs.PathError{Op: "open", Path: path, Err: ErrNotRegular}
	}
	return nil
}
