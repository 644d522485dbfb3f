package fileutil

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"
)

// TestLockSerialisesReadModifyWrite: writers that each read a counter,
// add one and replace the file atomically, under the lock, lose no update,
// though every write replaces the file's inode.
func TestLockSerialisesReadModifyWrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "n")
	if err := WriteFile(path, []byte("0"), 0o644, false); err != nil {
		t.Fatal(err)
	}
	const writers = 20
	var wg sync.WaitGroup
	var mu sync.Mutex
	waited := 0
	for range writers {
		wg.Go(func() {
			l, err := Lock(path, 10*time.Second)
			if err != nil {
				t.Error(err)
				return
			}
			defer l.Unlock()
			b, err := os.ReadFile(path)
			if err != nil {
				t.Error(err)
				return
			}
			n, _ := strconv.Atoi(string(b))
			time.Sleep(time.Millisecond) // widen the window a lost update needs
			if err := WriteFile(path, []byte(strconv.Itoa(n+1)), 0o644, true); err != nil {
				t.Error(err)
			}
			mu.Lock()
			if l.Waited {
				waited++
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	b, _ := os.ReadFile(path)
	if string(b) != strconv.Itoa(writers) {
		t.Errorf("counter is %s after %d writers: an update was lost", b, writers)
	}
	if waited == 0 {
		t.Errorf("no writer waited; the test did not contend")
	}
	if _, err := os.Stat(LockPath(path)); !os.IsNotExist(err) {
		t.Errorf("the lock file is left behind: %v", err)
	}
}

// TestLockTimesOut: a writer gives up when the lock stays taken, naming the
// lock file; once it is released the lock can be taken without waiting.
func TestLockTimesOut(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.lia.yaml")
	l, err := Lock(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if l.Waited {
		t.Error("the first lock waited")
	}
	_, err = Lock(path, 50*time.Millisecond)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second Lock = %v, want ErrLocked", err)
	}
	if want := filepath.Join(filepath.Dir(path), ".r.lia.yaml.lock"); err == nil || !contains(err.Error(), want) {
		t.Errorf("error %q does not name the lock file %s", err, want)
	}
	if err := l.Unlock(); err != nil {
		t.Fatal(err)
	}
	l2, err := Lock(path, time.Second)
	if err != nil || l2.Waited {
		t.Fatalf("after Unlock: %v, waited %v", err, l2 != nil && l2.Waited)
	}
	l2.Unlock()
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
