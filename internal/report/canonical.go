package report

import (
	"github.com/lia-project/lia/internal/assessment"
)

// Canonical returns the bytes a record's signatures cover: the record without
// signatures as RFC 8785 JSON. It depends only on the record's content, not on
// how its YAML was written.
// The bytes are written straight from the record; they equal
// signing.Canonicalize of rec.Tree, the slower reference (TestCanonicalFast).
func Canonical(rec *assessment.Record, q *assessment.Questionnaire) ([]byte, error) {
	return rec.Canonical(q)
}
