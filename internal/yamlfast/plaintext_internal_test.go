package yamlfast

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// plainTextBytewise is plainText without the eight-byte fast path.
func plainTextBytewise(src string) bool {
	if !lineStartOK(src) {
		return false
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c >= ' ' && c < 0x7f {
			continue
		}
		switch {
		case c == '\n':
			if !lineStartOK(src[i+1:]) {
				return false
			}
		case c < utf8.RuneSelf:
			return false
		default:
			r, size := utf8.DecodeRuneInString(src[i:])
			if size == 1 || !(r >= 0xA0 && r <= 0xD7FF && r != 0x2028 && r != 0x2029 || r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF) {
				return false
			}
			i += size - 1
		}
	}
	return true
}

// TestPlainTextWords puts every byte value at every offset of a text longer
// than two words, so that the fast path sees it in each lane.
func TestPlainTextWords(t *testing.T) {
	base := []byte("key: " + strings.Repeat("abcdefgh", 3) + "\n")
	for pos := 1; pos < len(base); pos++ {
		for c := 0; c < 256; c++ {
			b := append([]byte(nil), base...)
			b[pos] = byte(c)
			s := string(b)
			if got, want := plainText(s), plainTextBytewise(s); got != want {
				t.Errorf("plainText(%q) = %v, want %v", s, got, want)
			}
		}
	}
	for _, s := range []string{"a: é\n", "a: \u2028xxxxxxxx\n", "a: xxxxxxxx\u00a0\n", "a:\n---xxxxxxxx\n", "a: xxxxxxx\x7f\n"} {
		if got, want := plainText(s), plainTextBytewise(s); got != want {
			t.Errorf("plainText(%q) = %v, want %v", s, got, want)
		}
	}
}

func BenchmarkPlainText(b *testing.B) {
	src := strings.Repeat("  - Offer an unconditional opt-out before training (with a waiting period), or redesign.\n", 200)
	b.SetBytes(int64(len(src)))
	b.Run("words", func(b *testing.B) {
		for b.Loop() {
			plainText(src)
		}
	})
	b.Run("bytes", func(b *testing.B) {
		for b.Loop() {
			plainTextBytewise(src)
		}
	})
}

// TestCol checks col, which counts eight bytes at a time, against a count
// of the characters at every offset of lines with and without non-ASCII.
func TestCol(t *testing.T) {
	for _, line := range []string{
		"key: a plain value that is longer than eight bytes",
		"résumé: naïve café, 30 °C — «quoted» ẞ and € signs over several words",
		"ééééééééééééééééé: x",
		"€€€€€€€€€€€€a€b€c",
	} {
		src := "first: line\n" + line + "\n"
		p := &parser{src: src, off: len("first: line\n"), line: 2, colLine: -1}
		for i := p.off; i <= len(src)-1; i++ {
			if src[i]&0xC0 == 0x80 {
				continue
			}
			want := utf8.RuneCountInString(src[p.off:i]) + 1
			if got := p.col(i); got != want {
				t.Errorf("col(%d) in %q = %d, want %d", i-p.off, line, got, want)
			}
			p.colLine = -1 // and counted from the line start
			if got := p.col(i); got != want {
				t.Errorf("col(%d) in %q from the line start = %d, want %d", i-p.off, line, got, want)
			}
		}
	}
}
