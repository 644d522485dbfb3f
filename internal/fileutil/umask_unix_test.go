//go:build unix

package fileutil

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWriteFileUmask: a file gets perm less the umask, both when it is new
// and when it replaces another, as os.WriteFile would give it.
func TestWriteFileUmask(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	for _, tt := range []struct {
		umask int
		perm  fs.FileMode
		want  fs.FileMode
	}{
		{0o077, 0o644, 0o600},
		{0o027, 0o644, 0o640},
		{0o022, 0o644, 0o644},
		{0o002, 0o644, 0o644},
		{0o000, 0o600, 0o600},
		{0o077, 0o600, 0o600},
	} {
		syscall.Umask(tt.umask)
		for _, overwrite := range []bool{false, true} {
			p := filepath.Join(t.TempDir(), "r.lia.yaml")
			if overwrite {
				if err := os.WriteFile(p, []byte("old"), 0o666); err != nil {
					t.Fatal(err)
				}
			}
			if err := WriteFile(p, []byte("new"), tt.perm, overwrite); err != nil {
				t.Fatal(err)
			}
			fi, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != tt.want {
				t.Errorf("umask %03o, perm %03o, overwrite %v: mode %03o, want %03o", tt.umask, tt.perm, overwrite, got, tt.want)
			}
		}
	}
}
