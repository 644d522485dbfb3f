package assessment_test

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/lia-project/lia/internal/assessment"
)

func readQuestionnaire(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../templates/questionnaire.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMetadataSpecRefusesBadDescriptions breaks the metadata description one
// way at a time: each is refused at load time, with the line of the mistake.
func TestMetadataSpecRefusesBadDescriptions(t *testing.T) {
	good := readQuestionnaire(t)
	if _, err := assessment.ParseQuestionnaire([]byte(good)); err != nil {
		t.Fatalf("the shipped questionnaire: %v", err)
	}
	cases := []struct {
		name     string
		old, new string
		at       string // the text on the line the error must name; new when empty
		want     string
	}{
		{"unknown type", "        type: email\n", "        type: mail\n", "", `unknown type "mail"`},
		{"misspelt key", "    prompt: Record ID\n", "    promt: Record ID\n", "", `did you mean "prompt"?`},
		{"duplicate key", "    prompt: Record ID\n", "    prompt: Record ID\n    prompt: ID\n", "    prompt: ID\n", `duplicate key "prompt"`},
		{"field described twice", "  - key: controller\n", "  - key: title\n", "", "title is described twice"},
		{"field the record lacks", "  - key: controller\n", "  - key: controler\n", "", "controler: the record has no such field"},
		{"field left out", "  - key: jurisdiction\n    type: enum\n", "  - key: dpo_name\n    type: enum\n", "  - key: dpo_name\n", "no such field"},
		{"enum without values", "    type: enum\n    values:\n      - value: eu\n        label: EU GDPR\n      - value: uk\n        label: UK GDPR\n",
			"    type: enum\n", "  - key: jurisdiction\n", "an enum field needs values"},
		{"values on text", "    type: text\n    description: What processing", "    type: text\n    values: [{value: a}]\n    description: What processing", "  - key: title\n", "only an enum field has values"},
		{"repeated value", "      - value: uk\n", "      - value: eu\n", "", `bad or repeated value "eu"`},
		{"bool for a text field", "        type: email\n", "        type: bool\n", "", "a bool field needs a yes/no field"},
		{"text for a bool field", "        type: bool\n", "        type: text\n", "", "a text field needs a text field"},
		{"optional id", "    type: id\n", "    type: id\n    optional: true\n", "    optional: true\n", "only text fields can be optional"},
		{"optional not a bool", "        optional: true\n        when: dpo.consulted\n        prompt: The DPO's name\n",
			"        optional: maybe\n        when: dpo.consulted\n        prompt: The DPO's name\n", "        optional: maybe\n", "optional must be true or false"},
		{"when on a required field", "        optional: true\n        when: dpo.consulted\n        prompt: The DPO's name\n",
			"        when: dpo.consulted\n        prompt: The DPO's name\n", "        when: dpo.consulted\n        prompt: The DPO's name\n", "only an optional field can depend on another"},
		{"when on an unknown field", "        when: dpo.consulted\n        prompt: The DPO's name\n", "        when: dpo.consultd\n        prompt: The DPO's name\n", "        when: dpo.consultd\n", `no field "dpo.consultd"`},
		{"when on a text field", "        when: dpo.consulted\n        prompt: The DPO's name\n", "        when: title\n        prompt: The DPO's name\n", "        when: title\n", "title is a text field, not bool"},
		{"not_before on a text field", "    not_before: assessed_on\n", "    not_before: title\n", "", "title is a text field, not date"},
		{"not_before on itself", "    not_before: assessed_on\n", "    not_before: review_by\n", "", "cannot refer to itself"},
		{"unknown default", "    default: today\n", "    default: tomorrow\n", "", `"tomorrow" is not one of`},
		{"today for an id", "    default: slug(title)\n", "    default: today\n", "", "today is a default for a date field"},
		{"slug of a date", "    default: slug(title)\n", "    default: slug(assessed_on)\n", "", "assessed_on is a date field, not text"},
		{"default from nowhere", "    default: assessed_on + 1 year\n", "    default: assessed_in + 1 year\n", "", `no field "assessed_in"`},
		{"defaults that read each other", "    default: today\n", "    default: review_by + 1 day\n", "  - key: assessed_on\n", "read each other"},
		{"no prompt", "    prompt: Record ID\n", "", "  - key: id\n", "a prompt is needed"},
		{"no type", "    type: id\n", "", "  - key: id\n", "a type (text, email, date, id, enum, bool) or fields are needed"},
		{"group with a type", "  - key: assessor\n", "  - key: assessor\n    type: text\n", "    type: text\n", "a group of fields has no type"},
		{"fields on a value", "  - key: controller\n", "  - key: controller\n    fields: [{key: x, type: text, prompt: X}]\n", "    fields: [", "holds a single value, not a group"},
		{"text not text", "    prompt: Record ID\n", "    prompt: [Record, ID]\n", "", "prompt must be text"},
		{"bad key", "  - key: controller\n", "  - key: Controller\n", "", `bad or missing key "Controller"`},
		{"not a list", "metadata:\n  - key: id\n", "metadata:\n  first:\n  - key: id\n", "  first:\n", "metadata must be a list of fields"},
	}
	for _, c := range cases {
		src := strings.Replace(good, c.old, c.new, 1)
		if src == good {
			t.Fatalf("%s: the edit did not apply", c.name)
		}
		at := c.at
		if at == "" {
			at = c.new
		}
		// The line is that of the last copy of at that starts before the edit ends.
		i := strings.LastIndex(src[:strings.Index(good, c.old)+len(c.new)], at)
		if i < 0 {
			t.Fatalf("%s: %q is not in the edited questionnaire", c.name, at)
		}
		checkLoadError(t, c.name, src, strings.Count(src[:i], "\n")+1, c.want)
	}
	// A field of the record that the description leaves out: the error names
	// the list of its group's fields.
	src := regexp.MustCompile(`(?s)      - key: opinion\n.*?Leave empty if none was given.\n`).ReplaceAllString(good, "")
	checkLoadError(t, "record field not described", src, strings.Count(src[:strings.Index(src, "      - key: consulted\n")], "\n")+1,
		"the record's field dpo.opinion is not described")
	// The catalogue lia loads must describe the record's metadata.
	src = regexp.MustCompile(`(?s)\nmetadata:\n.*?\nsections:\n`).ReplaceAllString(good, "\nsections:\n")
	if _, err := assessment.LoadQuestionnaire(fstest.MapFS{"questionnaire.yaml": {Data: []byte(src)}}); err == nil || !strings.Contains(err.Error(), "no metadata block") {
		t.Errorf("no metadata block: error %v", err)
	}
}

// TestMetadataSpecMatchesSpec: the described fields are those of the metadata
// table of spec/questions.md, with its types.
func TestMetadataSpecMatchesSpec(t *testing.T) {
	data, err := os.ReadFile("../../testdata/spec/questions.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, _ := strings.Cut(string(data), "## metadata")
	table, _, _ = strings.Cut(table, "\n## ")
	want := map[string]string{}
	row := regexp.MustCompile(`^\| metadata\.([a-z_.]+)((?: / \.[a-z_]+)*) \| ([^|]+) \|`)
	for _, line := range strings.Split(table, "\n") {
		m := row.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		typ := strings.TrimSpace(m[3])
		want[m[1]] = typ
		if m[2] != "" {
			parent := m[1][:strings.LastIndex(m[1], ".")+1]
			for _, more := range strings.Split(strings.TrimPrefix(m[2], " / ."), " / .") {
				want[parent+more] = typ
			}
		}
	}
	spec := catalog(t).Questionnaire.Metadata
	var got []string
	for _, f := range spec.Leaves() {
		got = append(got, f.Key)
		w, ok := want[f.Key]
		if !ok {
			t.Errorf("%s is described but not in the spec", f.Key)
			continue
		}
		switch f.Type {
		case assessment.MetaEnum:
			vals := make([]string, len(f.Values))
			for i, v := range f.Values {
				vals[i] = v.Value
			}
			if w != "enum: "+strings.Join(vals, ", ") {
				t.Errorf("%s: enum %v, spec %q", f.Key, vals, w)
			}
		case assessment.MetaID, assessment.MetaEmail, assessment.MetaText:
			if !strings.HasPrefix(w, "text") || strings.Contains(w, "optional") != f.Optional {
				t.Errorf("%s: %s (optional %v), spec %q", f.Key, f.Type, f.Optional, w)
			}
		default:
			if w != string(f.Type) {
				t.Errorf("%s: %s, spec %q", f.Key, f.Type, w)
			}
		}
	}
	for k := range want {
		if !slices.Contains(got, k) {
			t.Errorf("%s is in the spec but not described", k)
		}
	}
}

// checkLoadError loads src and wants an error at line that says want.
func checkLoadError(t *testing.T, name, src string, line int, want string) {
	t.Helper()
	_, err := assessment.ParseQuestionnaire([]byte(src))
	if err == nil {
		t.Errorf("%s: the questionnaire loaded, want an error", name)
		return
	}
	prefix := fmt.Sprintf("questionnaire.yaml:%d: metadata: ", line)
	if got := err.Error(); !strings.HasPrefix(got, prefix) || !strings.Contains(got, want) {
		t.Errorf("%s: error %q, want %q...%q", name, got, prefix, want)
	}
}

func metaField(t *testing.T, key string) *assessment.MetaField {
	t.Helper()
	f := catalog(t).Questionnaire.Metadata.Field(key)
	if f == nil {
		t.Fatalf("no metadata field %s", key)
	}
	return f
}

// oldEmailCheck is the check the interview made before the rule moved into
// the description; the shared rule must accept exactly what it accepted.
func oldEmailCheck(s string) bool {
	at := strings.Index(s, "@")
	return !(at < 1 || at == len(s)-1 || strings.ContainsAny(s, " \t"))
}

// TestMetaFieldCheck is the one rule per format that the parser and the
// interview share.
func TestMetaFieldCheck(t *testing.T) {
	m := &assessment.Metadata{AssessedOn: "2026-11-02"}
	cases := []struct {
		key, value string
		check      string // "" when the value is good
		msg        string
	}{
		{"id", "card-fraud", "", ""},
		{"id", "0-start", "", ""},
		{"id", strings.Repeat("a", 128), "", ""},
		{"id", strings.Repeat("a", 129), assessment.CheckValue, "at most 128"},
		{"id", "Card_Fraud", assessment.CheckValue, `id "Card_Fraud" must be lowercase letters, digits and dashes`},
		{"id", "-card", assessment.CheckValue, "starting with a letter or digit"},
		{"assessor.email", "ana@example.com", "", ""},
		{"assessor.email", "a@b", "", ""},
		{"assessor.email", "a@b@c", "", ""},
		{"assessor.email", "ana", assessment.CheckValue, `expected an e-mail address such as ana@example.com, found "ana"`},
		{"assessor.email", "@example.com", assessment.CheckValue, "e-mail address"},
		{"assessor.email", "ana@", assessment.CheckValue, "e-mail address"},
		{"assessor.email", "ana @example.com", assessment.CheckValue, "e-mail address"},
		{"assessor.email", "ana@example.com\t", assessment.CheckValue, "e-mail address"},
		{"assessed_on", "2026-02-28", "", ""},
		{"assessed_on", "2026-02-30", assessment.CheckValue, `expected a date as YYYY-MM-DD, found "2026-02-30"`},
		{"assessed_on", "2026-2-3", assessment.CheckValue, "YYYY-MM-DD"},
		{"review_by", "2026-11-02", "", ""},
		{"review_by", "2027-11-02", "", ""},
		{"review_by", "2026-11-01", assessment.CheckValue, "review date 2026-11-01 is before the assessment date 2026-11-02"},
		{"jurisdiction", "eu", "", ""},
		{"jurisdiction", "uk", "", ""},
		{"jurisdiction", "us", assessment.CheckEnum, `unknown value "us"; allowed: eu, uk`},
		{"jurisdiction", "EU", assessment.CheckEnum, "allowed: eu, uk"},
		{"title", "anything at all", "", ""},
	}
	for _, c := range cases {
		e := metaField(t, c.key).Check(m, c.value)
		switch {
		case c.check == "" && e != nil:
			t.Errorf("%s %q: %v, want no error", c.key, c.value, e)
		case c.check != "" && e == nil:
			t.Errorf("%s %q: no error, want %s", c.key, c.value, c.check)
		case e != nil && (e.Check != c.check || !strings.Contains(e.Msg, c.msg)):
			t.Errorf("%s %q: %s %q, want %s %q", c.key, c.value, e.Check, e.Msg, c.check, c.msg)
		}
	}
	// A date is not compared with one that is not there.
	if e := metaField(t, "review_by").Check(&assessment.Metadata{}, "2000-01-01"); e != nil {
		t.Errorf("review_by without an assessment date: %v", e)
	}
	// The e-mail rule is the interview's old one, on every kind of input.
	email := metaField(t, "assessor.email")
	for _, s := range []string{"", "@", "a@", "@a", "a@b", "a@@b", "@@", "a b@c", "a@b c", "a\t@b", "a@b\n", "a\n@b",
		"é@ü", "a@b@", "ab@c@d", " a@b", "a@b ", "a", "a.b@c.d", "@a@b", "a@\u00a0"} {
		got := email.Check(m, s) == nil
		if want := oldEmailCheck(s); got != want {
			t.Errorf("e-mail %q: accepted %v, the interview accepted %v", s, got, want)
		}
	}
}

// TestParserAppliesFieldChecks: the parser refuses what Check refuses, where
// the value is in the file.
func TestParserAppliesFieldChecks(t *testing.T) {
	q := catalog(t).Questionnaire
	rec := func(meta string) string {
		return "apiVersion: lia/v1\nkind: LegitimateInterestAssessment\nmetadata:\n" + meta + "answers: {}\n"
	}
	cases := []struct {
		name, src   string
		field, chk  string
		line, col   int
		msgContains string
	}{
		{"bad email", rec("  assessor:\n    email: ana.example.com\n"), "metadata.assessor.email", assessment.CheckValue, 5, 12, `found "ana.example.com"`},
		{"review before assessment", rec("  assessed_on: 2026-11-02\n  review_by: 2026-01-01\n"), "metadata.review_by", assessment.CheckValue, 5, 14, "review date 2026-01-01 is before the assessment date 2026-11-02"},
		{"review before assessment, written first", rec("  review_by: 2026-01-01\n  assessed_on: 2026-11-02\n"), "metadata.review_by", assessment.CheckValue, 4, 14, "is before the assessment date"},
		{"bad jurisdiction", rec("  jurisdiction: de\n"), "metadata.jurisdiction", assessment.CheckEnum, 4, 17, `unknown value "de"; allowed: eu, uk`},
		{"dpo consulted not a bool", rec("  dpo:\n    consulted: maybe\n"), "metadata.dpo.consulted", assessment.CheckType, 5, 16, "true or false"},
		{"unknown assessor key", rec("  assessor:\n    phone: 1\n"), "metadata.assessor.phone", assessment.CheckUnknownKey, 5, 5, "known keys here: name, email, role"},
	}
	for _, c := range cases {
		_, err := assessment.ParseRecord("r.lia.yaml", []byte(c.src), q, assessment.DefaultLimits)
		errs, _ := err.(assessment.Errors)
		if len(errs) != 1 {
			t.Errorf("%s: %v, want one error", c.name, err)
			continue
		}
		e := errs[0]
		if e.Field != c.field || e.Check != c.chk || e.Line != c.line || e.Col != c.col || !strings.Contains(e.Msg, c.msgContains) {
			t.Errorf("%s: %d:%d %s [%s] %q, want %d:%d %s [%s] ...%q", c.name, e.Line, e.Col, e.Field, e.Check, e.Msg, c.line, c.col, c.field, c.chk, c.msgContains)
		}
	}
	// What is good reads back whole, the DPO's optional texts empty or null.
	r, err := assessment.ParseRecord("r.lia.yaml", []byte(rec("  assessor:\n    email: ana@example.com\n  assessed_on: 2026-11-02\n  review_by: 2026-11-02\n  dpo:\n    consulted: false\n    name:\n    opinion: \"\"\n")), q, assessment.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if m := r.Metadata; m.Assessor.Email != "ana@example.com" || m.ReviewBy != "2026-11-02" || m.DPO.Consulted == nil || *m.DPO.Consulted {
		t.Errorf("read %+v", m)
	}
}

func TestMissingMetadata(t *testing.T) {
	q := catalog(t).Questionnaire
	want := "metadata.id metadata.title metadata.controller metadata.assessor.name metadata.assessor.email metadata.assessor.role " +
		"metadata.assessed_on metadata.review_by metadata.jurisdiction metadata.dpo.consulted"
	if got := strings.Join(q.MissingMetadata(assessment.Metadata{}), " "); got != want {
		t.Errorf("missing from nothing:\n%s\nwant:\n%s", got, want)
	}
	if got := q.MissingMetadata(exampleMetadata()); len(got) != 0 {
		t.Errorf("missing from a full record: %v", got)
	}
	f := false
	m := exampleMetadata()
	m.Assessor.Email, m.DPO = "", assessment.DPO{Consulted: &f}
	if got := strings.Join(q.MissingMetadata(m), " "); got != "metadata.assessor.email" {
		t.Errorf("missing: %s, want metadata.assessor.email", got)
	}
}

// TestMetaFieldDefaults: the interview's defaults and order come from the
// description.
func TestMetaFieldDefaults(t *testing.T) {
	spec := catalog(t).Questionnaire.Metadata
	m := &assessment.Metadata{Title: "Card fraud (EU)"}
	const today = "2026-11-23"
	for _, c := range []struct{ key, want string }{
		{"id", "card-fraud-eu"},
		{"assessed_on", today},
		{"review_by", ""}, // no assessment date yet
		{"title", ""},
		{"jurisdiction", ""},
	} {
		if got := spec.Field(c.key).DefaultValue(m, today); got != c.want {
			t.Errorf("default of %s = %q, want %q", c.key, got, c.want)
		}
	}
	m.AssessedOn = "2024-02-29"
	if got := spec.Field("review_by").DefaultValue(m, today); got != "2025-03-01" {
		t.Errorf("review_by default = %q, want a year after the assessment", got)
	}
	var order []string
	for _, f := range spec.AskOrder() {
		order = append(order, f.Key)
	}
	want := "title id controller assessor.name assessor.email assessor.role assessed_on review_by jurisdiction dpo.consulted dpo.name dpo.opinion"
	if got := strings.Join(order, " "); got != want {
		t.Errorf("asked in the order\n%s\nwant\n%s", got, want)
	}
	// The DPO's name is asked only once the DPO was consulted.
	name := spec.Field("dpo.name")
	yes, no := true, false
	for _, c := range []struct {
		consulted *bool
		want      bool
	}{{nil, false}, {&no, false}, {&yes, true}} {
		if got := name.Applies(&assessment.Metadata{DPO: assessment.DPO{Consulted: c.consulted}}); got != c.want {
			t.Errorf("dpo.name applies with consulted %v: %v", c.consulted, got)
		}
	}
}

func TestMetaFieldParseInput(t *testing.T) {
	m := &assessment.Metadata{AssessedOn: "2026-11-02"}
	for _, c := range []struct {
		key, in, want string
		ok            bool
	}{
		{"title", "  Card fraud ", "Card fraud", true},
		{"title", "  ", "", false},
		{"dpo.name", "", "", true},
		{"assessor.email", " ana@example.com ", "ana@example.com", true},
		{"assessor.email", "ana", "", false},
		{"review_by", "2026-11-01", "", false},
		{"review_by", " 2027-11-02", "2027-11-02", true},
	} {
		got, err := metaField(t, c.key).ParseInput(m, c.in)
		if got != c.want || (err == nil) != c.ok {
			t.Errorf("%s %q: %q, %v; want %q, ok %v", c.key, c.in, got, err, c.want, c.ok)
		}
	}
}

func TestMetaFieldTextAndSet(t *testing.T) {
	m := &assessment.Metadata{}
	consulted := metaField(t, "dpo.consulted")
	for _, s := range []string{"true", "false", ""} {
		consulted.Set(m, s)
		if got := consulted.Text(m); got != s {
			t.Errorf("dpo.consulted set to %q reads %q", s, got)
		}
	}
	email := metaField(t, "assessor.email")
	email.Set(m, "ana@example.com")
	if m.Assessor.Email != "ana@example.com" || email.Text(m) != "ana@example.com" {
		t.Errorf("assessor.email: %+v", m.Assessor)
	}
}

// TestSchemaAndValidateRefuseBadEmail: the schema has the parser's e-mail rule.
func TestSchemaAndValidateRefuseBadEmail(t *testing.T) {
	cat := loadCatalog(t)
	sch := compileSchema(t, cat)
	ex := exampleFiles(t)
	fraud := string(fullRecord(t, cat, "fraud-detection.lia.yaml", ex["fraud-detection.lia.yaml"]))
	for _, bad := range []string{"ana.ribeiro", "@example.com", "ana ribeiro@example.com", "ana@"} {
		b := []byte(strings.Replace(fraud, "email: ana.ribeiro@example.com", fmt.Sprintf("email: %q", bad), 1))
		v, err := yamlToJSON(b)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); err == nil {
			t.Errorf("%q: the schema accepts it", bad)
		}
		if _, ps := cat.Validate("r.lia.yaml", b, assessment.ValidateOptions{Limits: assessment.DefaultLimits}); !hasError(ps) {
			t.Errorf("%q: lia validate accepts it", bad)
		}
	}
}
