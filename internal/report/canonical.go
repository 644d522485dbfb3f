package report

import (
	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/signing"
)

// Canonical returns the bytes a record's signatures cover: the record without
// signatures as RFC 8785 JSON. It depends only on the record's content, not on
// how its YAML was written.
func Canonical(rec *assessment.Record, q *assessment.Questionnaire) ([]byte, error) {
	tree, err := rec.Tree(q)
	if err != nil {
		return nil, err
	}
	return signing.Canonicalize(tree)
}
