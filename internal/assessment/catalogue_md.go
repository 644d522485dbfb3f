package assessment

// This file writes the question catalogue as Markdown (docs/questions.md), for
// privacy officers and tools that read the questions without running lia. The
// rules it keeps:
//   - one table row per question, in catalogue order, with the ID, the type,
//     the values, when it applies, the rules version that added it and the
//     question as the wizard asks it;
//   - "when" is the question's full condition: its section's and its own;
//   - cells are escaped by Markdown's table rules (pipes, line breaks), so a
//     template text can never break the table.

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteMarkdown writes the catalogue as a Markdown document.
func (q *Questionnaire) WriteMarkdown(w io.Writer) error {
	b := bufio.NewWriter(w)
	fmt.Fprintf(b, "# Question catalogue, %s\n\n", q.APIVersion)
	b.WriteString("Generated from `templates/questionnaire.yaml`; do not edit by hand. Question IDs, types and\n" +
		"values are a public contract: they are added, never renamed or removed. A question's answer goes\n" +
		"under its section in a record (`answers.data.subject_count`). \"Shown when\" is the condition under\n" +
		"which a question applies; a question that does not apply is neither asked nor required. \"Since\"\n" +
		"names the scoring rules version that first asked a question: a record computed with older rules\n" +
		"may lack its answer and stays valid (`lia validate` warns that its rules are stale).\n\n" +
		"Types: `bool` (true/false), `enum` (one of the values), `multi` (a list of values, may be empty),\n" +
		"`text`, `int` (>= 0), `number` (>= 0), `date` (YYYY-MM-DD).\n")
	for _, s := range q.Sections {
		fmt.Fprintf(b, "\n## %s: %s\n\n", s.ID, mdCell(s.Title))
		if s.When != "" {
			fmt.Fprintf(b, "The whole section is shown when %s.\n\n", mdCode(s.When))
		}
		b.WriteString("| ID | type | values | shown when | since | question |\n|---|---|---|---|---|---|\n")
		for _, qu := range s.Questions {
			typ := string(qu.Type)
			if qu.Optional {
				typ += ", optional"
			}
			if qu.Unit != "" {
				typ += " (" + qu.Unit + ")"
			}
			var vals []string
			for _, c := range qu.Values {
				vals = append(vals, mdCode(c.Value)+": "+mdCell(c.Label))
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", mdCode(qu.ID), typ, strings.Join(vals, "<br>"),
				shownWhen(s, qu), qu.Since, mdCell(qu.Prompt))
		}
	}
	return b.Flush()
}

func shownWhen(s *Section, qu *Question) string {
	switch {
	case s.When == "" && qu.When == "":
		return "always"
	case s.When == "":
		return mdCode(qu.When)
	case qu.When == "":
		return "(section)"
	}
	return "(section) and " + mdCode(qu.When)
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.NewReplacer(`\`, `\\`, "|", `\|`, "<", "&lt;", ">", "&gt;").Replace(s)
}

// mdCode writes s as inline code in a table cell. A pipe cannot appear in a
// condition or an ID (the templates' identifiers and operators never contain
// one), but it is escaped all the same.
func mdCode(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return "`" + strings.NewReplacer("|", `\|`, "`", "'").Replace(s) + "`"
}
