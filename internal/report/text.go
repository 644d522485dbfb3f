package report

// This file makes any text a user can type safe to draw. The rules it keeps:
//   - control characters and invisible format characters (bidi overrides and
//     isolates, zero-width joiners, BOM) are removed, tabs become spaces;
//   - a character the embedded fonts cannot draw (CJK, emoji, anything above
//     U+FFFF) becomes a visible U+FFFD, never an error or a panic;
//   - so do right-to-left scripts: fpdf lays text out left to right without
//     shaping, so Arabic or Hebrew would print in the wrong order, which is
//     worse than a visible gap (the record itself is embedded unchanged);
//   - very long values are cut with a note that points to the embedded record.

import (
	"encoding/binary"
	"errors"
	"github.com/lia-project/lia/internal/textfmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// coverage is the set of BMP runes a font maps to a glyph.
type coverage [65536 / 64]uint64

func (c *coverage) has(r rune) bool {
	return r >= 0 && r < 65536 && c[r/64]&(1<<(uint(r)%64)) != 0
}

func (c *coverage) set(r int) { c[r/64] |= 1 << (uint(r) % 64) }

// parseCoverage reads the Unicode BMP cmap subtable (format 4) of a TrueType
// font. fpdf does not say which runes a font lacks, and drawing a missing one
// gives an invisible or wrong glyph, so we read the table ourselves.
func parseCoverage(ttf []byte) (*coverage, error) {
	u16 := func(off int) (int, error) {
		if off < 0 || off+2 > len(ttf) {
			return 0, errors.New("truncated font")
		}
		return int(binary.BigEndian.Uint16(ttf[off:])), nil
	}
	u32 := func(off int) (int, error) {
		if off < 0 || off+4 > len(ttf) {
			return 0, errors.New("truncated font")
		}
		return int(binary.BigEndian.Uint32(ttf[off:])), nil
	}
	n, err := u16(4)
	if err != nil {
		return nil, err
	}
	cmap := -1
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(ttf) {
			return nil, errors.New("truncated font")
		}
		if string(ttf[rec:rec+4]) == "cmap" {
			cmap, _ = u32(rec + 8)
		}
	}
	if cmap < 0 {
		return nil, errors.New("font has no cmap table")
	}
	nsub, err := u16(cmap + 2)
	if err != nil {
		return nil, err
	}
	sub := -1
	for i := range nsub {
		rec := cmap + 4 + 8*i
		plat, _ := u16(rec)
		enc, _ := u16(rec + 2)
		off, err := u32(rec + 4)
		if err != nil {
			return nil, err
		}
		if f, _ := u16(cmap + off); f == 4 && ((plat == 3 && enc == 1) || plat == 0) {
			sub = cmap + off
			break
		}
	}
	if sub < 0 {
		return nil, errors.New("font has no Unicode BMP cmap (format 4)")
	}
	segX2, err := u16(sub + 6)
	if err != nil {
		return nil, err
	}
	ends, starts := sub+14, sub+16+segX2
	deltas, ranges := starts+segX2, starts+2*segX2
	var cov coverage
	for i := 0; i < segX2; i += 2 {
		end, err1 := u16(ends + i)
		start, err2 := u16(starts + i)
		delta, err3 := u16(deltas + i)
		ro, err4 := u16(ranges + i)
		if err := errors.Join(err1, err2, err3, err4); err != nil {
			return nil, err
		}
		for c := start; c <= end && c != 0xFFFF; c++ {
			g := 0
			if ro == 0 {
				g = (c + delta) & 0xFFFF
			} else {
				g, err = u16(ranges + i + ro + 2*(c-start))
				if err != nil {
					return nil, err
				}
				if g != 0 {
					g = (g + delta) & 0xFFFF
				}
			}
			if g != 0 {
				cov.set(c)
			}
		}
	}
	return &cov, nil
}

// rtlScripts are the right-to-left scripts the fonts have glyphs for.
var rtlScripts = []*unicode.RangeTable{unicode.Arabic, unicode.Hebrew, unicode.Syriac, unicode.Thaana, unicode.Nko}

// cleaner turns user text into text the fonts can draw.
type cleaner struct {
	cov         *coverage
	replacement rune
}

// invisible reports runes that are dropped: they draw nothing, and bidi
// controls could make a printed value read differently from the record.
func invisible(r rune) bool {
	switch {
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF: // variation selectors
		return true
	case unicode.Is(unicode.Cf, r): // bidi overrides and isolates, ZWJ, BOM, soft hyphen
		return true
	}
	return unicode.IsControl(r)
}

// clean removes what must not be drawn and replaces what cannot be drawn.
// With multiline, line breaks are kept; otherwise they become spaces.
func (c *cleaner) clean(s string, multiline bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < 0x7f {
			// Printable ASCII, nearly all of any record: no lookups needed.
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(c.replacement)
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			fallthrough
		case r == '\n' || r == '\u2028' || r == '\u2029' || r == '\u0085':
			if multiline {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case r == '\t':
			b.WriteByte(' ')
		case invisible(r):
		case !c.cov.has(r) || unicode.In(r, rtlScripts...):
			b.WriteRune(c.replacement)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// text cleans s and cuts it after max runes, saying how much was left out.
func (c *cleaner) text(s string, max int, multiline bool) string {
	s = c.clean(s, multiline)
	return textfmt.Truncate(s, max, "see the embedded record")
}
