package main

import (
	"bytes"
	"strings"
	"testing"
	"unicode"

	"github.com/spf13/cobra"
)

// TestHelp runs --help on every command and checks the help conventions:
// Short capitalised without a period, a Long text, examples as "$ lia ..." lines,
// and EXIT STATUS on commands that run checks.
func TestHelp(t *testing.T) {
	root := newRootCmd(newApp(&streams{}))
	var walk func(c *cobra.Command)
	seen := 0
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		if c.Hidden || c.Name() == "help" || strings.HasPrefix(c.CommandPath(), "lia completion") {
			return
		}
		seen++
		path := c.CommandPath()
		if c.Short == "" || !unicode.IsUpper([]rune(c.Short)[0]) || strings.HasSuffix(c.Short, ".") {
			t.Errorf("%s: Short %q must be capitalised, without a period", path, c.Short)
		}
		if len(c.Long) < 60 {
			t.Errorf("%s: Long help is missing or too short", path)
		}
		if c != root && !strings.Contains(c.Example, "$ "+path) {
			t.Errorf("%s: Example must show \"$ %s ...\"", path, path)
		}
		if c != root && c.Name() != "version" && !strings.Contains(c.Long, "EXIT STATUS") {
			t.Errorf("%s: Long help needs an EXIT STATUS section", path)
		}
		var out, errb bytes.Buffer
		args := append(strings.Fields(path)[1:], "--help")
		if code := run(args, &streams{In: strings.NewReader(""), Out: &out, Err: &errb}); code != 0 {
			t.Errorf("%s --help: exit %d: %s", path, code, errb.String())
		}
		if !strings.Contains(out.String(), "Usage:") {
			t.Errorf("%s --help printed no usage", path)
		}
	}
	walk(root)
	if seen < 5 {
		t.Fatalf("only %d commands checked", seen)
	}
}
