package fileutil

import (
	"errors"
	"io/fs"
)

// PathErr returns the cause of a *fs.PathError ("no such file or directory")
// without its operation and path, for messages that name the path themselves;
// any other error is returned as it is.
func PathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
