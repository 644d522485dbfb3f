package fileutil

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteFileRefusesOverwrite(t *testing.T) {
	p := filepath.Join(t.TempDir(), "r.lia.yaml")
	if err := WriteFile(p, []byte("old"), 0o644, false); err != nil {
		t.Fatal(err)
	}
	err := WriteFile(p, []byte("new"), 0o644, false)
	if !errors.Is(err, ErrExists) {
		t.Fatalf("second write: got %v, want ErrExists", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("content = %q, want old", b)
	}
	if err := WriteFile(p, []byte("new"), 0o600, true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "new" {
		t.Errorf("content = %q, want new", b)
	}
	if fi, _ := os.Stat(p); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", fi.Mode().Perm())
	}
	ents, _ := os.ReadDir(filepath.Dir(p))
	if len(ents) != 1 {
		t.Errorf("temporary files left behind: %v", ents)
	}
}

func TestWriteFileFailureKeepsOld(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "r.lia.yaml")
	if err := WriteFile(p, []byte("old"), 0o644, false); err != nil {
		t.Fatal(err)
	}
	if os.Getuid() == 0 {
		t.Skip("root can write to read-only directories")
	}
	os.Chmod(dir, 0o500)
	defer os.Chmod(dir, 0o700)
	if err := WriteFile(p, []byte("new"), 0o644, true); err == nil {
		t.Fatal("write into a read-only directory succeeded")
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("content = %q, want old", b)
	}
}

// TestWriteFileFaults fails the write at every step, as a full disk or a crash
// would, and finds the old file intact and no temporary file left behind.
func TestWriteFileFaults(t *testing.T) {
	for _, at := range []string{"create", "write", "sync", "rename"} {
		for _, overwrite := range []bool{true, false} {
			dir := t.TempDir()
			p := filepath.Join(dir, "r.lia.yaml")
			target := p
			if !overwrite {
				target = filepath.Join(dir, "new.lia.yaml")
			}
			if err := WriteFile(p, []byte("old record"), 0o644, false); err != nil {
				t.Fatal(err)
			}
			boom := errors.New("injected failure at " + at)
			fault = func(s string) error {
				if s == at {
					return boom
				}
				return nil
			}
			err := WriteFile(target, []byte("new record, longer than the old one"), 0o644, overwrite)
			fault = nil
			if !errors.Is(err, boom) {
				t.Fatalf("%s: got %v, want the injected failure", at, err)
			}
			if b, _ := os.ReadFile(p); string(b) != "old record" {
				t.Errorf("%s: old file is now %q", at, b)
			}
			if !overwrite {
				if _, err := os.Stat(target); err == nil {
					t.Errorf("%s: a partial new file was left at %s", at, target)
				}
			}
			if ents, _ := os.ReadDir(dir); len(ents) != 1 {
				t.Errorf("%s: files left behind: %v", at, ents)
			}
		}
	}
}
