package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestManPages: the committed man pages in docs/man are what lia generate
// writes today, and generating twice gives the same bytes.
func TestManPages(t *testing.T) {
	gen := func() map[string][]byte {
		dir := t.TempDir()
		var out, errb bytes.Buffer
		if code := run([]string{"generate", "--man-dir", dir}, &streams{In: strings.NewReader(""), Out: &out, Err: &errb}); code != 0 {
			t.Fatalf("lia generate: exit %d: %s", code, errb.String())
		}
		return readPages(t, dir)
	}
	first, second := gen(), gen()
	if len(first) < 10 {
		t.Fatalf("only %d man pages generated", len(first))
	}
	for name, b := range first {
		if !bytes.Equal(b, second[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	committed := readPages(t, filepath.Join("..", "..", "docs", "man"))
	for name, b := range first {
		if c, ok := committed[name]; !ok {
			t.Errorf("docs/man/%s is missing (run make docs)", name)
		} else if !bytes.Equal(b, c) {
			t.Errorf("docs/man/%s is out of date (run make docs)", name)
		}
	}
	for name := range committed {
		if _, ok := first[name]; !ok {
			t.Errorf("docs/man/%s is not generated any more (run make docs)", name)
		}
	}
}

func readPages(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.1"))
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		pages[filepath.Base(n)] = b
	}
	return pages
}

func TestGenerateUsage(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"generate"}, &streams{In: strings.NewReader(""), Out: &out, Err: &errb}); code != exitUsage {
		t.Errorf("lia generate without --man-dir: exit %d, want %d", code, exitUsage)
	}
	if !strings.Contains(errb.String(), "lia: error: --man-dir is required") {
		t.Errorf("stderr: %q", errb.String())
	}
}

func TestManText(t *testing.T) {
	in := "Sign as \"Name <email>\".\nChecks:\n  - one\n    more\nAfter.\n\nEXIT STATUS\n  0    ok\n\tsource <(lia completion bash)"
	want := "Sign as \"Name \\<email>\".\nChecks:\n\n      - one\n        more\n\nAfter.\n\n# EXIT STATUS\n\n      0    ok\n\tsource <(lia completion bash)"
	if got := manText(in); got != want {
		t.Errorf("manText:\n%s\nwant:\n%s", got, want)
	}
}
