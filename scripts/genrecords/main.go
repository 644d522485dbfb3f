// Command genrecords writes N valid, varied lia records to a directory, for
// make bench: go run ./scripts/genrecords -n 10000 -o DIR
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/gen"
	"github.com/lia-project/lia/internal/report"
	"github.com/lia-project/lia/templates"
)

func main() {
	n := flag.Int("n", 10000, "number of records")
	dir := flag.String("o", "records", "output directory")
	seed := flag.Int64("seed", 1, "seed")
	flag.Parse()
	cat, err := assessment.Load(templates.FS)
	if err != nil {
		fmt.Fprintln(os.Stderr, "genrecords:", err)
		os.Exit(1)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "genrecords:", err)
		os.Exit(1)
	}
	for i := 0; i < *n; i++ {
		rec := gen.Record(cat, *seed, i)
		b, err := report.MarshalRecord(rec, cat.Questionnaire)
		if err == nil {
			err = os.WriteFile(filepath.Join(*dir, rec.Metadata.ID+".lia.yaml"), b, 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "genrecords:", err)
			os.Exit(1)
		}
	}
}
