package main

// lia's man pages (docs/man/*.1) are generated from the commands' help by
// TestManPages with github.com/spf13/cobra/doc, and committed: make docs runs
// it with -update-man. Generating them in the test keeps the generator and
// its Markdown renderer out of the lia binary. The pages are reproducible:
// the date is manDate, not the clock, and they do not name lia's version, so
// the same help gives the same bytes on any build.

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
	"github.com/spf13/pflag"
)

var updateMan = flag.Bool("update-man", false, "rewrite docs/man from the commands' help (make docs)")

// manDate is the date the man pages carry. Move it forward when a release
// changes the commands or their help.
var manDate = time.Date(2026, time.December, 1, 0, 0, 0, 0, time.UTC)

const manDir = "../../docs/man"

// TestManPages: the committed man pages are what the commands' help gives
// today, and generating twice gives the same bytes. With -update-man it
// rewrites them instead.
func TestManPages(t *testing.T) {
	first, second := genManPages(t), genManPages(t)
	if len(first) < 10 {
		t.Fatalf("only %d man pages generated", len(first))
	}
	for name, b := range first {
		if !bytes.Equal(b, second[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
	if *updateMan {
		writeManPages(t, first)
		return
	}
	committed := readManPages(t, manDir)
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

// genManPages writes the pages of lia and each command, completion included,
// and returns them by file name.
func genManPages(t *testing.T) map[string][]byte {
	t.Helper()
	root := newRootCmd(newApp(&streams{}))
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	root.DisableAutoGenTag = true // its HISTORY line repeats the date and names the generator
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.Long = manText(c.Long)
		c.LocalFlags().VisitAll(func(f *pflag.Flag) { f.Usage = manEscape.Replace(f.Usage) })
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	dir := t.TempDir()
	header := &doc.GenManHeader{Title: "LIA", Section: "1", Date: &manDate, Source: "lia", Manual: "lia manual"}
	if err := doc.GenManTree(root, header, dir); err != nil {
		t.Fatal(err)
	}
	return readManPages(t, dir)
}

func readManPages(t *testing.T, dir string) map[string][]byte {
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

// writeManPages replaces docs/man/*.1 with pages.
func writeManPages(t *testing.T, pages map[string][]byte) {
	t.Helper()
	if err := os.MkdirAll(manDir, 0o777); err != nil {
		t.Fatal(err)
	}
	for name := range readManPages(t, manDir) {
		if _, ok := pages[name]; !ok {
			if err := os.Remove(filepath.Join(manDir, name)); err != nil {
				t.Fatal(err)
			}
		}
	}
	for name, b := range pages {
		if err := os.WriteFile(filepath.Join(manDir, name), b, 0o666); err != nil {
			t.Fatal(err)
		}
	}
}

// manEscape keeps "<email>" from being read as HTML, which the generator drops.
var manEscape = strings.NewReplacer("<", `\<`)

// manText turns help text into the Markdown the man page generator reads: an
// upper-case line (EXIT STATUS) becomes a section, indented lines (lists, exit
// codes, examples) keep their line breaks as a preformatted block, and "<" in
// running text stays visible.
func manText(long string) string {
	lines := strings.Split(long, "\n")
	var b strings.Builder
	inBlock := false
	for i, l := range lines {
		switch indented := strings.HasPrefix(l, "  "); {
		case l != "" && l == strings.ToUpper(l) && strings.TrimSpace(l) == l && strings.ContainsAny(l, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
			b.WriteString("# " + l)
			inBlock = false
		case indented || strings.HasPrefix(l, "\t"):
			if !inBlock && i > 0 && lines[i-1] != "" {
				b.WriteString("\n")
			}
			if indented {
				l = "    " + l
			}
			b.WriteString(l) // a tab already starts a preformatted line
			inBlock = true
		default:
			if inBlock && l != "" {
				b.WriteString("\n")
			}
			b.WriteString(manEscape.Replace(l))
			inBlock = false
		}
		b.WriteString("\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func TestManText(t *testing.T) {
	in := "Sign as \"Name <email>\".\nChecks:\n  - one\n    more\nAfter.\n\nEXIT STATUS\n  0    ok\n\tsource <(lia completion bash)"
	want := "Sign as \"Name \\<email>\".\nChecks:\n\n      - one\n        more\n\nAfter.\n\n# EXIT STATUS\n\n      0    ok\n\tsource <(lia completion bash)"
	if got := manText(in); got != want {
		t.Errorf("manText:\n%s\nwant:\n%s", got, want)
	}
}
