package assessment

import (
	"fmt"
	"strings"

	"github.com/lia-project/lia/internal/safetext"
)

// Check IDs are stable names for kinds of problems; validate reports them and
// CI users filter on them.
const (
	CheckSize       = "size"
	CheckEncoding   = "encoding"
	CheckSyntax     = "syntax"
	CheckDocuments  = "multi-document"
	CheckUnknownKey = "unknown-key"
	CheckDuplicate  = "duplicate-key"
	CheckType       = "type"
	CheckEnum       = "enum"
	CheckRequired   = "required"
	CheckMissing    = "missing-answer"
	CheckIrrelevant = "irrelevant-answer"
	CheckValue      = "value"
	CheckAPI        = "api-version"
	CheckResult     = "result-mismatch"
	CheckStale      = "stale-rules"
	CheckAmbiguous  = "ambiguous-yaml" // YAML that readers read differently
	// CheckRulesMismatch is a result computed with other rules than those
	// lia checks with (another digest or version; see internal/rules).
	CheckRulesMismatch = "rules-mismatch"
)

// Error is one problem in a file, with where it is and which field it concerns.
type Error struct {
	File  string
	Line  int
	Col   int
	Field string
	Check string
	Msg   string
	Hint  string
}

// Error is the problem as one line for people. File names and keys come
// from the user and the record, so the line passes through safetext.Text.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return safetext.Text(b.String())
}

// Errors is every problem found in a file, in file order.
type Errors []*Error

func (es Errors) Error() string {
	switch len(es) {
	case 0:
		return "no errors"
	case 1:
		return es[0].Error()
	}
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return fmt.Sprintf("%d problems:\n%s", len(es), strings.Join(lines, "\n"))
}
