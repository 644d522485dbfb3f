package assessment

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/lia-project/lia/templates"
)

// randomAnswers answers each question of q with probability 3/4, with a
// value of its type drawn from r; values are small so that comparisons land
// on both sides of the rules' thresholds.
func randomAnswers(q *Questionnaire, r *rand.Rand) Answers {
	a := Answers{}
	for _, qu := range q.Questions() {
		if r.IntN(4) == 0 {
			continue
		}
		v := Value{Type: qu.Type}
		switch qu.Type {
		case TypeBool:
			v.Bool = r.IntN(2) == 1
		case TypeEnum:
			v.Text = qu.Values[r.IntN(len(qu.Values))].Value
		case TypeMulti:
			v.List = []string{}
			for _, c := range qu.Values {
				if r.IntN(3) == 0 {
					v.List = append(v.List, c.Value)
				}
			}
		case TypeInt:
			v.Int = int64(r.IntN(3_000_000))
		case TypeNumber:
			v.Number = r.Float64() * float64(r.IntN(20))
		default:
			if r.IntN(5) > 0 {
				v.Text = "text"
			}
		}
		a[qu.ID] = v
	}
	return a
}

// walkConds calls fn with every condition of the catalogue and its rules.
func walkConds(c *Catalog, fn func(what string, x Cond)) {
	q, rs := c.Questionnaire, c.Rules
	for _, s := range q.Sections {
		fn("section "+s.ID, s.cond)
		for _, qu := range s.Questions {
			fn("question "+qu.ID, qu.cond)
		}
	}
	for _, f := range slices.Concat(rs.Interest.Factors, rs.Risk.Factors) {
		fn("factor "+f.ID, f.cond)
	}
	for _, m := range rs.Mitigations {
		fn("mitigation "+m.ID, m.cond)
	}
	fn("differential_privacy", rs.DifferentialPrivacy.cond)
	for _, d := range rs.DPIA.Derive {
		fn("derive "+d.Criterion, d.cond)
	}
	for _, ru := range rs.Rules {
		fn("rule "+ru.ID, ru.cond)
	}
}

// TestCompiledConditions: a condition reads the same answers by slot
// (answerVec) as by ID (the answers map), for every condition of lia's
// catalogue and rules, and the questions that apply, are missing, are
// irrelevant and are pruned are those the answers map gives, question by
// question, as Question.Applies defines them.
func TestCompiledConditions(t *testing.T) {
	c, err := Load(templates.FS)
	if err != nil {
		t.Fatal(err)
	}
	q := c.Questionnaire
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 2000; n++ {
		a := randomAnswers(q, r)
		j := []string{"", "eu", "uk"}[n%3]
		// dpia.screened: unknown, none, or some of the criteria.
		var screened []string
		if n%4 > 0 {
			screened = []string{}
			for _, ch := range q.Question("dpia.criteria").Values {
				if r.IntN(3) == 0 {
					screened = append(screened, ch.Value)
				}
			}
		}
		v := q.newVec(a)
		walkConds(c, func(what string, x Cond) {
			if got, want := x.eval(facts{vec: v, jurisdiction: j, screened: screened}), x.eval(facts{a: a, jurisdiction: j, screened: screened}); got != want {
				t.Fatalf("answers %d: %s: by slot %v, by ID %v", n, what, got, want)
			}
		})
		var missing, irrelevant []string
		for i, qu := range q.Questions() {
			applies := qu.Applies(a)
			if v.applies[i] != applies {
				t.Fatalf("answers %d: %s applies %v by slot, %v by ID", n, qu.ID, v.applies[i], applies)
			}
			_, ok := a[qu.ID]
			if !ok && qu.Required() && applies {
				missing = append(missing, qu.ID)
			}
			if ok && !applies {
				irrelevant = append(irrelevant, qu.ID)
			}
		}
		if got := q.Missing(a); !slices.Equal(got, missing) {
			t.Fatalf("answers %d: Missing = %v, want %v", n, got, missing)
		}
		if got := q.Irrelevant(a); !slices.Equal(got, irrelevant) {
			t.Fatalf("answers %d: Irrelevant = %v, want %v", n, got, irrelevant)
		}
		// Prune as a fixpoint of dropping what does not apply.
		want := a.Clone()
		for {
			var drop []string
			for _, qu := range q.Questions() {
				if _, ok := want[qu.ID]; ok && !qu.Applies(want) {
					drop = append(drop, qu.ID)
				}
			}
			if len(drop) == 0 {
				break
			}
			for _, id := range drop {
				delete(want, id)
			}
		}
		pruned := q.prune(a, v)
		if !reflect.DeepEqual(pruned, want) {
			t.Fatalf("answers %d: prune = %v, want %v", n, pruned, want)
		}
		// The pruned vector holds the pruned answers.
		for i, qu := range q.Questions() {
			x, ok := want[qu.ID]
			if v.has[i] != ok || ok && !sameValue(v.vals[i], x) {
				t.Fatalf("answers %d: pruned slot of %s = %v %+v, want %v %+v", n, qu.ID, v.has[i], v.vals[i], ok, x)
			}
			if ok && !v.applies[i] {
				t.Fatalf("answers %d: %s kept by prune but does not apply", n, qu.ID)
			}
		}
		v.release()
	}
}

// sameValue compares answers as conditions read them (Clone makes an empty
// list nil).
func sameValue(x, y Value) bool {
	return x.Type == y.Type && x.Bool == y.Bool && x.Text == y.Text && x.Int == y.Int && x.Number == y.Number && slices.Equal(x.List, y.List)
}
