// Package report renders records: the lia/v1 YAML file and the PDF report.
// Renderers write to an io.Writer; callers write files atomically.
package report

import (
	"bytes"

	"github.com/lia-project/lia/internal/assessment"
	"go.yaml.in/yaml/v3"
)

// recordHeader opens every record lia writes. Its last line lets editors with
// the YAML language server validate the record as it is typed, against the
// schema written by "lia schema > lia.schema.json" next to the record.
const recordHeader = `Legitimate Interest Assessment (Art. 6(1)(f) GDPR), written by lia.
Edit answers, then recompute the result: lia assess --answers FILE -o FILE --force
The result is computed by lia; lia validate rejects hand edits to it.
yaml-language-server: $schema=lia.schema.json`

// MarshalRecord returns the YAML bytes of rec.
func MarshalRecord(rec *assessment.Record, q *assessment.Questionnaire) ([]byte, error) {
	doc := &yaml.Node{Kind: yaml.DocumentNode, HeadComment: recordHeader, Content: []*yaml.Node{rec.Node(q, true)}}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Header returns the comment lines (without "# ") that open every record lia writes.
func Header() string { return recordHeader }
