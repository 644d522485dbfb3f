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

// TestCol checks col, which counts eight bytes at a time where a line has
// characters outside ASCII before the offset and takes the byte count where
// it has none, against a count of the characters at every offset of lines
// with and without non-ASCII.
func TestCol(t *testing.T) {
	for _, line := range []string{
		"key: a plain value that is longer than eight bytes",
		"résumé: naïve café, 30 °C — «quoted» ẞ and € signs over several words",
		"ééééééééééééééééé: x",
		"€€€€€€€€€€€€a€b€c",
		"ascii first, a long stretch of it, then é and more ascii after it",
	} {
		src := "first: line\n" + line + "\n"
		highs, ok := scanText(src, make([]int, 0, maxHighs))
		if !ok {
			t.Fatalf("scanText(%q) = false", src)
		}
		for _, highs := range [][]int{highs, nil} { // known, and counted
			p := &parser{src: src, off: len("first: line\n"), line: 2, colLine: -1, highs: highs}
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
}

// segmentBytewise is segment in block context as it was before
// blockSegment: one byte at a time.
func segmentBytewise(p *parser, i int) (end int, comment, ok bool) {
	j := i
loop:
	for ; j < len(p.src); j++ {
		switch p.src[j] {
		case '\n':
			break loop
		case ':':
			if j+1 == len(p.src) || p.src[j+1] == ' ' || p.src[j+1] == '\n' {
				return 0, false, false
			}
		case '#':
			if p.src[j-1] == ' ' {
				comment = true
				break loop
			}
		}
	}
	for j > i && p.src[j-1] == ' ' {
		j--
	}
	return j, comment, true
}

func FuzzBlockSegment(f *testing.F) {
	for _, s := range []string{
		"k: plain text, with [brackets] {braces} and ? marks  # comment: x\nnext: y",
		"k: a:b c#d e: f", "k: x:", "k: x:\n", "k: x #", "k: x#y #z: w\n", "k: long " + strings.Repeat("words, ", 40) + "end  ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		src := "k: " + s
		p := &parser{src: src}
		for i := 1; i < len(src); i++ {
			e1, c1, ok1 := p.blockSegment(i)
			e2, c2, ok2 := segmentBytewise(p, i)
			if e1 != e2 || c1 != c2 || ok1 != ok2 {
				t.Fatalf("blockSegment(%d) in %q = %d, %v, %v; bytewise %d, %v, %v", i, src, e1, c1, ok1, e2, c2, ok2)
			}
		}
	})
}

func FuzzPlainText(f *testing.F) {
	for _, s := range []string{"a: é\nb: \u2028xxxxxxxx\n", "key: abcdefgh\n---\x7fxyz\n%x", "a: xxxxxxxx\u00a0\nb: °C\n...\n", "a: \xff\xfe\xef\xbb\xbfxxxxxxxx\x01\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := plainText(s), plainTextBytewise(s); got != want {
			t.Fatalf("plainText(%q) = %v, want %v", s, got, want)
		}
	})
}
