//go:build !unix

package validate

import "os"

// openFile opens a file to read. Systems without O_NONBLOCK and O_NOFOLLOW
// rely on the walk's checks (Lstat before open) alone.
func openFile(path string, noFollow bool) (*os.File, error) {
	return os.Open(path)
}
