package diffview

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/lia-project/lia/internal/assessment"
)

// WriteJSON writes the JSON view of d, lia diff --format json: a stable,
// documented contract (see README). Its texts are the records' own, as JSON
// escapes them: a program reads them, not a terminal.
func WriteJSON(w io.Writer, d *assessment.RecordDiff) error {
	b, err := json.MarshalIndent(diffJSON(d), "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s\n", b)
	return err
}

// diffDoc is the JSON view of a diff.
type diffDoc struct {
	Version  int          `json:"version"`
	Old      diffSide     `json:"old"`
	New      diffSide     `json:"new"`
	Changed  bool         `json:"changed"`
	Outcome  *diffOutcome `json:"outcome,omitempty"`
	Scoring  *diffField   `json:"scoring,omitempty"`
	Tests    []diffTest   `json:"tests"`
	Scores   []diffScore  `json:"scores"`
	DPIA     *diffField   `json:"dpia_required,omitempty"`
	Findings diffFindings `json:"findings"`
	Actions  diffList     `json:"actions"`
	Answers  diffAnswers  `json:"answers"`
	Metadata []diffField  `json:"metadata"`
	// Justification and Notes were added in lia 0.2: the assessor's words that changed.
	Justification []diffField       `json:"justification"`
	Notes         []diffField       `json:"notes"`
	Signatures    diffSignatureList `json:"signatures"`
}

type diffSide struct {
	Path      string `json:"path"`
	ID        string `json:"id,omitempty"`
	Outcome   string `json:"outcome,omitempty"`
	Scoring   string `json:"scoring,omitempty"`
	HasResult bool   `json:"has_result"`
}

type diffOutcome struct {
	Old      string `json:"old"`
	New      string `json:"new"`
	Movement string `json:"movement"` // unchanged, better, worse
}

type diffField struct {
	Field string `json:"field,omitempty"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

type diffTest struct {
	Test     string `json:"test"`
	Old      string `json:"old"`
	New      string `json:"new"`
	Movement string `json:"movement"`
}

type diffScore struct {
	Score string  `json:"score"`
	Old   float64 `json:"old"`
	New   float64 `json:"new"`
	Delta float64 `json:"delta"`
}

type diffFinding struct {
	ID        string `json:"id"`
	Test      string `json:"test"`
	Severity  string `json:"severity"`
	Message   string `json:"message"`
	Reference string `json:"reference"`
}

type diffFindingChange struct {
	ID          string `json:"id"`
	OldSeverity string `json:"old_severity"`
	NewSeverity string `json:"new_severity"`
	OldMessage  string `json:"old_message"`
	NewMessage  string `json:"new_message"`
}

type diffFindings struct {
	Added   []diffFinding       `json:"added"`
	Removed []diffFinding       `json:"removed"`
	Changed []diffFindingChange `json:"changed"`
}

type diffList struct {
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
}

type diffAnswer struct {
	ID  string `json:"id"`
	Old any    `json:"old,omitempty"`
	New any    `json:"new,omitempty"`
}

type diffAnswers struct {
	Added   []diffAnswer `json:"added"`
	Removed []diffAnswer `json:"removed"`
	Changed []diffAnswer `json:"changed"`
}

type diffSignature struct {
	Signer   string `json:"signer"`
	Role     string `json:"role"`
	Key      string `json:"key"`
	SignedAt string `json:"signed_at"`
}

type diffSignatureList struct {
	Added   []diffSignature `json:"added"`
	Removed []diffSignature `json:"removed"`
}

// answerJSON gives an answer its JSON type: bool, number, string or list.
func answerJSON(v *assessment.Value) any {
	switch v.Type {
	case assessment.TypeBool:
		return v.Bool
	case assessment.TypeInt:
		return v.Int
	case assessment.TypeNumber:
		return v.Number
	case assessment.TypeMulti:
		return append([]string{}, v.List...)
	}
	return v.Text
}

func diffJSON(d *assessment.RecordDiff) diffDoc {
	side := func(r *assessment.Record) diffSide {
		s := diffSide{Path: r.File, ID: r.Metadata.ID, HasResult: r.Result != nil}
		if r.Result != nil {
			s.Outcome, s.Scoring = r.Result.Outcome, r.Result.Engine.Scoring
		}
		return s
	}
	doc := diffDoc{Version: 1, Old: side(d.Old), New: side(d.New), Changed: !d.Empty(),
		Tests: []diffTest{}, Scores: []diffScore{}, Metadata: []diffField{}, Justification: []diffField{}, Notes: []diffField{},
		Findings:   diffFindings{Added: []diffFinding{}, Removed: []diffFinding{}, Changed: []diffFindingChange{}},
		Actions:    diffList{Added: []string{}, Removed: []string{}},
		Answers:    diffAnswers{Added: []diffAnswer{}, Removed: []diffAnswer{}, Changed: []diffAnswer{}},
		Signatures: diffSignatureList{Added: []diffSignature{}, Removed: []diffSignature{}},
	}
	if d.Old.Result != nil && d.New.Result != nil {
		doc.Outcome = &diffOutcome{Old: d.Outcome.Old, New: d.Outcome.New, Movement: Movement(d.Outcome.Old, d.Outcome.New)}
		if d.Scoring.Changed() {
			doc.Scoring = &diffField{Old: d.Scoring.Old, New: d.Scoring.New}
		}
		if d.DPIARequired.Changed() {
			doc.DPIA = &diffField{Old: d.DPIARequired.Old, New: d.DPIARequired.New}
		}
	}
	for _, t := range d.Tests {
		doc.Tests = append(doc.Tests, diffTest{Test: t.Field, Old: t.Old, New: t.New, Movement: Movement(t.Old, t.New)})
	}
	for _, s := range d.Scores {
		doc.Scores = append(doc.Scores, diffScore{Score: s.Name, Old: s.Old, New: s.New, Delta: roundTo2(s.New - s.Old)})
	}
	finding := func(f assessment.Finding) diffFinding {
		return diffFinding{ID: f.ID, Test: f.Test, Severity: f.Severity, Message: f.Message, Reference: f.Reference}
	}
	for _, f := range d.FindingsAdded {
		doc.Findings.Added = append(doc.Findings.Added, finding(f))
	}
	for _, f := range d.FindingsGone {
		doc.Findings.Removed = append(doc.Findings.Removed, finding(f))
	}
	for _, c := range d.FindingsEdited {
		doc.Findings.Changed = append(doc.Findings.Changed, diffFindingChange{ID: c.New.ID,
			OldSeverity: c.Old.Severity, NewSeverity: c.New.Severity, OldMessage: c.Old.Message, NewMessage: c.New.Message})
	}
	doc.Actions.Added = append(doc.Actions.Added, d.ActionsAdded...)
	doc.Actions.Removed = append(doc.Actions.Removed, d.ActionsGone...)
	for _, c := range d.Answers {
		switch {
		case c.Old == nil:
			doc.Answers.Added = append(doc.Answers.Added, diffAnswer{ID: c.ID, New: answerJSON(c.New)})
		case c.New == nil:
			doc.Answers.Removed = append(doc.Answers.Removed, diffAnswer{ID: c.ID, Old: answerJSON(c.Old)})
		default:
			doc.Answers.Changed = append(doc.Answers.Changed, diffAnswer{ID: c.ID, Old: answerJSON(c.Old), New: answerJSON(c.New)})
		}
	}
	for _, m := range d.Metadata {
		doc.Metadata = append(doc.Metadata, diffField{Field: m.Field, Old: m.Old, New: m.New})
	}
	for _, c := range d.Justification {
		doc.Justification = append(doc.Justification, diffField{Field: c.Field, Old: c.Old, New: c.New})
	}
	for _, c := range d.Notes {
		doc.Notes = append(doc.Notes, diffField{Field: c.Field, Old: c.Old, New: c.New})
	}
	sig := func(s assessment.Signature) diffSignature {
		return diffSignature{Signer: s.Signer, Role: s.Role, Key: s.Key, SignedAt: s.SignedAt}
	}
	for _, s := range d.SignaturesAdded {
		doc.Signatures.Added = append(doc.Signatures.Added, sig(s))
	}
	for _, s := range d.SignaturesGone {
		doc.Signatures.Removed = append(doc.Signatures.Removed, sig(s))
	}
	return doc
}

func roundTo2(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 2, 64), 64)
	return v
}
