package validate

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/lia-project/lia/internal/fileutil"
)

// Input is a file to validate; Err is a problem met while finding it.
type Input struct {
	Path string
	Err  error
}

// Source lists the files to validate without holding them all: files named
// as arguments in the order given, directories walked in lexical order for
// names matching the glob. Only the arguments are remembered, so memory does
// not grow with the number of files. A file is checked once even when named
// twice, or named and inside a directory named too; a directory inside
// another named directory is walked at its own place in the arguments.
type Source struct {
	args  []string
	glob  string
	files map[string]bool // explicit files, by absolute path
	dirs  map[string]bool // explicit directories, by absolute path
}

// NewSource checks that every argument exists: the error names the first
// that does not, before any file is checked.
func NewSource(args []string, glob string) (*Source, error) {
	src := &Source{args: args, glob: glob, files: map[string]bool{}, dirs: map[string]bool{}}
	for _, arg := range args {
		fi, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", arg, fileutil.PathErr(err))
		}
		if fi.IsDir() {
			src.dirs[absPath(arg)] = true
		} else {
			src.files[absPath(arg)] = true
		}
	}
	return src, nil
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return filepath.Clean(p)
}

// All yields every file to validate, in order.
func (s *Source) All(yield func(Input) bool) {
	done := map[string]bool{} // explicit arguments already handled
	for _, arg := range s.args {
		abs := absPath(arg)
		if done[abs] {
			continue
		}
		done[abs] = true
		if s.files[abs] {
			if !yield(Input{Path: arg}) {
				return
			}
			continue
		}
		// Absolute paths are only needed to skip other arguments, and
		// filepath.Abs costs system calls per file: derive them from the root's.
		skipArgs := len(s.files) > 0 || len(s.dirs) > 1
		absOf := func(path string) string { return filepath.Join(abs, strings.TrimPrefix(path, arg)) }
		stop := false
		filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				// An unreadable directory is a problem to report, not the end of the run.
				if !yield(Input{Path: path, Err: err}) {
					stop = true
					return filepath.SkipAll
				}
				if d != nil && d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				if path == arg {
					return nil
				}
				if strings.HasPrefix(d.Name(), ".") || (skipArgs && s.dirs[absOf(path)]) {
					return fs.SkipDir
				}
				return nil
			}
			if ok, _ := filepath.Match(s.glob, d.Name()); !ok || (skipArgs && s.files[absOf(path)]) {
				return nil
			}
			if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				return nil
			}
			if !yield(Input{Path: path}) {
				stop = true
				return filepath.SkipAll
			}
			return nil
		})
		if stop {
			return
		}
	}
}
