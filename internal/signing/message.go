package signing

import (
	"errors"
	"fmt"
)

// MessageFormat names the layout of the bytes a record signature covers. A
// signature made over any other layout (lia 0.1 signed the canonical record
// alone) does not verify as this format, so a verifier can tell the two apart
// and never credit an old signature with claims it did not cover.
const MessageFormat = "lia-signature/2"

// Claims are what one signature entry says about itself: they are signed with
// the record, so none of them can be edited after signing.
type Claims struct {
	Key      string // SHA256 fingerprint of the signing public key
	Role     string // assessor, dpo or approver
	SignedAt string // RFC 3339 time
	Signer   string // "Name <email>"
}

// Message returns the bytes a signature with claims c covers over a record
// whose RFC 8785 canonical form is record:
//
//	{"claims":{"key":K,"role":R,"signed_at":T,"signer":S},"format":"lia-signature/2","record":RECORD}
//
// The result is itself RFC 8785 canonical JSON (members in code-unit order,
// strings escaped as RFC 8785 requires), so any JCS implementation rebuilds
// it from the parts. record must be a canonical JSON object, as the record's
// own canonical writer makes it; Message checks only its braces, since it sits
// on the path of every verification.
func Message(record []byte, c Claims) ([]byte, error) {
	return AppendMessage(make([]byte, 0, len(record)+256), record, c)
}

// AppendMessage appends Message(record, c) to dst and returns the extended
// slice, so that a verifier can reuse one buffer for every signature.
func AppendMessage(dst, record []byte, c Claims) ([]byte, error) {
	if err := CheckRecord(record); err != nil {
		return nil, err
	}
	dst, err := AppendMessageHead(dst, c)
	if err != nil {
		return nil, err
	}
	dst = append(dst, record...)
	return append(dst, MessageTail...), nil
}

// CheckRecord checks what a message needs of the record's canonical form:
// only its braces, since it sits on the path of every verification.
func CheckRecord(record []byte) error {
	if len(record) < 2 || record[0] != '{' || record[len(record)-1] != '}' {
		return errors.New("signed message: the record's canonical form is not a JSON object")
	}
	return nil
}

// MessageTail is what follows the record in a message: the message is
// AppendMessageHead's bytes, the record's canonical form, then MessageTail.
const MessageTail = "}"

// AppendMessageHead appends the part of Message(record, c) that comes before
// the record, which depends on the claims alone:
//
//	{"claims":{"key":K,"role":R,"signed_at":T,"signer":S},"format":"lia-signature/2","record":
//
// A verifier hashes the head, the record and MessageTail one after the other
// (VerifyParts) instead of copying the record into each message.
func AppendMessageHead(dst []byte, c Claims) ([]byte, error) {
	w := AppendJSONWriter(dst)
	w.Open('{')
	w.Key("claims")
	w.Open('{')
	w.Key("key")
	w.String(c.Key)
	w.Key("role")
	w.String(c.Role)
	w.Key("signed_at")
	w.String(c.SignedAt)
	w.Key("signer")
	w.String(c.Signer)
	w.Close('}')
	w.Key("format")
	w.String(MessageFormat)
	w.Key("record")
	b, err := w.Bytes()
	if err != nil {
		return nil, fmt.Errorf("signed message: %w", err)
	}
	return b, nil
}
