package interview

import (
	"fmt"
	"io"
	"strings"

	"github.com/lia-project/lia/internal/assessment"
)

// prepareAnswers drops answers to questions that do not apply and fills what
// can be derived without asking.
func (o *Options) prepareAnswers(rec *assessment.Record, source string) {
	cat := o.Catalog
	for _, id := range cat.Questionnaire.Irrelevant(rec.Answers) {
		o.Warnf("%s: answers.%s does not apply to this assessment; dropped", source, id)
	}
	rec.Answers = cat.Questionnaire.Prune(rec.Answers)
	// A record is named after its id, so a missing id takes its default (a
	// slug of the title) before anything is asked. No other default is
	// filled without asking: a date must be someone's answer.
	for _, f := range cat.Questionnaire.Metadata.Leaves() {
		if f.Type == assessment.MetaID && f.Text(&rec.Metadata) == "" {
			f.Set(&rec.Metadata, f.DefaultValue(&rec.Metadata, ""))
		}
	}
}

func missingIDs(cat *assessment.Catalog, rec *assessment.Record) []string {
	missing := cat.Questionnaire.MissingMetadata(rec.Metadata)
	for _, id := range cat.Questionnaire.Missing(rec.Answers) {
		missing = append(missing, "answers."+id)
	}
	return missing
}

func missingErr(cat *assessment.Catalog, source string, missing []string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%d answers are missing from %s:", len(missing), source)
	for _, id := range missing {
		b.WriteString("\n  " + id)
		if q := cat.Questionnaire.Question(strings.TrimPrefix(id, "answers.")); q != nil {
			b.WriteString("  (" + q.Prompt + ")")
		}
	}
	return usageErr("add them to "+source+", or run lia assess --answers "+source+" in a terminal to be asked",
		"%s", b.String())
}

// finishRecord computes the result, writes the record to out (default
// <id>.lia.yaml) and prints the decision.
func (o *Options) finishRecord(rec *assessment.Record, out string, force bool) error {
	rec.APIVersion, rec.Kind = assessment.APIVersion, assessment.Kind
	rec.Result = o.evaluate(rec)
	if len(rec.Signatures) > 0 {
		o.Warnf("the %d signature(s) of the input were not carried over: the record is new, sign it again", len(rec.Signatures))
		rec.Signatures = nil
	}
	if out == "" {
		out = rec.Metadata.ID + ".lia.yaml"
	}
	return o.writeResult(rec, out, force)
}

// evaluate computes a record's result from its answers.
func (o *Options) evaluate(rec *assessment.Record) *assessment.Result {
	ev := o.Catalog.Rules.Evaluate(rec.Metadata.Jurisdiction, rec.Answers)
	return &ev.Result
}

// writeResult writes a record with its result and prints the decision.
func (o *Options) writeResult(rec *assessment.Record, out string, force bool) error {
	if err := o.WriteRecord(out, rec, force); err != nil {
		return err
	}
	fmt.Fprintf(o.Out, "%s: outcome %s\n", out, rec.Result.Outcome)
	writeDecision(o.Out, rec.Result)
	fmt.Fprintf(o.Out, "Reasons and scores: lia explain %s\n", out)
	return nil
}

// writeDecision prints the outcome, each test's status, the blockers and the actions.
func writeDecision(w io.Writer, r *assessment.Result) {
	fmt.Fprintf(w, "  %s\n", OutcomeSentence(r.Outcome))
	fmt.Fprintf(w, "  purpose test:   %-11s %s\n", r.Tests.Purpose.Status, r.Tests.Purpose.Reason)
	fmt.Fprintf(w, "  necessity test: %-11s %s\n", r.Tests.Necessity.Status, r.Tests.Necessity.Reason)
	fmt.Fprintf(w, "  balancing test: %-11s %s\n", r.Tests.Balancing.Status, r.Tests.Balancing.Reason)
	for _, f := range r.Findings {
		if f.Severity == assessment.SeverityBlocker {
			fmt.Fprintf(w, "  blocker %s: %s\n", f.ID, f.Message)
		}
	}
	if len(r.Actions) > 0 {
		fmt.Fprintln(w, "  Actions:")
		for i, x := range r.Actions {
			fmt.Fprintf(w, "    %d. %s\n", i+1, x)
		}
	}
}

// OutcomeSentence says in one sentence what an outcome means for the processing.
func OutcomeSentence(o string) string {
	switch o {
	case assessment.OutcomePass:
		return "PASS: legitimate interest is a defensible basis for this processing as designed."
	case assessment.OutcomeConditional:
		return "CONDITIONAL: legitimate interest can be relied on only once the actions below are done."
	}
	return "FAIL: legitimate interest cannot be relied on as designed; another basis or a redesign is needed."
}
