package assessment_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/templates"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

func loadCatalog(t testing.TB) *assessment.Catalog {
	t.Helper()
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// compileSchema compiles lia's generated schema with an independent validator.
func compileSchema(t testing.TB, cat *assessment.Catalog) *jsonschema.Schema {
	t.Helper()
	b, err := cat.JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the schema is not JSON: %v", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("lia.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("lia.schema.json")
	if err != nil {
		t.Fatalf("compiling the schema: %v", err)
	}
	return sch
}

// yamlToJSON converts a YAML document the way an editor's YAML language server
// sees it: unquoted dates are strings.
func yamlToJSON(data []byte) (any, error) {
	var n yaml.Node
	if err := yaml.Unmarshal(data, &n); err != nil {
		return nil, err
	}
	var strDates func(*yaml.Node)
	strDates = func(n *yaml.Node) {
		if n.Tag == "!!timestamp" {
			n.Tag = "!!str"
		}
		for _, c := range n.Content {
			strDates(c)
		}
	}
	strDates(&n)
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(b))
}

// exampleFiles are the shipped answer files (complete answers, no result).
func exampleFiles(t testing.TB) map[string][]byte {
	t.Helper()
	paths, err := filepath.Glob("../../testdata/examples/*.lia.yaml")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	out := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = b
	}
	return out
}

// fullRecord is what lia assess writes for an answers file.
func fullRecord(t testing.TB, cat *assessment.Catalog, name string, data []byte) []byte {
	t.Helper()
	rec, err := assessment.ParseRecord(name, data, cat.Questionnaire, assessment.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	rec.APIVersion, rec.Kind = assessment.APIVersion, assessment.Kind
	rec.Result = &cat.Rules.Evaluate(rec.Metadata.Jurisdiction, rec.Answers).Result
	b, err := assessment.MarshalRecord(rec, cat.Questionnaire)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

const signatures = `signatures:
  - signer: Ana Ribeiro <ana.ribeiro@example.com>
    role: assessor
    key: SHA256:2a4f1b9c
    signed_at: 2026-11-02T10:00:00Z
    signature: "-----BEGIN SSH SIGNATURE-----"
`

func TestSchemaAcceptsValidRecords(t *testing.T) {
	cat := loadCatalog(t)
	sch := compileSchema(t, cat)
	for name, data := range exampleFiles(t) {
		full := fullRecord(t, cat, name, data)
		for variant, b := range map[string][]byte{
			"answers": data,
			"record":  full,
			"signed":  append(append([]byte(nil), full...), signatures...),
		} {
			v, err := yamlToJSON(b)
			if err != nil {
				t.Fatalf("%s (%s): %v", name, variant, err)
			}
			if err := sch.Validate(v); err != nil {
				t.Errorf("%s (%s): the schema rejects a valid record:\n%v", name, variant, err)
			}
		}
		// And lia agrees that the full records are valid.
		_, ps := cat.Validate(name, full, assessment.ValidateOptions{Limits: assessment.DefaultLimits})
		for _, p := range ps {
			if p.Severity == assessment.SevError {
				t.Errorf("%s: lia rejects its own record: %v", name, p.Error)
			}
		}
	}
}

// TestSchemaRejectsBrokenRecords breaks a valid record one way at a time: the
// schema must reject each, and so must lia validate.
func TestSchemaRejectsBrokenRecords(t *testing.T) {
	cat := loadCatalog(t)
	sch := compileSchema(t, cat)
	ex := exampleFiles(t)
	fraud := string(fullRecord(t, cat, "fraud-detection.lia.yaml", ex["fraud-detection.lia.yaml"]))
	radio := string(fullRecord(t, cat, "radiology-triage-no-art9.lia.yaml", ex["radiology-triage-no-art9.lia.yaml"]))
	cases := []struct {
		name, base, old, new string
	}{
		{"unknown key in metadata", fraud, "  jurisdiction: eu", "  jurisdictoin: eu"},
		{"unknown question", fraud, "    phase: both", "    phase: both\n    mood: happy"},
		{"unknown section", fraud, "answers:\n", "answers:\n  misc: {a: 1}\n"},
		{"unknown top-level key", fraud, "apiVersion: lia/v1", "apiVersion: lia/v1\nremarks: hi"},
		{"bad enum value", fraud, "    phase: both", "    phase: bothh"},
		{"bad value in a list", fraud, "sources: [first_party]", "sources: [first_party, rumours]"},
		{"value listed twice", fraud, "sources: [first_party]", "sources: [first_party, first_party]"},
		{"bad jurisdiction", fraud, "  jurisdiction: eu", "  jurisdiction: us"},
		{"text for a number", fraud, "subject_count: 1200000", "subject_count: many"},
		{"negative number", fraud, "subject_count: 1200000", "subject_count: -1"},
		{"fraction for a whole number", fraud, "subject_count: 1200000", "subject_count: 1.5"},
		{"text for a bool", fraud, "special_category: false", `special_category: "no"`},
		{"scalar for a list", fraud, "sources: [first_party]", "sources: first_party"},
		{"empty text", fraud, "    description: Train", "    description: \"\" # Train"},
		{"bad date", fraud, `review_by: "2027-11-02"`, `review_by: "2027-13-02"`},
		{"date as text", fraud, `review_by: "2027-11-02"`, `review_by: next year`},
		{"bad id", fraud, "  id: card-fraud-detection", "  id: Card Fraud"},
		{"wrong apiVersion", fraud, "apiVersion: lia/v1", "apiVersion: lia/v2"},
		{"wrong kind", fraud, "kind: LegitimateInterestAssessment", "kind: Assessment"},
		{"missing metadata field", fraud, "  controller: Example Payments SA\n", ""},
		{"missing assessor email", fraud, "    email: ana.ribeiro@example.com\n", ""},
		{"missing unconditional answer", fraud, "    lawful: true\n", ""},
		{"missing section", fraud, "  rights:\n    information_provided: true\n    objection_mechanism: true\n    direct_marketing: false\n", ""},
		{"missing conditional answer", radio, "    art9_condition: none\n", ""},
		{"outcome not an outcome", fraud, "  outcome: pass", "  outcome: passed"},
		{"score as text", fraud, "interest_weight: 10", "interest_weight: high"},
		{"unknown finding severity", radio, "severity: blocker", "severity: fatal"},
		{"missing result field", fraud, "  actions: []\n", ""},
		{"signature without role", fraud + signatures, "    role: assessor\n", ""},
		{"signatures not a list", fraud, "  actions: []\n", "  actions: []\nsignatures: yes\n"},
	}
	for _, c := range cases {
		if !strings.Contains(c.base, c.old) {
			t.Fatalf("%s: %q is not in the record", c.name, c.old)
		}
		b := []byte(strings.Replace(c.base, c.old, c.new, 1))
		v, err := yamlToJSON(b)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := sch.Validate(v); err == nil {
			t.Errorf("%s: the schema accepts it", c.name)
		}
		_, ps := cat.Validate("r.lia.yaml", b, assessment.ValidateOptions{Limits: assessment.DefaultLimits})
		if !hasError(ps) {
			t.Errorf("%s: lia validate accepts it", c.name)
		}
	}
}

// TestSchemaLeavesToValidate documents what a schema cannot see: these records
// are schema-valid, and lia validate rejects them.
func TestSchemaLeavesToValidate(t *testing.T) {
	cat := loadCatalog(t)
	sch := compileSchema(t, cat)
	ex := exampleFiles(t)
	fraud := string(fullRecord(t, cat, "fraud-detection.lia.yaml", ex["fraud-detection.lia.yaml"]))
	cases := []struct {
		name, old, new string
		opts           assessment.ValidateOptions
	}{
		{"edited outcome", "  outcome: pass", "  outcome: fail", assessment.ValidateOptions{}},
		{"expired", "", "", assessment.ValidateOptions{Today: "2030-01-01"}},
		{"policy", "", "", assessment.ValidateOptions{FailOn: "pass"}},
	}
	for _, c := range cases {
		b := []byte(strings.Replace(fraud, c.old, c.new, 1))
		v, err := yamlToJSON(b)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err != nil {
			t.Errorf("%s: the schema rejects it: %v", c.name, err)
		}
		c.opts.Limits = assessment.DefaultLimits
		_, ps := cat.Validate("r.lia.yaml", b, c.opts)
		if !hasError(ps) {
			t.Errorf("%s: lia validate accepts it", c.name)
		}
	}
	// A duplicate key never reaches the schema: YAML decoders (and the YAML
	// language server) reject the document first.
	dup := strings.Replace(fraud, "    phase: both", "    phase: both\n    phase: deployment", 1)
	if _, err := yamlToJSON([]byte(dup)); err == nil {
		t.Errorf("duplicate key: the YAML decoder accepts it")
	}
}

func hasError(ps []assessment.Problem) bool {
	for _, p := range ps {
		if p.Severity == assessment.SevError {
			return true
		}
	}
	return false
}

// TestSchemaDeterministic: the same catalogue gives the same bytes.
func TestSchemaDeterministic(t *testing.T) {
	cat := loadCatalog(t)
	a, _ := cat.JSONSchema()
	b, _ := cat.JSONSchema()
	if !bytes.Equal(a, b) {
		t.Error("two runs differ")
	}
}
