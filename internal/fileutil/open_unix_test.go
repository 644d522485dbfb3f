//go:build unix

package fileutil

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestOpenRegularNeverBlocks opens a named pipe with no writer, directly and
// through a link and DirFS: each is refused at once, where os.Open would wait
// for a writer forever.
func TestOpenRegularNeverBlocks(t *testing.T) {
	dir := t.TempDir()
	pipe := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	if err := os.Symlink("pipe", filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "file"), []byte("data"), 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, name := range []string{"pipe", "link"} {
			if _, _, err := OpenRegular(filepath.Join(dir, name)); !errors.Is(err, ErrNotRegular) {
				t.Errorf("OpenRegular(%s): got %v, want ErrNotRegular", name, err)
			}
			if _, err := ReadRegular(filepath.Join(dir, name), 1<<20); !errors.Is(err, ErrNotRegular) {
				t.Errorf("ReadRegular(%s): got %v, want ErrNotRegular", name, err)
			}
		}
		if _, _, err := OpenRegular(dir); !errors.Is(err, ErrIsDir) {
			t.Errorf("OpenRegular(dir): got %v, want ErrIsDir", err)
		}
		if b, err := ReadRegular(filepath.Join(dir, "file"), 1<<20); err != nil || string(b) != "data" {
			t.Errorf("ReadRegular(file) = %q, %v; want \"data\"", b, err)
		}
		if _, err := ReadRegular(filepath.Join(dir, "file"), 3); err == nil {
			t.Errorf("ReadRegular(file, 3): no error for a 4-byte file")
		}
		f, err := DirFS(dir).Open("link")
		if err != nil {
			t.Errorf("DirFS.Open(link): %v", err)
			return
		}
		defer f.Close()
		if fi, err := f.Stat(); err != nil || fi.Mode().IsRegular() || fi.Mode()&fs.ModeNamedPipe == 0 {
			t.Errorf("DirFS.Open(link).Stat() = %v, %v; want a named pipe", fi, err)
		}
		if b, err := fs.ReadFile(DirFS(dir), "file"); err != nil || string(b) != "data" {
			t.Errorf("fs.ReadFile(DirFS, file) = %q, %v", b, err)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("opening a named pipe blocked")
	}
}
