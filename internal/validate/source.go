package validate

import (
	"errors"
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
	// open is the path to read when it is not Path (a link's target), and
	// noFollow refuses a link there, so that a file swapped for a link after
	// the walk looked at it is not followed.
	open     string
	noFollow bool
}

// errOutside is the problem with a link whose target is outside the given paths.
var errOutside = errors.New("symbolic link to a file outside the given paths, not followed; give --follow-symlinks to check it")

// Source lists the files to validate without holding them all: files named
// as arguments in the order given, directories walked in lexical order for
// names matching the glob. Only the arguments are remembered, so memory does
// not grow with the number of files. A file is checked once even when named
// twice, or named and inside a directory named too; a directory inside
// another named directory is walked at its own place in the arguments.
//
// Only regular files are read. An argument is followed wherever it points
// (it was named); in a directory, pipes, devices and sockets are skipped,
// links to directories are not walked, and a link to a file is followed only
// when the file is inside the given paths, or with FollowLinks.
type Source struct {
	// FollowLinks follows links found in directories to files anywhere.
	FollowLinks bool

	args  []string
	glob  string
	files map[string]bool // explicit files, by absolute path
	dirs  map[string]bool // explicit directories, by absolute path
	roots []string        // the arguments with links resolved, for links to stay inside
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
		if root, err := filepath.EvalSymlinks(absPath(arg)); err == nil {
			src.roots = append(src.roots, root)
		}
	}
	return src, nil
}

// link decides on a link found in a directory: the Input to check, or false
// to skip it (its target is not a regular file).
func (s *Source) link(path string) (Input, bool) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return Input{Path: path, Err: err}, true // a broken link
	}
	fi, err := os.Stat(target)
	if err != nil {
		return Input{Path: path, Err: err}, true
	}
	if !fi.Mode().IsRegular() {
		return Input{}, false
	}
	if !s.FollowLinks && !s.inside(absPath(target)) {
		return Input{Path: path, Err: errOutside}, true
	}
	return Input{Path: path, open: target, noFollow: true}, true
}

// inside reports whether path (absolute, links resolved) is one of the given
// paths or inside one of them.
func (s *Source) inside(path string) bool {
	for _, root := range s.roots {
		if path == root || strings.HasPrefix(path, root+string(filepath.Separator)) || root == string(filepath.Separator) {
			return true
		}
	}
	return false
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
		// A named link to a directory is walked (WalkDir would not enter it).
		walkRoot := arg
		if fi, err := os.Lstat(arg); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			walkRoot = arg + string(filepath.Separator)
		}
		filepath.WalkDir(walkRoot, func(path string, d fs.DirEntry, err error) error {
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
				if path == walkRoot {
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
			in := Input{Path: path, noFollow: true}
			switch {
			case d.Type()&fs.ModeSymlink != 0:
				var ok bool
				if in, ok = s.link(path); !ok {
					return nil
				}
			case !d.Type().IsRegular():
				return nil
			}
			if !yield(in) {
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

// Read reads the file as lia validate does: a regular file only, refused
// before it is read when it is larger than max.
func (in Input) Read(max int64) ([]byte, error) { return readLimited(in, max) }
