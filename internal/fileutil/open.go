package fileutil

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// The errors OpenRegular wraps in a *fs.PathError: PathErr gives them alone.
var (
	ErrIsDir      = errors.New("is a directory")
	ErrNotRegular = errors.New("is not a regular file")
)

// OpenRegular opens a regular file to read, and never blocks: a directory,
// named pipe, device or socket, or a link to one, is refused once open
// (OpenRead) with ErrIsDir or ErrNotRegular, before anything is read.
func OpenRegular(path string) (*os.File, fs.FileInfo, error) {
	if err := preOpenCheck(path); err != nil {
		return nil, nil, err
	}
	f, err := OpenRead(path, false)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err == nil {
		switch {
		case fi.IsDir():
			err = &fs.PathError{Op: "open", Path: path, Err: ErrIsDir}
		case !fi.Mode().IsRegular():
			err = &fs.PathError{Op: "open", Path: path, Err: ErrNotRegular}
		}
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// ReadRegular reads a regular file (OpenRegular) of at most max bytes,
// refusing a larger one before reading it.
func ReadRegular(path string, max int64) ([]byte, error) {
	f, fi, err := OpenRegular(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi.Size() > max {
		return nil, fmt.Errorf("%s: file is %d bytes, larger than the limit of %d bytes", path, fi.Size(), max)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s: file is larger than the limit of %d bytes", path, max)
	}
	return data, nil
}

// DirFS is os.DirFS(dir) whose files open without blocking (OpenRead): a
// named pipe or device in the directory is opened, not waited on, so that
// its reader can refuse it once open.
func DirFS(dir string) fs.FS { return dirFS(dir) }

type dirFS string

func (d dirFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	path := filepath.Join(string(d), filepath.FromSlash(name))
	if err := preOpenCheck(path); err != nil {
		return nil, err
	}
	f, err := OpenRead(path, false)
	if err != nil {
		return nil, err
	}
	return f, nil
}
