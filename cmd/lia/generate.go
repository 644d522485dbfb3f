package main

// lia generate writes lia's man pages (make docs runs it into docs/man). The
// pages are reproducible: the date is manDate, not the clock, and they do not
// name lia's version, so the same commands give the same bytes on any build.

import (
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
	"github.com/spf13/pflag"
)

// manDate is the date the man pages carry. Move it forward when a release
// changes the commands or their help.
var manDate = time.Date(2026, time.December, 1, 0, 0, 0, 0, time.UTC)

type generateOptions struct {
	manDir string
}

func newGenerateCmd(a *app) *cobra.Command {
	opts := &generateOptions{}
	cmd := &cobra.Command{
		Use:    "generate --man-dir DIR",
		Short:  "Write lia's man pages",
		Hidden: true, // for packagers and make docs, not for users
		Long: `Write a man page (section 1) for lia and for each of its commands into DIR,
which is created if needed. The pages carry a fixed date, so generating them
twice gives the same bytes.

EXIT STATUS
  0    pages written
  1    DIR could not be written
  2    --man-dir missing`,
		Example: `  $ lia generate --man-dir docs/man`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if opts.manDir == "" {
				return usageErr("give the directory: lia generate --man-dir DIR", "--man-dir is required")
			}
			return generateRun(cmd.Root(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.manDir, "man-dir", "", "write the man pages into `DIR`")
	return cmd
}

func generateRun(root *cobra.Command, opts *generateOptions) error {
	if err := os.MkdirAll(opts.manDir, 0o777); err != nil {
		return failErr("", err)
	}
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
	header := &doc.GenManHeader{Title: "LIA", Section: "1", Date: &manDate, Source: "lia", Manual: "lia manual"}
	if err := doc.GenManTree(root, header, opts.manDir); err != nil {
		return failErr("", err)
	}
	return nil
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
