package report

import (
	"bytes"
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/lia-project/lia/internal/argument"
)

func markdown(t *testing.T, in PDFInput) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := RenderMarkdown(&b, in); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var tags = regexp.MustCompile(`<[^>]*>`)

// parsed renders Markdown as GitHub does (CommonMark with GFM tables,
// strikethrough and autolinks), and returns the tree and the text a reader sees.
func parsed(t *testing.T, src []byte) (ast.Node, string) {
	t.Helper()
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM))
	doc := gm.Parser().Parse(text.NewReader(src))
	var out bytes.Buffer
	if err := gm.Renderer().Render(&out, src, doc); err != nil {
		t.Fatal(err)
	}
	return doc, fold(html.UnescapeString(tags.ReplaceAllString(out.String(), " ")))
}

// TestMarkdownArgues: the Markdown report of every example parses, has the
// report's headings, and states the same argument as the PDF: the sentences
// from the answers, the justification, the decision and the review date.
func TestMarkdownArgues(t *testing.T) {
	for _, ex := range examples(t) {
		t.Run(pdfName(ex), func(t *testing.T) {
			in := exampleInput(t, ex)
			src := markdown(t, in)
			if !bytes.Equal(src, markdown(t, in)) {
				t.Errorf("two renders differ")
			}
			doc, seen := parsed(t, src)
			var headings []string
			tables := 0
			ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if !entering {
					return ast.WalkContinue, nil
				}
				switch n := n.(type) {
				case *ast.Heading:
					headings = append(headings, string(n.Lines().Value(src)))
				case *extast.Table:
					tables++
				}
				return ast.WalkContinue, nil
			})
			h := strings.Join(headings, "\n")
			for _, w := range []string{"Summary", "1. Purpose test:", "2. Necessity test:", "3. Balancing test:", "DPIA screening", "The decision", "Scores", "Answers", "Findings", "Actions", "Signatures"} {
				if !strings.Contains(h, w) {
					t.Errorf("no heading %q in:\n%s", w, h)
				}
			}
			if tables < 2 {
				t.Errorf("%d tables, want the cover and the scores", tables)
			}
			rec := in.Record
			want := []string{"Outcome: " + strings.ToUpper(in.Eval.Result.Outcome), fold(rec.Metadata.Title),
				fold(rec.Justification.Decision), "Next review: by " + rec.Metadata.ReviewBy}
			for _, test := range argument.Tests {
				want = append(want, fold(strings.Join(argument.Facts(rec.Answers, in.Catalog.Questionnaire, &in.Eval.Result, test), " ")),
					fold(*rec.Justification.Part(test)))
			}
			for id, note := range rec.Notes {
				want = append(want, "Note: "+fold(note), id)
			}
			for _, f := range in.Eval.Result.Findings {
				want = append(want, fold(f.Message))
			}
			for _, w := range want {
				if !strings.Contains(seen, w) {
					t.Errorf("the rendered report lacks %q", w)
				}
			}
		})
	}
}

// TestMarkdownHostile: record text cannot become a heading, a list, a link,
// an image or HTML, and control and bidi characters are shown, not passed.
func TestMarkdownHostile(t *testing.T) {
	raw := hostileRecord(t)
	evil := "# Heading\n- item\n[click](https://evil.example) ![img](x.png) <script>alert(1)</script> **bold** `code` | cell\n1. one\n---\n&amp; \u202Ereversed"
	s := strings.Replace(string(raw), "    interest: Improve reply quality", "    interest: "+yamlQuote(evil)+"\n    x_interest: Improve reply quality", 1)
	var lines []string
	skip := false
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, "x_interest:") {
			skip = true
			continue
		}
		if skip && strings.HasPrefix(l, "      ") {
			continue
		}
		skip = false
		lines = append(lines, l)
	}
	in := inputFor(t, catalog(t), "hostile.lia.yaml", []byte(strings.Join(lines, "\n")))
	if !strings.Contains(in.Record.Answers["purpose.interest"].Text, "<script>") {
		t.Fatalf("the hostile answer was not set")
	}
	src := markdown(t, in)
	doc, seen := parsed(t, src)
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link, *ast.Image, *ast.HTMLBlock:
			t.Errorf("record text became a %s: %q", n.Kind(), inlineText(n, src))
		case *ast.CodeSpan:
			// lia's own code spans hold IDs and hashes, never record text.
			if text := inlineText(n, src); strings.Contains(text, "code") {
				t.Errorf("record text became code: %q", text)
			}
		case *ast.RawHTML:
			if v := string(n.Segments.Value(src)); v != "<br>" {
				t.Errorf("record text became raw HTML %q", v)
			}
		case *ast.Heading:
			if strings.Contains(string(n.Lines().Value(src)), "Heading") {
				t.Errorf("record text became a heading")
			}
		}
		return ast.WalkContinue, nil
	})
	// A bare URL is linked as GitHub links it, showing the address itself.
	for _, w := range []string{"# Heading - item [click]( https://evil.example ) ![img](x.png) <script>alert(1)</script> **bold** `code` | cell 1. one --- &amp; \\u202ereversed",
		"Ελληνικά кириллица"} {
		if !strings.Contains(seen, w) {
			t.Errorf("the report does not show %q as text:\n%s", w, seen[:min(len(seen), 3000)])
		}
	}
	if bytes.ContainsRune(src, '\u202E') || bytes.ContainsRune(src, '\x07') {
		t.Errorf("control or bidi characters passed through")
	}
}

func yamlQuote(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\u202E", `\u202E`)
	return `"` + r.Replace(s) + `"`
}

// inlineText is the text of n's inline descendants, as written in src.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			b.Write(t.Segment.Value(src))
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}
