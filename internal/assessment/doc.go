// Package assessment is where lia's judgement lives: the rules as data and the
// records they judge. It is pure (values and readers in, values out; no clock,
// no files, no prompts, no PDF), and it has three layers, each in its files:
//   - the rules: the questionnaire with its metadata description and its
//     condition language (questionnaire.go, metadata.go, cond.go, flow.go) and
//     the scoring rules (scoring.go), loaded from an fs.FS and checked at load
//     with file:line errors;
//   - the record: its model (record.go, reasoning.go), the strict parser that
//     refuses unknown and duplicate keys and YAML that readers disagree on
//     (parse.go), the writer (node.go, write.go), the RFC 8785 canonical form
//     that signatures cover (canonical.go), the JSON Schema (schema.go), the
//     question catalogue (catalogue_md.go) and the comparison of two records
//     (diff.go);
//   - the engine: Evaluate (scoring.go), a deterministic function from answers
//     and rules to a result in which every finding names its rule, its answers
//     and its reference, and the checks a record must pass (check.go,
//     validate.go).
//
// Every metadata field is described once, in templates/questionnaire.yaml;
// the parser, the interview, the schema, the writer, the canonical form and
// the diff derive from that description, and this package is the only one
// whose code names the fields.
package assessment
