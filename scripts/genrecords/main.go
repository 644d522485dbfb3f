// Command genrecords writes N valid, varied lia records to a directory, for
// make bench: go run ./scripts/genrecords -n 10000 -o DIR. With
// -allowed-signers FILE, each record is signed by a DPO whose key FILE trusts,
// as lia sign would sign it.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"golang.org/x/crypto/ssh"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/gen"
	"github.com/lia-project/lia/internal/trust"
	"github.com/lia-project/lia/templates"
)

func main() {
	n := flag.Int("n", 10000, "number of records")
	dir := flag.String("o", "records", "output directory")
	seed := flag.Int64("seed", 1, "seed")
	allowed := flag.String("allowed-signers", "", "sign each record, and write the allowed_signers file that trusts the key here")
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
	var key ssh.Signer
	if *allowed != "" {
		var line string
		key, line, err = gen.Key(*seed, "dpo@example.com")
		if err == nil {
			err = os.WriteFile(*allowed, []byte(line), 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "genrecords:", err)
			os.Exit(1)
		}
	}
	at := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	for i := 0; i < *n; i++ {
		rec := gen.Record(cat, *seed, i)
		if key != nil {
			err = trust.Sign(cat.Questionnaire, rec, key, "Dana Okoye <dpo@example.com>", "dpo", at)
		}
		var b []byte
		if err == nil {
			b, err = assessment.MarshalRecord(rec, cat.Questionnaire)
		}
		if err == nil {
			err = os.WriteFile(filepath.Join(*dir, rec.Metadata.ID+".lia.yaml"), b, 0o644)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "genrecords:", err)
			os.Exit(1)
		}
	}
}
