package trust

import (
	"testing"
	"time"
)

// BenchmarkKeyringCheck is the cost of checking one signature against
// allowed signers: current is lia's hot path (one verification over the
// message); legacy is a lia 0.1 signature, verified twice (the current
// message fails first). Run: go test -run '^$' -bench KeyringCheck ./internal/trust
func BenchmarkKeyringCheck(b *testing.B) {
	cat, rec, allowed := signed(b, "dpo")
	canon, err := rec.Canonical(cat.Questionnaire)
	if err != nil {
		b.Fatal(err)
	}
	k := Keyring{Allowed: allowed, Now: signedAt.Add(time.Hour)}
	b.Run("current", func(b *testing.B) {
		for b.Loop() {
			if c := k.Check(rec, canon); c[0].Status != Trusted || c[0].Format != FormatCurrent {
				b.Fatalf("%+v", c[0])
			}
		}
	})
	legacy := *rec
	legacy.Signatures = append(legacy.Signatures[:0:0], rec.Signatures...)
	signLegacy(b, cat, &legacy, 0)
	b.Run("message", func(b *testing.B) {
		// Building the message, which the current format adds to each check.
		for b.Loop() {
			if _, err := Message(canon, rec.Signatures[0]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("legacy", func(b *testing.B) {
		for b.Loop() {
			if c := k.Check(&legacy, canon); c[0].Status != Trusted || c[0].Format != FormatLegacy {
				b.Fatalf("%+v", c[0])
			}
		}
	})
}
