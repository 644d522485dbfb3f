//go:build unix

package validate

import (
	"os"
	"syscall"
)

// openFile opens a file to read without blocking on a pipe or device (the
// caller refuses anything but a regular file once it is open), and with
// noFollow without following a link at the last element.
func openFile(path string, noFollow bool) (*os.File, error) {
	flags := os.O_RDONLY | syscall.O_NONBLOCK
	if noFollow {
		flags |= syscall.O_NOFOLLOW
	}
	return os.OpenFile(path, flags, 0)
}
