package gen

import (
	"math"
	"math/rand"
	"strings"

	"github.com/lia-project/lia/internal/assessment"
)

// OddTexts are texts that YAML readers tend to read differently when they
// are written carelessly: YAML 1.1 booleans, numbers in every notation,
// dates and timestamps, indicators, quotes, line breaks of every kind,
// control and bidi characters, and scripts beyond Latin.
var OddTexts = []string{
	"yes", "no", "on", "off", "y", "n", "Y", "N", "Yes", "NO", "true", "False", "null", "Null", "~",
	"=", "<<", "- item", "? key", "key: value", "a:b", ":", "-", "--", "---", "...", "#not a comment", "a #b", "a# b",
	"'single'", `"double"`, `back\slash`, "@at", "`backtick", "&anchor", "*alias", "!tag", "! 1", "|pipe", ">fold",
	"%YAML 1.1", "{a: 1}", "[1, 2]", "a, b", "a,b",
	"0", "-1", "+1", "12", "012", "09", "0o17", "0x1F", "0X1F", "0b101", "1_000", "1:20", "1:20:30", "-1:20",
	"1.5", "3.0", ".5", "-.5", "1.", "1e-08", "1.0e-08", "1.0e8", "1E5", "1.0e+400", "-1.0e-400", ".inf", "-.Inf",
	".nan", ".NaN", "+.nan", "NaN", "Infinity", "._5", "e5", "0.1.0", "2026.11.1", "9007199254740993",
	"2026-11-02", "2026-1-2", "2026-02-30", "0000-01-01", "2026-11-02T10:00:00Z", "2026-11-02t10:00:00Z",
	"2026-11-02 10:00:00", "2026-11-02 10:00:00 +01:00", "2026-11-02   10:00:00", "2026-11-02T1:2:3Z", "10:00",
	"  leading spaces", "trailing spaces  ", "tab\there", "\ttab first", "line\nbreak", "trailing newline\n",
	"\n\nleading newlines", "two\n\n\nblank lines\n\n", "crlf\r\nline", "cr\ronly", "  indented\nfirst line",
	"nel\u0085here", "ls\u2028here", "ps\u2029here", "\ufeffbom first", "bom\ufeffinside", "nbsp\u00a0here",
	"bell\a", "esc \x1b[31mred\x1b[0m", "nul\x00", "del\x7f", "c1\u009b31m", "rlo \u202eevil\u202c", "zwsp\u200bhere",
	"émoji 😀 outside the BMP", "中文文本", "עברית ومرحبا", "Ελληνικά", "\U0010FFFD last plane",
	strings.Repeat("long words that go on ", 12) + "and end.",
	strings.Repeat("x", 300),
	"a line with a colon: and a hash # in it, both inside",
}

// OddNumbers are non-negative finite numbers at the edges of what readers
// hold alike.
var OddNumbers = []float64{
	0, math.Copysign(0, -1), 1, 3, 0.5, 0.1, 0.1 + 0.2, 1e-08, 1e-7, 5e-324, math.SmallestNonzeroFloat64 * 3,
	2.2250738585072014e-308, 1e21, 1e22, 123456789.125, 1 << 52, 1<<53 - 1, 1 << 53, 1e15 + 0.3,
	math.MaxFloat64, 1.7976931348623155e+308, 2e6, 1234567, 20.25, 3.0000000000000004,
}

// OddInts are whole numbers at the edges of what readers hold alike.
var OddInts = []int64{0, 1, 7, 8, 10, 100, 1 << 31, 1 << 32, 1_000_000, 1<<53 - 1}

// OddRecord returns record number i of a sequence of valid records whose
// texts and numbers come from OddTexts, OddNumbers and OddInts, and whose
// result is computed: inputs for the differential test of YAML readers.
func OddRecord(cat *assessment.Catalog, seed int64, i int) *assessment.Record {
	rnd := rand.New(rand.NewSource(seed*7_000_003 + int64(i)))
	rec := Record(cat, seed, i)
	text := func() string {
		for {
			s := OddTexts[rnd.Intn(len(OddTexts))]
			if strings.TrimSpace(s) != "" {
				return s
			}
		}
	}
	for _, qu := range cat.Questionnaire.Questions() {
		v, ok := rec.Answers[qu.ID]
		if !ok {
			continue
		}
		switch qu.Type {
		case assessment.TypeText:
			v.Text = text()
		case assessment.TypeNumber:
			v.Number = OddNumbers[rnd.Intn(len(OddNumbers))]
		case assessment.TypeInt:
			v.Int = OddInts[rnd.Intn(len(OddInts))]
		}
		rec.Answers[qu.ID] = v
	}
	// Other numbers may open or close questions: answer and prune again.
	Answers(cat.Questionnaire, rec.Answers, rnd)
	m := &rec.Metadata
	m.Title, m.Controller = text(), text()
	// An e-mail address has one @ inside and no blanks: an odd local part.
	local := text()
	for strings.ContainsAny(local, " \t@") {
		local = text()
	}
	m.Assessor = assessment.Person{Name: text(), Email: local + "@example.com", Role: text()}
	m.DPO.Name, m.DPO.Opinion = text(), text()
	ev := cat.Rules.Evaluate(rec.Metadata.Jurisdiction, rec.Answers)
	rec.Result = &ev.Result
	return rec
}
