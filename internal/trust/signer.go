package trust

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CheckSigner says what is wrong with a signer, or returns nil for one as
// lia writes it: "Name <email>", with a name, one space before the address,
// nothing after it, no white space around, and no control or formatting
// character (bidi overrides, zero-width spaces, line separators) that would
// show it as someone else or hide text. Every reader (lia verify, validate,
// the PDF) shows the signer, so Sign refuses such a name and verification
// fails it: it can only be written in by hand.
func CheckSigner(s string) error {
	_, err := parseSigner(s)
	return err
}

// parseSigner checks s as CheckSigner does and returns its e-mail address.
func parseSigner(s string) (string, error) {
	bad := func(why string) (string, error) { return "", fmt.Errorf("signer %q %s", s, why) }
	if !utf8.ValidString(s) {
		return bad("is not valid UTF-8")
	}
	for _, r := range s {
		if hiddenRune(r) {
			return bad(fmt.Sprintf("contains the control or formatting character U+%04X", r))
		}
	}
	if strings.TrimSpace(s) != s {
		return bad("begins or ends with white space")
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address == "" {
		return bad(`is not "Name <email>"`)
	}
	if a.Name == "" {
		return bad(`has no name; write "Name <email>"`)
	}
	name, ok := strings.CutSuffix(s, " <"+a.Address+">")
	if !ok {
		return bad(`is not "Name <email>"`)
	}
	if strings.TrimRightFunc(name, unicode.IsSpace) != name {
		return bad("has white space before its e-mail address")
	}
	return a.Address, nil
}

// hiddenRune reports a rune that does not show as itself: a control
// character, a line or paragraph separator, or a formatting character
// (category Cf: bidi controls, zero-width spaces, soft hyphens) other than
// the zero-width joiner and non-joiner that some scripts need in names.
func hiddenRune(r rune) bool {
	switch {
	case r == '\u200c' || r == '\u200d':
		return false
	case unicode.IsControl(r), unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp):
		return true
	}
	return false
}
