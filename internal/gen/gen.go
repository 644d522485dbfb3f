// Package gen makes valid, varied lia records for benchmarks and tests: each
// record answers every applicable question with values drawn from a seeded
// source, so the same seed always gives the same records.
package gen

import (
	"fmt"
	"math/rand"

	"github.com/lia-project/lia/internal/assessment"
)

// Record returns record number i of the sequence for seed, with its result.
func Record(cat *assessment.Catalog, seed int64, i int) *assessment.Record {
	rnd := rand.New(rand.NewSource(seed*1_000_003 + int64(i)))
	a := Answers(cat.Questionnaire, assessment.Answers{}, rnd)
	yes := rnd.Intn(2) == 0
	rec := &assessment.Record{
		APIVersion: assessment.APIVersion,
		Kind:       assessment.Kind,
		Metadata: assessment.Metadata{
			ID:         fmt.Sprintf("generated-%06d", i),
			Title:      fmt.Sprintf("Generated assessment %d", i),
			Controller: "Example Controller Ltd",
			Assessor:   assessment.Person{Name: "Generated Assessor", Email: "assessor@example.com", Role: "Privacy Officer"},
			AssessedOn: "2026-11-02",
			ReviewBy:   "2030-11-02",
			DPO:        assessment.DPO{Consulted: &yes},
		},
		Answers: a,
	}
	// Each choice of the metadata (the jurisdiction) is drawn from the
	// values its description allows.
	for _, f := range cat.Questionnaire.Metadata.Leaves() {
		if f.Type == assessment.MetaEnum {
			f.Set(&rec.Metadata, f.Values[rnd.Intn(len(f.Values))].Value)
		}
	}
	ev := cat.Rules.Evaluate(rec.Metadata.Jurisdiction, a)
	rec.Result = &ev.Result
	return rec
}

var sentences = []string{
	"Train a model that ranks support tickets by urgency using three years of history.",
	"Customer transaction history, device data and pseudonymous identifiers.",
	"Reduce fraud losses and protect customers from account takeover.",
	"Faster answers for customers and lower cost for the service.",
	"Synthetic data lost too much signal in a pilot; a smaller sample is used instead.",
}

// Answers answers, in catalogue order, every applicable question that a does
// not answer yet, so that branches open and close as in an interview, then
// drops answers to questions that no longer apply. It fills a and returns it.
func Answers(q *assessment.Questionnaire, a assessment.Answers, rnd *rand.Rand) assessment.Answers {
	for _, qu := range q.Questions() {
		if _, ok := a[qu.ID]; !ok && qu.Applies(a) {
			a[qu.ID] = Value(qu, rnd)
		}
	}
	for _, id := range q.Irrelevant(a) {
		delete(a, id)
	}
	return a
}

// Value returns a random valid answer to qu. Numbers are drawn across the
// ranges the scoring rules distinguish.
func Value(qu *assessment.Question, rnd *rand.Rand) assessment.Value {
	v := assessment.Value{Type: qu.Type}
	switch qu.Type {
	case assessment.TypeBool:
		v.Bool = rnd.Intn(2) == 0
	case assessment.TypeEnum:
		v.Text = qu.Values[rnd.Intn(len(qu.Values))].Value
	case assessment.TypeMulti:
		v.List = []string{}
		for _, c := range qu.Values {
			if rnd.Intn(3) == 0 {
				v.List = append(v.List, c.Value)
			}
		}
	case assessment.TypeInt:
		v.Int = int64(rnd.Intn(5_000_000))
	case assessment.TypeNumber:
		v.Number = float64(rnd.Intn(2000)) / 100
	case assessment.TypeDate:
		v.Text = "2026-11-02"
	default:
		v.Text = sentences[rnd.Intn(len(sentences))]
	}
	return v
}
