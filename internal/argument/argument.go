// Package argument states an assessment's case in sentences: for each of the
// three tests what the answers say (the interest and its benefits; why the
// processing is necessary and what was considered instead; the risks, the
// safeguards and why the balance tips as it does), and the decision. The
// interview offers these sentences as the draft of the assessor's
// justification; the PDF and Markdown reports print them beside the
// justification. The rules it keeps:
//   - one sentence per fact, built only from the record: answers are quoted
//     as given or named by their labels, never paraphrased by guesswork;
//   - a question without an answer gives no sentence, so a partial record (a
//     draft during the interview) gives a partial case;
//   - text is returned as written: escaping is the job of whoever prints it.
package argument

import (
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lia-project/lia/internal/assessment"
)

// Tests are the parts of the case that answers state, in order.
var Tests = []string{"purpose", "necessity", "balancing"}

// Titles name the parts of a justification.
var Titles = map[string]string{
	"purpose":   "Purpose test: is the interest legitimate?",
	"necessity": "Necessity test: is the processing necessary for it?",
	"balancing": "Balancing test: do people's interests override it?",
	"decision":  "The decision",
}

type reader struct {
	a assessment.Answers
	q *assessment.Questionnaire
}

func (r reader) val(id string) (assessment.Value, *assessment.Question, bool) {
	qu := r.q.Question(id)
	v, ok := r.a[id]
	return v, qu, ok && qu != nil
}

func (r reader) text(id string) string {
	if v, _, ok := r.val(id); ok {
		return strings.TrimSpace(v.Text)
	}
	return ""
}

// boolean returns the answer to a yes/no question and whether there is one.
func (r reader) boolean(id string) (bool, bool) {
	v, _, ok := r.val(id)
	return v.Bool, ok
}

// label is an enum answer's label, its first letter lower case; "" without answer.
func (r reader) label(id string) string {
	v, qu, ok := r.val(id)
	if !ok || v.Text == "" {
		return ""
	}
	return lowerFirst(qu.Label(v.Text))
}

func (r reader) value(id string) string {
	v, _, _ := r.val(id)
	return v.Text
}

// labels are a multiple choice answer's labels, lower case first letters.
func (r reader) labels(id string) ([]string, bool) {
	v, qu, ok := r.val(id)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(v.List))
	for _, x := range v.List {
		out = append(out, lowerFirst(qu.Label(x)))
	}
	return out, true
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	// Keep acronyms and names ("DPIA", "EU GDPR") as they are.
	if n == 0 || (len(s) > n && unicode.IsUpper(rune(s[n]))) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// sentence ends s with a full stop unless it ends with punctuation.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	if strings.ContainsRune(".!?", rune(s[len(s)-1])) {
		return s
	}
	return s + "."
}

// list joins items as prose: "a, b and c".
func list(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

// Facts returns the sentences the answers give for one test: purpose,
// necessity or balancing. With a result, the balancing test also states the
// scores it was decided on.
func Facts(a assessment.Answers, q *assessment.Questionnaire, res *assessment.Result, test string) []string {
	r := reader{a, q}
	var out []string
	add := func(format string, args ...any) {
		if s := sentence(fmt.Sprintf(format, args...)); s != "" {
			out = append(out, s)
		}
	}
	yesNo := func(id, yes, no string) {
		if b, ok := r.boolean(id); ok {
			if b {
				add("%s", yes)
			} else {
				add("%s", no)
			}
		}
	}
	switch test {
	case "purpose":
		if s := r.text("purpose.interest"); s != "" {
			add("The interest pursued: %s", s)
		}
		if s := r.label("purpose.interest_holder"); s != "" {
			add("It is the interest of %s", s)
		}
		if s := r.label("purpose.interest_type"); s != "" {
			add("It is a matter of %s", s)
		}
		if s := r.text("purpose.benefits"); s != "" {
			add("The benefits expected: %s", s)
		}
		yesNo("purpose.public_benefit", "The processing also brings a wider benefit to the public", "")
		if s := r.label("purpose.impact_if_not_done"); s != "" {
			add("Without the processing the impact would be %s", s)
		}
		lawful, ok1 := r.boolean("purpose.lawful")
		real, ok2 := r.boolean("purpose.real_and_present")
		switch {
		case ok1 && ok2 && lawful && real:
			add("The interest is lawful under every law that applies, and real and present rather than speculative")
		default:
			yesNo("purpose.lawful", "The interest is lawful under every law that applies", "The interest is not lawful under every law that applies")
			yesNo("purpose.real_and_present", "The interest is real and present", "The interest is speculative rather than real and present")
		}
		yesNo("purpose.other_law_requires_consent", "Another law requires consent for this processing", "")
		if r.value("reuse.purpose_link") != "" && r.value("reuse.consequences") != "" {
			add("The data is reused: the new purpose is %s, and the consequences of the reuse for people would be %s", r.label("reuse.purpose_link"), r.label("reuse.consequences"))
		}
	case "necessity":
		yesNo("necessity.effective", "The processing helps achieve the interest", "The processing does not help achieve the interest")
		yesNo("necessity.achievable_without_personal_data", "The purpose could be achieved without personal data", "The purpose cannot reasonably be achieved without personal data")
		yesNo("necessity.less_intrusive_means", "A less intrusive means would achieve it as well", "No less intrusive means would achieve it as well")
		yesNo("necessity.less_data_would_do", "Much less personal data would achieve the purpose", "Much less personal data would not achieve it")
		if s := r.label("necessity.data_scope"); s != "" {
			add("The processing uses %s", s)
		}
		if alts, ok := r.labels("necessity.alternatives_considered"); ok {
			if len(alts) == 0 {
				add("No less intrusive alternative was examined")
			} else {
				add("The alternatives examined were %s", list(alts))
			}
		}
		if s := r.text("necessity.alternatives_rationale"); s != "" {
			add("Why they would not achieve the purpose: %s", s)
		}
		if ms, ok := r.labels("necessity.minimisation"); ok {
			if len(ms) == 0 {
				add("No data minimisation measure is applied")
			} else {
				add("Data is minimised: %s", strings.Join(ms, "; "))
			}
		}
		if v, _, ok := r.val("necessity.retention_months"); ok {
			add("The training data is kept for %s", textfmt.Plural(v.Int, "month"))
		}
	case "balancing":
		if s := r.label("balancing.relationship"); s != "" {
			add("Relationship with the people concerned: %s", s)
		}
		if s := r.label("balancing.reasonable_expectation"); s != "" {
			add("Reasonable expectations: %s", s)
		}
		yesNo("balancing.told_at_collection", "People were told at collection that their data might be used this way",
			"People were not told at collection that their data might be used this way")
		if im, ok := r.labels("balancing.impacts"); ok && len(im) > 0 {
			add("The main risks: %s", strings.Join(im, "; "))
		}
		if sev, lik := r.label("balancing.severity"), r.label("balancing.likelihood"); sev != "" && lik != "" {
			add("The worst plausible effect would be %s; its likelihood is %s", strings.TrimSuffix(sev, "."), lik)
		}
		yesNo("balancing.automated_decisions", "The outputs feed decisions with legal or similarly significant effects on people",
			"The outputs do not feed decisions with legal or similarly significant effects on people")
		if sg := safeguards(r); len(sg) > 0 {
			add("The safeguards: %s", strings.Join(sg, "; "))
		}
		info, ok1 := r.boolean("rights.information_provided")
		obj, ok2 := r.boolean("rights.objection_mechanism")
		if ok1 && ok2 {
			switch {
			case info && obj:
				add("People are told of the processing and of the interest relied on, and have a working way to object")
			case info:
				add("People are told of the processing, but have no working way to object")
			case obj:
				add("People have a way to object, but are not told of the processing and the interest relied on")
			default:
				add("People are neither told of the processing nor given a working way to object")
			}
		}
		if s := r.text("balancing.positive_impacts"); s != "" {
			add("For the people concerned: %s", s)
		}
		if res != nil {
			sc := res.Scores
			if sc.ResidualRisk < sc.InherentRisk {
				add("The safeguards bring the inherent risk of %s down to a residual risk of %s, against an interest weight of %s",
					num(sc.InherentRisk), num(sc.ResidualRisk), num(sc.InterestWeight))
			} else {
				add("No safeguard reduces the inherent risk of %s, against an interest weight of %s", num(sc.InherentRisk), num(sc.InterestWeight))
			}
		}
	}
	return out
}

// safeguards names the safeguards the answers say are applied.
func safeguards(r reader) []string {
	var out []string
	on := func(id, name string) {
		if b, ok := r.boolean(id); ok && b {
			out = append(out, name)
		}
	}
	on("safeguards.pseudonymisation", "pseudonymisation")
	if v := r.value("safeguards.anonymisation"); v != "" && v != "none" {
		out = append(out, "anonymisation ("+r.label("safeguards.anonymisation")+")")
	}
	if b, ok := r.boolean("safeguards.differential_privacy"); ok && b {
		dp := "differential privacy"
		if e, _, ok := r.val("safeguards.dp_epsilon"); ok {
			dp += " (epsilon " + num(e.Number)
			if u := r.value("safeguards.dp_unit"); u == "user" {
				dp += ", per person"
			} else if u == "example" {
				dp += ", per training example"
			}
			dp += ")"
		}
		out = append(out, dp)
	}
	if v := r.value("safeguards.synthetic_data"); v != "" && v != "none" {
		out = append(out, r.label("safeguards.synthetic_data"))
	}
	if b, ok := r.boolean("safeguards.masking"); ok && b {
		m := "masking of identifiers"
		if ft, ok := r.boolean("safeguards.masking_free_text"); ok && ft {
			m += ", also inside free text"
		}
		out = append(out, m)
	}
	on("safeguards.sensitive_filtering", "filtering of sensitive content")
	on("safeguards.memorisation_testing", "memorisation testing")
	on("safeguards.output_filtering", "output filtering")
	switch r.value("safeguards.opt_out") {
	case "", "none":
	default:
		o := r.label("safeguards.opt_out")
		if d, _, ok := r.val("safeguards.waiting_period_days"); ok {
			o += fmt.Sprintf(", %s ahead", textfmt.Plural(d.Int, "day"))
		}
		out = append(out, o)
	}
	on("safeguards.erasure_beyond_art17", "erasure on request beyond Art. 17")
	on("safeguards.age_assurance", "age assurance")
	on("safeguards.child_specific", "safeguards specific to children")
	if ts, ok := r.labels("safeguards.transparency"); ok && len(ts) > 0 {
		out = append(out, "transparency: "+list(ts))
	}
	return out
}

// Decision returns the sentences that state the decision: the outcome, each
// test's status, the blockers, the actions and the next review.
func Decision(rec *assessment.Record) []string {
	res := rec.Result
	if res == nil {
		return nil
	}
	var out []string
	switch res.Outcome {
	case assessment.OutcomePass:
		out = append(out, "Outcome: pass. Legitimate interest is a defensible basis for this processing as designed.")
	case assessment.OutcomeConditional:
		out = append(out, "Outcome: conditional. Legitimate interest can be relied on only once the actions below are done.")
	default:
		out = append(out, "Outcome: fail. Legitimate interest cannot be relied on as designed; another basis or a redesign is needed.")
	}
	for _, t := range []struct {
		name string
		tr   assessment.TestResult
	}{{"purpose", res.Tests.Purpose}, {"necessity", res.Tests.Necessity}, {"balancing", res.Tests.Balancing}} {
		out = append(out, sentence(fmt.Sprintf("The %s test is %s", t.name, lowerFirst(t.tr.Reason))))
	}
	for _, f := range res.Findings {
		if f.Severity == assessment.SeverityBlocker {
			out = append(out, sentence("Blocker: "+f.Message))
		}
	}
	if len(res.Actions) > 0 {
		out = append(out, "Before processing: "+sentence(strings.Join(lowerAll(res.Actions), "; ")))
	}
	if d := rec.Metadata.ReviewBy; d != "" {
		out = append(out, "The assessment is to be reviewed by "+d+", or sooner if the processing changes.")
	}
	return out
}

func lowerAll(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strings.TrimSuffix(lowerFirst(x), ".")
	}
	return out
}

// Draft is the starting point the interview offers for one part of the
// justification: the sentences the record gives for it, one paragraph.
func Draft(rec *assessment.Record, q *assessment.Questionnaire, part string) string {
	if part == "decision" {
		return strings.Join(Decision(rec), " ")
	}
	return strings.Join(Facts(rec.Answers, q, rec.Result, part), " ")
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
