package assessment_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWriteMarkdownCoversCatalogue: docs/questions.md has one row per
// question, in catalogue order, with every value, its condition and the rules
// version that added it; the same catalogue gives the same bytes.
func TestWriteMarkdownCoversCatalogue(t *testing.T) {
	q := catalog(t).Questionnaire
	var b bytes.Buffer
	if err := q.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	doc := b.String()
	rows := map[string]string{}
	var order []string
	for _, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		id := strings.Trim(strings.SplitN(line, "|", 3)[1], " `")
		if _, dup := rows[id]; dup {
			t.Errorf("%s: two rows", id)
		}
		rows[id] = line
		order = append(order, id)
	}
	qs := q.Questions()
	if len(order) != len(qs) {
		t.Fatalf("%d rows for %d questions", len(order), len(qs))
	}
	for i, qu := range qs {
		if order[i] != qu.ID {
			t.Fatalf("row %d is %s, want %s (catalogue order)", i, order[i], qu.ID)
		}
		row := rows[qu.ID]
		cells := strings.Split(row, " | ")
		if len(cells) != 6 {
			t.Errorf("%s: %d cells, want 6: %s", qu.ID, len(cells), row)
			continue
		}
		if !strings.HasPrefix(cells[1], string(qu.Type)) {
			t.Errorf("%s: type cell %q", qu.ID, cells[1])
		}
		for _, v := range qu.Values {
			if !strings.Contains(cells[2], "`"+v.Value+"`") {
				t.Errorf("%s: value %s missing", qu.ID, v.Value)
			}
		}
		if qu.When != "" && !strings.Contains(cells[3], qu.When) {
			t.Errorf("%s: condition %q missing from %q", qu.ID, qu.When, cells[3])
		}
		if qu.When == "" && qu.Section.When == "" && cells[3] != "always" {
			t.Errorf("%s: shown when %q, want always", qu.ID, cells[3])
		}
		if cells[4] != qu.Since {
			t.Errorf("%s: since %q, want %q", qu.ID, cells[4], qu.Since)
		}
		if !strings.Contains(row, strings.Fields(qu.Prompt)[0]) {
			t.Errorf("%s: the question is missing", qu.ID)
		}
	}
	for _, s := range q.Sections {
		if s.When != "" && !strings.Contains(doc, s.When) {
			t.Errorf("section %s: condition %q missing", s.ID, s.When)
		}
	}
	var again bytes.Buffer
	q.WriteMarkdown(&again)
	if !bytes.Equal(b.Bytes(), again.Bytes()) {
		t.Errorf("two writes differ")
	}
}

var updateDocs = flag.Bool("update-docs", false, "rewrite docs/questions.md from the questionnaire (make docs)")

const questionsDoc = "../../docs/questions.md"

// TestQuestionsDoc: the committed docs/questions.md is what the embedded
// questionnaire gives today; with -update-docs it rewrites it (make docs).
func TestQuestionsDoc(t *testing.T) {
	var b bytes.Buffer
	if err := catalog(t).Questionnaire.WriteMarkdown(&b); err != nil {
		t.Fatal(err)
	}
	if *updateDocs {
		if err := os.MkdirAll(filepath.Dir(questionsDoc), 0o777); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(questionsDoc, b.Bytes(), 0o666); err != nil {
			t.Fatal(err)
		}
		return
	}
	committed, err := os.ReadFile(questionsDoc)
	if err != nil {
		t.Fatalf("%v (run make docs)", err)
	}
	if !bytes.Equal(committed, b.Bytes()) {
		t.Errorf("docs/questions.md is out of date (run make docs)")
	}
}
