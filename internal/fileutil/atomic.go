// Package fileutil writes files so that a reader never sees a partial file and
// an existing file is never replaced by accident, opens files to read without
// ever blocking on a named pipe or device (OpenRead, OpenRegular: every
// command reads its files through them), and words file errors for messages
// that name the file themselves (PathErr).
package fileutil

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// ErrExists is returned when the target exists and overwriting was not allowed.
var ErrExists = errors.New("file exists")

// fault, when set by a test, is called at each step ("create", "write",
// "sync", "rename") and fails the write there, as a full disk or a crash would.
var fault func(step string) error

func step(name string) error {
	if fault != nil {
		return fault(name)
	}
	return nil
}

// WriteFile writes data to path atomically: a temporary file in the same
// directory is written, synced and then renamed (or, without overwrite, linked,
// which fails if path exists). On any error path keeps its old content. The
// file is created with perm less the process's umask, as os.WriteFile does, so
// under umask 077 a record is 0600.
func WriteFile(path string, data []byte, perm fs.FileMode, overwrite bool) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	if !overwrite {
		if _, err := os.Lstat(path); err == nil {
			return fmt.Errorf("%s: %w", path, ErrExists)
		}
	}
	if err := step("create"); err != nil {
		return err
	}
	tmp, err := createTemp(dir, "."+base+".tmp-", perm)
	if err != nil {
		return err
	}
	name := tmp.Name()
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(name)
		}
	}()
	half := len(data) / 2
	if _, err = tmp.Write(data[:half]); err != nil {
		return err
	}
	if err = step("write"); err != nil {
		return err
	}
	if _, err = tmp.Write(data[half:]); err != nil {
		return err
	}
	if err = step("sync"); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = step("rename"); err != nil {
		return err
	}
	if overwrite {
		if err = os.Rename(name, path); err != nil {
			return err
		}
	} else {
		// A hard link fails if path appeared since the check above, so two
		// writers can never silently replace each other's file.
		if err = os.Link(name, path); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return fmt.Errorf("%s: %w", path, ErrExists)
			}
			return err
		}
		os.Remove(name)
	}
	syncDir(dir)
	return nil
}

// createTemp creates a new file in dir named prefix and a random number, with
// perm less the umask (os.CreateTemp always uses 0600, and a chmod after it
// would ignore the umask).
func createTemp(dir, prefix string, perm fs.FileMode) (*os.File, error) {
	for range 10000 {
		name := filepath.Join(dir, prefix+strconv.FormatUint(uint64(rand.Uint32()), 10))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		return f, err
	}
	return nil, &fs.PathError{Op: "createtemp", Path: filepath.Join(dir, prefix+"*"), Err: fs.ErrExist}
}

// syncDir makes the rename durable; errors are ignored because some file
// systems cannot sync directories.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
