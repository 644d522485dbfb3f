package assessment

import (
	"bytes"

	"go.yaml.in/yaml/v3"
)

// recordHeader opens every record lia writes. Its last line lets editors with
// the YAML language server validate the record as it is typed, against the
// schema written by "lia schema > lia.schema.json" next to the record.
const recordHeader = `Legitimate Interest Assessment (Art. 6(1)(f) GDPR), written by lia.
Edit answers, then recompute the result: lia assess --answers FILE -o FILE --force
The result is computed by lia; lia validate rejects hand edits to it.
yaml-language-server: $schema=lia.schema.json`

// MarshalRecord returns the YAML bytes of rec, as lia writes every record:
// the header comment, then rec.Node's tree indented by two spaces.
func MarshalRecord(rec *Record, q *Questionnaire) ([]byte, error) {
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

// RecordHeader returns the comment lines (without "# ") that open every record lia writes.
func RecordHeader() string { return recordHeader }
