package assessment

// This file is the validator's core: every check lia validate runs on one file
// that needs no trust decision (signatures are checked by the caller, which
// holds the allowed signers). The rules it keeps:
//   - pure: bytes and a date in, problems out; no clock, no files;
//   - every problem has a stable check ID, a severity and a position;
//   - all problems are reported, not just the first: parsing goes on after an
//     error, and the date and policy checks run even when the result is wrong.

import (
	"fmt"
	"strings"
	"time"

	"github.com/lia-project/lia/internal/textfmt"

	"go.yaml.in/yaml/v3"
)

// Check IDs of validation beyond parsing and consistency. Like those in
// errors.go they are a public contract: CI users filter on them.
const (
	CheckRead             = "read"
	CheckExpired          = "expired"
	CheckExpiring         = "expiring"
	CheckPolicy           = "policy"
	CheckMissingSignature = "missing-signature"
	CheckMissingRole      = "missing-role"
	CheckUnknownSigner    = "unknown-signer"
	CheckBadSignature     = "bad-signature"
	CheckSignatureDate    = "signature-date"
	CheckLegacySignature  = "legacy-signature"
	CheckBadSigner        = "bad-signer"
	CheckRoleNotAllowed   = "role-not-allowed"
	CheckJustification    = "missing-justification"
)

// Severity says whether a problem fails validation.
type Severity string

// Severities of a problem.
const (
	SevError   Severity = "error"
	SevWarning Severity = "warning"
)

// Problem is one finding of the validator about a file.
type Problem struct {
	Severity Severity
	*Error
}

// ValidateOptions are the checks that depend on the caller: the date and the
// team's policy.
type ValidateOptions struct {
	// Today is the date review_by is compared with (YYYY-MM-DD); empty skips it.
	Today string
	// WarnExpired makes a review date in the past a warning instead of an error.
	WarnExpired bool
	// ExpiresWithin warns when review_by is less than this many days away.
	ExpiresWithin int
	// FailOn makes a stored outcome at least this bad an error: "fail" or
	// "conditional"; empty accepts every outcome.
	FailOn string
	// RequireJustification makes a missing justification an error, not a warning.
	RequireJustification bool
	Limits               Limits
}

// Validate runs every check that needs no keys on one record file: strict
// parsing, completeness, result consistency, the review date and the outcome
// policy. The record is nil when the file could not be parsed.
func (c *Catalog) Validate(name string, data []byte, opts ValidateOptions) (*Record, []Problem) {
	rec, perrs := parseRecord(name, data, c.Questionnaire, opts.Limits)
	if rec == nil || !c.onlyKeyErrors(rec, perrs) {
		// A value that could not be read would show up again as a missing
		// answer and a wrong result: report what is wrong with it, only.
		rec.Release()
		return nil, withSeverity(nil, perrs, SevError)
	}
	// Unknown and duplicate keys lose nothing that was read (the first of
	// duplicates counts), so the record is checked on: a misspelled key is
	// then also reported as the missing one it was meant to be.
	errs, warns, ev := c.check(rec)
	perrs = otherRulesAnswers(rec, perrs, errs, warns)
	errs = append(perrs, errs...)
	for _, e := range errs {
		// One hint per file: the fix is the same for every differing field.
		if e.Check == CheckResult && e.Hint == "" && e.Field != "result" {
			e.Hint = fmt.Sprintf("if the answers are right, recompute the result: lia assess --answers %s -o %s --force", name, name)
			break
		}
	}
	ps := withSeverity(nil, errs, SevError)
	ps = withSeverity(ps, warns, SevWarning)
	// The reasoning is asked for once the record is otherwise complete and
	// consistent: before that it would only add to the noise.
	if len(errs) == 0 {
		if p := justificationProblem(rec, opts); p != nil {
			ps = append(ps, *p)
		}
	}
	ps = append(ps, reviewProblems(rec, opts)...)
	if p := c.policyProblem(rec, opts.FailOn, ev); p != nil {
		ps = append(ps, *p)
	}
	return rec, ps
}

// ReadOn parses a record the way Validate reads it: when the only problems
// are unknown or repeated keys, which lose nothing that was read, the record
// is returned with them; otherwise it is nil. lia rules impact reads records
// made with other rules this way.
func (c *Catalog) ReadOn(name string, data []byte, limits Limits) (*Record, Errors) {
	rec, errs := parseRecord(name, data, c.Questionnaire, limits)
	if rec == nil || !c.onlyKeyErrors(rec, errs) {
		rec.Release()
		return nil, errs
	}
	return rec, errs
}

// otherRulesAnswers folds unknown answers into the rules-mismatch problem
// when there is one: a record computed with other rules answers questions
// these rules may not have, and saying so once is clearer than an unknown
// key for each of them.
func otherRulesAnswers(rec *Record, perrs Errors, checks ...Errors) Errors {
	var mismatch *Error
	for _, list := range checks {
		for _, e := range list {
			if e.Check == CheckRulesMismatch {
				mismatch = e
			}
		}
	}
	if mismatch == nil {
		return perrs
	}
	var kept Errors
	for _, e := range perrs {
		if !unknownAnswer(e) {
			kept = append(kept, e)
		}
	}
	ids := rec.UnknownAnswers(perrs)
	if len(ids) > 0 {
		note := fmt.Sprintf(" (it answers %s these rules do not have: %s)", textfmt.Plural(len(ids), "question"), strings.Join(clipList(ids, 5), ", "))
		if before, after, ok := strings.Cut(mismatch.Msg, "; check it with"); ok {
			mismatch.Msg = before + note + "; check it with" + after
		} else {
			mismatch.Msg += note
		}
	}
	return kept
}

// unknownAnswer reports whether e is an answer to a question the rules do
// not have (or a section of them).
func unknownAnswer(e *Error) bool {
	return e.Check == CheckUnknownKey && strings.HasPrefix(e.Field, "answers.")
}

// UnknownAnswers lists the question IDs the record answers that the rules
// it was parsed with do not have, from the parser's problems errs: an
// unknown section counts each question it holds.
func (r *Record) UnknownAnswers(errs Errors) []string {
	var ids []string
	for _, e := range errs {
		if unknownAnswer(e) {
			ids = append(ids, r.answerKeys(strings.TrimPrefix(e.Field, "answers."))...)
		}
	}
	return ids
}

// answerKeys lists the questions an unknown answers key holds: the key
// itself ("data.x"), or for a section these rules do not have ("sector")
// each of its keys.
func (r *Record) answerKeys(key string) []string {
	if strings.Contains(key, ".") || r.root() == nil {
		return []string{key}
	}
	sec := field(field(r.root(), "answers"), key)
	if sec == nil || sec.Kind != yaml.MappingNode || len(sec.Content) == 0 {
		return []string{key}
	}
	var out []string
	for i := 0; i+1 < len(sec.Content); i += 2 {
		out = append(out, key+"."+sec.Content[i].Value)
	}
	return out
}

// field returns the value of key in mapping n, or nil.
func field(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// onlyKeyErrors reports whether every parse error is an unknown or duplicate
// key that left the record whole. A value listed twice in a multiple choice
// answer is a duplicate too, but drops the answer, so it does not qualify.
func (c *Catalog) onlyKeyErrors(rec *Record, errs Errors) bool {
	for _, e := range errs {
		switch e.Check {
		case CheckUnknownKey:
		case CheckDuplicate:
			if id, ok := strings.CutPrefix(e.Field, "answers."); ok && c.Questionnaire.Question(id) != nil {
				if _, read := rec.Answers[id]; !read {
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

func withSeverity(dst []Problem, errs Errors, sev Severity) []Problem {
	for _, e := range errs {
		dst = append(dst, Problem{Severity: sev, Error: e})
	}
	return dst
}

// reviewProblems compares metadata.review_by with today. Dates are compared
// as days, so a review due today is not yet expired.
func reviewProblems(rec *Record, opts ValidateOptions) []Problem {
	if opts.Today == "" || rec.Metadata.ReviewBy == "" {
		return nil
	}
	today, err1 := time.Parse(time.DateOnly, opts.Today)
	due, err2 := time.Parse(time.DateOnly, rec.Metadata.ReviewBy)
	if err1 != nil || err2 != nil {
		return nil
	}
	days := int(due.Sub(today).Hours() / 24)
	p, _ := rec.Position("metadata.review_by")
	e := &Error{File: rec.File, Line: p.Line, Col: p.Col, Field: "metadata.review_by"}
	switch {
	case days < 0:
		e.Check = CheckExpired
		e.Msg = fmt.Sprintf("review was due on %s, %s ago; review the assessment and set a new date", rec.Metadata.ReviewBy, dayCount(-days))
		sev := SevError
		if opts.WarnExpired {
			sev = SevWarning
		}
		return []Problem{{Severity: sev, Error: e}}
	case opts.ExpiresWithin > 0 && days < opts.ExpiresWithin:
		e.Check = CheckExpiring
		when := "today"
		if days > 0 {
			when = "in " + dayCount(days)
		}
		e.Msg = fmt.Sprintf("review is due on %s, %s", rec.Metadata.ReviewBy, when)
		return []Problem{{Severity: SevWarning, Error: e}}
	}
	return nil
}

// justificationProblem reports the parts of the justification a record
// lacks: a warning, or an error with RequireJustification.
func justificationProblem(rec *Record, opts ValidateOptions) *Problem {
	missing := rec.Justification.Missing()
	if len(missing) == 0 {
		return nil
	}
	field := "justification"
	if len(missing) < len(JustificationParts) {
		field += "." + missing[0]
	}
	p, ok := rec.Position(field)
	if !ok {
		if p, ok = rec.Position("justification"); !ok {
			p = Pos{1, 1}
		}
	}
	sev := SevWarning
	if opts.RequireJustification {
		sev = SevError
	}
	return &Problem{Severity: sev, Error: &Error{File: rec.File, Line: p.Line, Col: p.Col, Field: field, Check: CheckJustification,
		Msg: fmt.Sprintf("no justification for %s; write the reasoning under justification: (lia assess --edit %s asks for it)",
			strings.Join(missing, ", "), rec.File)}}
}

func dayCount(n int) string {
	if n == 1 {
		return "1 day"
	}
	return fmt.Sprintf("%d days", n)
}

// policyProblem applies --fail-on to the stored outcome. A hand-edited outcome
// is already a result-mismatch error, so the stored value is the one the record
// claims and the one a reader sees. ev is the evaluation Check made, or nil.
func (c *Catalog) policyProblem(rec *Record, failOn string, ev *Evaluation) *Problem {
	if failOn == "" || rec.Result == nil {
		return nil
	}
	outcome := rec.Result.Outcome
	switch outcome {
	case OutcomePass, OutcomeConditional, OutcomeFail:
	default:
		return nil // not an outcome: the consistency check reports it
	}
	// The policy applies to the worse of the stored outcome and what today's
	// rules compute, so a result from older rules cannot slip through.
	if ev == nil {
		if missing, _ := c.Questionnaire.MissingFor(rec.Answers, rec.Result.Engine.Scoring); len(missing) == 0 {
			ev = c.Rules.Evaluate(rec.Metadata.Jurisdiction, rec.Answers)
		}
	}
	if ev != nil {
		if now := ev.Result.Outcome; OutcomeRank(now) > OutcomeRank(outcome) {
			outcome = now
		}
	}
	if OutcomeRank(outcome) < OutcomeRank(failOn) {
		return nil
	}
	p, _ := rec.Position("result.outcome")
	return &Problem{Severity: SevError, Error: &Error{File: rec.File, Line: p.Line, Col: p.Col, Field: "result.outcome", Check: CheckPolicy,
		Msg: fmt.Sprintf("outcome is %s, and the policy fails records whose outcome is %s or worse", outcome, failOn)}}
}
