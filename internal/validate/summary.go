package validate

import (
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"

	"github.com/lia-project/lia/internal/assessment"
)

// Result is what validate reports about one file.
type Result struct {
	Path     string
	ID       string // metadata.id, when the file parsed
	Outcome  string // the stored outcome, when there is one
	Problems []assessment.Problem
}

// Count returns the number of problems of severity sev.
func (r *Result) Count(sev assessment.Severity) int {
	n := 0
	for _, p := range r.Problems {
		if p.Severity == sev {
			n++
		}
	}
	return n
}

// Summary is the tally reported at the end.
type Summary struct {
	Files, Valid, Invalid, Errors, Warnings int
	Signatures                              string // SigsUnchecked, SigsCounted or SigsVerified
	// Roles says, when signatures are verified, how roles were judged:
	// trust.RolesClaimed, RolesPartlyBound or RolesBound; RolesNote is the
	// note the text formats print about it ("" for none).
	Roles, RolesNote string
}

// How signatures were checked, for the summary.
const (
	SigsUnchecked = "unchecked" // no signature rule given
	SigsCounted   = "counted"   // required, but not verified: no allowed signers
	SigsVerified  = "verified"
)

// Add counts r: a file with an error is invalid.
func (s *Summary) Add(r *Result) {
	s.Files++
	e, w := r.Count(assessment.SevError), r.Count(assessment.SevWarning)
	s.Errors += e
	s.Warnings += w
	if e > 0 {
		s.Invalid++
	} else {
		s.Valid++
	}
}

// String is the summary line: "3 files checked: 2 valid, 1 invalid; 1 error, 0 warnings".
func (s Summary) String() string {
	return fmt.Sprintf("%s checked: %d valid, %d invalid; %s, %s",
		textfmt.Plural(s.Files, "file"), s.Valid, s.Invalid,
		textfmt.Plural(s.Errors, "error"), textfmt.Plural(s.Warnings, "warning"))
}
