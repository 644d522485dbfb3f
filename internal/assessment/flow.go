package assessment

// This file is the interview's pure logic, shared by the wizard and its tests:
// which question comes next, how far along the interview is, and how typed
// input becomes a Value. Applicability is always Question.Applies, the rule
// the engine and the validator use, so the three can never disagree.

import (
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Next returns the first applicable question without an answer, in catalogue
// order, or nil when nothing is left to ask. Optional questions are asked
// once: an empty answer is stored for them, which counts as answered.
func (q *Questionnaire) Next(a Answers) *Question {
	for _, s := range q.Sections {
		if !s.Applies(a) {
			continue
		}
		for _, qu := range s.Questions {
			if _, ok := a[qu.ID]; !ok && qu.Applies(a) {
				return qu
			}
		}
	}
	return nil
}

// Progress says where a question sits in the interview: section k of n and
// question i of about m, counted over what applies given the answers so far.
// Branches that later answers open are not known yet, hence "about".
type Progress struct {
	Section, Sections   int
	Question, Questions int
}

func (p Progress) String() string {
	return fmt.Sprintf("Section %d/%d · question %d of about %d", p.Section, p.Sections, p.Question, p.Questions)
}

// ProgressAt returns the progress of qu given the answers so far. Questions
// answered earlier (or by an answers file) count, so that the numbers stay the
// same when an interview is resumed.
func (q *Questionnaire) ProgressAt(a Answers, qu *Question) Progress {
	var p Progress
	for _, s := range q.Sections {
		if s != qu.Section && !s.Applies(a) {
			continue
		}
		p.Sections++
		if s == qu.Section {
			p.Section = p.Sections
		}
		for _, x := range s.Questions {
			if x != qu && !x.Applies(a) {
				continue
			}
			p.Questions++
			if x == qu {
				p.Question = p.Questions
			}
		}
	}
	return p
}

// ParseAnswer converts what a person typed into the answer to qu. Enum and
// multi answers may be given as values, labels or 1-based numbers; multi
// answers are separated by commas. The error says what to type instead.
func ParseAnswer(qu *Question, s string) (Value, error) {
	s = strings.TrimSpace(s)
	v := Value{Type: qu.Type}
	switch qu.Type {
	case TypeBool:
		switch strings.ToLower(s) {
		case "y", "yes", "true":
			v.Bool = true
		case "n", "no", "false":
		default:
			return v, fmt.Errorf("answer yes or no")
		}
	case TypeText:
		if s == "" && !qu.Optional {
			return v, fmt.Errorf("an answer is needed here")
		}
		v.Text = s
	case TypeDate:
		d, err := ParseDate(s)
		if err != nil {
			return v, err
		}
		v.Text = d
	case TypeInt:
		// Thousands separators are common in counts ("1,200,000"); decimals are not.
		t := strings.NewReplacer(",", "", "_", "", " ", "", "\u00a0", "").Replace(s)
		i, err := strconv.ParseInt(t, 10, 64)
		if err != nil || i < 0 {
			return v, fmt.Errorf("enter a whole number of 0 or more, such as %s", intExample(qu.Unit))
		}
		v.Int = i
	case TypeNumber:
		f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
			return v, fmt.Errorf("enter a number of 0 or more, such as 12 or 0.5")
		}
		v.Number = f
	case TypeEnum:
		c, err := matchChoice(qu, s)
		if err != nil {
			return v, err
		}
		v.Text = c
	case TypeMulti:
		v.List = []string{}
		seen := map[string]bool{}
		for _, part := range strings.Split(s, ",") {
			if strings.TrimSpace(part) == "" {
				continue
			}
			c, err := matchChoice(qu, part)
			if err != nil {
				return v, err
			}
			if !seen[c] {
				seen[c] = true
				v.List = append(v.List, c)
			}
		}
	}
	return v, nil
}

func matchChoice(qu *Question, s string) (string, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		if n >= 1 && n <= len(qu.Values) {
			return qu.Values[n-1].Value, nil
		}
		return "", fmt.Errorf("choose a number from 1 to %d", len(qu.Values))
	}
	for _, c := range qu.Values {
		if strings.EqualFold(s, c.Value) || (c.Label != "" && strings.EqualFold(s, c.Label)) {
			return c.Value, nil
		}
	}
	return "", fmt.Errorf("unknown choice %q; choose a number from 1 to %d", textfmt.Cut(s, 40), len(qu.Values))
}

// intExample is a plausible number for a question counted in unit.
func intExample(unit string) string {
	switch unit {
	case "people":
		return "1200000"
	case "months":
		return "18"
	case "days":
		return "30"
	}
	return "12"
}

// ParseDate checks a YYYY-MM-DD date and returns it unchanged.
func ParseDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	if _, err := time.Parse("2006-01-02", s); err != nil {
		return "", fmt.Errorf("enter a date as YYYY-MM-DD, such as 2027-01-31")
	}
	return s, nil
}

// FormatAnswer is the inverse of ParseAnswer: the text that, typed back,
// gives v. Enum and multi answers are given as values.
func FormatAnswer(v Value) string {
	if v.Type == TypeMulti {
		return strings.Join(v.List, ", ")
	}
	return v.String()
}
