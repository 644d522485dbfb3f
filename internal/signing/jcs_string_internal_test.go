package signing

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// writeStringBytewise is writeString without the eight-byte fast path.
func writeStringBytewise(buf *bytes.Buffer, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("string %q is not valid utf-8", s)
	}
	buf.WriteByte('"')
	from := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		buf.WriteString(s[from:i])
		from = i + 1
		switch c {
		case '"':
			buf.WriteString(`\"`)
		case '\\':
			buf.WriteString(`\\`)
		case '\b':
			buf.WriteString(`\b`)
		case '\t':
			buf.WriteString(`\t`)
		case '\n':
			buf.WriteString(`\n`)
		case '\f':
			buf.WriteString(`\f`)
		case '\r':
			buf.WriteString(`\r`)
		default:
			buf.WriteString(`\u00`)
			buf.WriteByte(hexDigits[c>>4])
			buf.WriteByte(hexDigits[c&0xf])
		}
	}
	buf.WriteString(s[from:])
	buf.WriteByte('"')
	return nil
}

// TestWriteStringWords puts every byte value, and some runes, at every
// offset of a string longer than two words, so that the fast path sees each
// in every lane, and compares with the byte-wise writer.
func TestWriteStringWords(t *testing.T) {
	base := strings.Repeat("abcdefgh", 3) + "x"
	var inserts []string
	for c := 0; c < 256; c++ {
		inserts = append(inserts, string([]byte{byte(c)}))
	}
	inserts = append(inserts, "é", "\u2028", "\U0001F600", "\xe2\x80", "\"\\")
	for pos := 0; pos <= len(base); pos++ {
		for _, ins := range inserts {
			s := base[:pos] + ins + base[pos:]
			var got, want bytes.Buffer
			got.WriteString("prefix")
			want.WriteString("prefix")
			gerr, werr := writeString(&got, s), writeStringBytewise(&want, s)
			if (gerr == nil) != (werr == nil) || got.String() != want.String() {
				t.Errorf("writeString(%q) = %q, %v; want %q, %v", s, got.String(), gerr, want.String(), werr)
			}
		}
	}
}
