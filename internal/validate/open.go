package validate

import (
	"os"

	"github.com/lia-project/lia/internal/fileutil"
)

// openFile opens a file to read without blocking on a pipe or device, and
// with noFollow without following a link at the last element
// (fileutil.OpenRead, which every command that reads a file shares).
func openFile(path string, noFollow bool) (*os.File, error) {
	return fileutil.OpenRead(path, noFollow)
}
