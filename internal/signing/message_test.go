package signing

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestMessageIsCanonical(t *testing.T) {
	rec := []byte(`{"a":"x","b":[1,2],"z":{"k":"\u001f"}}`)
	c := Claims{Key: "SHA256:abc", Role: "dpo", SignedAt: "2026-11-30T10:00:00Z", Signer: "Dana \"D\" <d@example.com>\u2028"}
	m, err := Message(rec, c)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"claims":{"key":"SHA256:abc","role":"dpo","signed_at":"2026-11-30T10:00:00Z","signer":"Dana \"D\" <d@example.com>` + "\u2028" + `"},"format":"lia-signature/2","record":{"a":"x","b":[1,2],"z":{"k":"\u001f"}}}`
	if string(m) != want {
		t.Errorf("Message:\n got %s\nwant %s", m, want)
	}
	again, err := CanonicalizeJSON(m)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, m) {
		t.Errorf("Message is not RFC 8785 canonical:\n got %s\nJCS %s", m, again)
	}
}

// TestAppendMessage: appending to a buffer with content keeps it and adds
// exactly Message's bytes.
func TestAppendMessage(t *testing.T) {
	rec := []byte(`{"a":1}`)
	c := Claims{Key: "SHA256:k", Role: "dpo", SignedAt: "2026-01-01T00:00:00Z", Signer: "A <a@example.com>"}
	want, err := Message(rec, c)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 0, 8)
	buf = append(buf, "old"...)
	got, err := AppendMessage(buf, rec, c)
	if err != nil || string(got) != "old"+string(want) {
		t.Errorf("AppendMessage = %q, %v; want %q", got, err, "old"+string(want))
	}
	if _, err := AppendMessage(nil, rec, Claims{Signer: "\xff"}); err == nil {
		t.Error("AppendMessage accepted a claim that is not UTF-8")
	}
}

func TestMessageRefusesNonObject(t *testing.T) {
	for _, rec := range []string{``, `[]`, `"x"`, `{`, ` {}`} {
		if _, err := Message([]byte(rec), Claims{}); err == nil {
			t.Errorf("Message(%q) accepted a record that is not one JSON object", rec)
		}
	}
}

// TestMessageBindsEveryClaim: changing any one claim changes the message, so a
// signature over one set of claims never verifies for another.
func TestMessageBindsEveryClaim(t *testing.T) {
	rec := []byte(`{"id":"x"}`)
	base := Claims{Key: "SHA256:k", Role: "assessor", SignedAt: "2026-01-01T00:00:00Z", Signer: "A <a@example.com>"}
	m0, _ := Message(rec, base)
	edits := []func(*Claims){
		func(c *Claims) { c.Key = "SHA256:l" },
		func(c *Claims) { c.Role = "dpo" },
		func(c *Claims) { c.SignedAt = "2030-01-01T00:00:00Z" },
		func(c *Claims) { c.Signer = "A  <a@example.com>" },
	}
	for i, edit := range edits {
		c := base
		edit(&c)
		m, _ := Message(rec, c)
		if bytes.Equal(m, m0) {
			t.Errorf("edit %d left the message unchanged", i)
		}
	}
}

// FuzzMessage: for any claims and any JSON object, the message is canonical
// JSON that reads back to exactly those claims and that record.
func FuzzMessage(f *testing.F) {
	f.Add(`{"a":1}`, "SHA256:x", "dpo", "2026-01-01T00:00:00Z", "A <a@b>")
	f.Add(`{"\u00e9":"\u2028","b":[true,null,1.5e-8]}`, "", "", "", "\x00\x1b[2J")
	f.Add(`{}`, `"},"role":"dpo`, "assessor", "\xed\xa0\x80", "x")
	f.Fuzz(func(t *testing.T, rec, key, role, at, signer string) {
		canon, err := CanonicalizeJSON([]byte(rec))
		if err != nil || len(canon) == 0 || canon[0] != '{' {
			return
		}
		c := Claims{Key: key, Role: role, SignedAt: at, Signer: signer}
		m, err := Message(canon, c)
		if err != nil {
			// Only strings JCS cannot write (invalid UTF-8) may fail.
			return
		}
		again, err := CanonicalizeJSON(m)
		if err != nil || !bytes.Equal(again, m) {
			t.Fatalf("message not canonical: %s (%v)", m, err)
		}
		var back struct {
			Claims struct {
				Key      string `json:"key"`
				Role     string `json:"role"`
				SignedAt string `json:"signed_at"`
				Signer   string `json:"signer"`
			} `json:"claims"`
			Format string          `json:"format"`
			Record json.RawMessage `json:"record"`
		}
		if err := json.Unmarshal(m, &back); err != nil {
			t.Fatalf("message does not parse: %v", err)
		}
		got := Claims{Key: back.Claims.Key, Role: back.Claims.Role, SignedAt: back.Claims.SignedAt, Signer: back.Claims.Signer}
		if got != c || back.Format != MessageFormat || !bytes.Equal(back.Record, canon) {
			t.Fatalf("message reads back as %+v %q %s, want %+v %s", got, back.Format, back.Record, c, canon)
		}
	})
}

// TestMessageInParts: a signature over Message verifies over its head, the
// record and MessageTail hashed in turn (as a verifier does), and over no
// other split of other bytes.
func TestMessageInParts(t *testing.T) {
	rec := []byte(`{"a":"x","n":{"k":"\u2028"}}`)
	c := Claims{Key: "SHA256:k", Role: "dpo", SignedAt: "2026-01-01T00:00:00Z", Signer: "A \"B\" <a@example.com>"}
	m, err := Message(rec, c)
	if err != nil {
		t.Fatal(err)
	}
	head, err := AppendMessageHead([]byte("old"), c)
	if err != nil {
		t.Fatal(err)
	}
	head = head[len("old"):]
	if got := string(head) + string(rec) + MessageTail; got != string(m) {
		t.Fatalf("head+record+tail = %s, want %s", got, m)
	}
	sig := mustSign(t, testSigner(t, 3), Namespace, m)
	for i := 0; i <= len(m); i++ {
		if _, err := VerifyParts(sig, Namespace, m[:i], m[i:]); err != nil {
			t.Errorf("split at %d: %v", i, err)
		}
	}
	if _, err := VerifyParts(sig, Namespace, head, rec, []byte(MessageTail)); err != nil {
		t.Errorf("head, record, tail: %v", err)
	}
	if _, err := VerifyParts(sig, Namespace, head, rec); err == nil {
		t.Error("verified without the tail")
	}
	if _, err := VerifyParts(sig, Namespace, rec, head, []byte(MessageTail)); err == nil {
		t.Error("verified with the parts in another order")
	}
}
