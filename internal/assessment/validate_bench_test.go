package assessment_test

import (
	"testing"

	"github.com/lia-project/lia/internal/assessment"
	"go.yaml.in/yaml/v3"
)

// BenchmarkValidateRecord is one record through every keyless check; the
// YAML sub-benchmark is the floor: yaml.v3 building the node tree alone.
func BenchmarkValidateRecord(b *testing.B) {
	cat := loadCatalog(b)
	ex := exampleFiles(b)
	data := fullRecord(b, cat, "fraud.lia.yaml", ex["fraud-detection.lia.yaml"])
	opts := assessment.ValidateOptions{Today: "2026-11-23", ExpiresWithin: 30, FailOn: "fail", Limits: assessment.DefaultLimits}
	b.Run("validate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ps := cat.Validate("fraud.lia.yaml", data, opts); len(ps) > 0 {
				b.Fatal(ps[0].Error)
			}
		}
	})
	// The same as lia validate runs it: the record released once checked.
	b.Run("released", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rec, ps := cat.Validate("fraud.lia.yaml", data, opts)
			if len(ps) > 0 {
				b.Fatal(ps[0].Error)
			}
			rec.Release()
		}
	})
	// The same record through an independent validator: YAML to JSON values,
	// then santhosh-tekuri/jsonschema against lia's schema. It checks less (no
	// recomputed result, dates, policy), so it is a yardstick, not a rival.
	b.Run("jsonschema", func(b *testing.B) {
		sch := compileSchema(b, cat)
		b.ReportAllocs()
		for b.Loop() {
			v, err := yamlToJSON(data)
			if err != nil {
				b.Fatal(err)
			}
			if err := sch.Validate(v); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("yaml", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var n yaml.Node
			if err := yaml.Unmarshal(data, &n); err != nil {
				b.Fatal(err)
			}
		}
	})
}
