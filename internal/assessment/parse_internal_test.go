package assessment

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestPlainNumberMatchesDecode: wherever plainNumber reads a number, it is
// the number yaml.v3's Decode reads, to the bit (-0 included).
func TestPlainNumberMatchesDecode(t *testing.T) {
	values := []string{"0", "-0", "0.0", "-0.0", "1", "-1", "12", "007", "0.5", "-0.5", ".5", "1.", "1e5", "1E5",
		"1e+5", "1.0e-08", "1e-06", "18.45", "01.5", "1_000", "+1", "0x1F", "0o17", "1e400", "-1e400",
		"123456789012345678", "1234567890123456789", "9223372036854775807", "99999999999999999999",
		"0.1000000000000000055511151231257827", ".inf", "-.inf", ".nan", "1.5e", "2026-11-02", "1:20"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		f := math.Float64frombits(r.Uint64())
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		values = append(values, strconv.FormatFloat(f, 'g', -1, 64), strconv.FormatFloat(f, 'e', 3, 64),
			strconv.FormatInt(r.Int64N(1<<62)-1<<61, 10))
	}
	read := 0
	for _, v := range values {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte("v: "+v+"\n"), &doc); err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		n := doc.Content[0].Content[1]
		got, ok := plainNumber(n)
		if !ok {
			continue
		}
		read++
		var want float64
		if err := n.Decode(&want); err != nil {
			t.Errorf("%s (%s): plainNumber read %v, Decode fails: %v", v, n.Tag, got, err)
			continue
		}
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("%s (%s): plainNumber %v, Decode %v", v, n.Tag, got, want)
		}
	}
	if read < len(values)/2 {
		t.Errorf("plainNumber read only %d of %d values", read, len(values))
	}
	// Quoted and tagged scalars are always left to Decode.
	for _, src := range []string{`v: "1"`, `v: !!float 1`, `v: !!int "2"`} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			t.Fatal(err)
		}
		if _, ok := plainNumber(doc.Content[0].Content[1]); ok {
			t.Errorf("%s: read by plainNumber", src)
		}
	}
}
