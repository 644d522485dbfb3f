package signing

// Canonical form rules (RFC 8785, JSON Canonicalization Scheme), the bytes a
// record signature covers and `lia canonical` prints:
//   - no whitespace; object members sorted by the UTF-16 code units of their
//     names; duplicate names are an error;
//   - numbers are IEEE 754 doubles written as ECMAScript's
//     Number.prototype.toString writes them; NaN and infinities are an error;
//   - strings escape only '"', '\\' and control characters below U+0020, with
//     the short forms \b \t \n \f \r and lowercase \u00xx otherwise; everything
//     else is written as UTF-8; invalid UTF-8 and lone surrogates are an error.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// maxSafeInteger is 2^53: integers beyond it do not all survive the trip
// through an IEEE 754 double that RFC 8785 requires, and a signature must not
// silently cover a different number than the record holds.
const maxSafeInteger = 1 << 53

// Canonicalize returns the RFC 8785 canonical bytes of v, a tree of
// map[string]any, []any, string, bool, nil, int, int64, float64 and
// json.Number values (as encoding/json produces with UseNumber).
func Canonicalize(v any) ([]byte, error) {
	var buf bytes.Buffer
	if err := writeValue(&buf, v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// CanonicalizeJSON parses one JSON text and returns its RFC 8785 canonical
// bytes. It is stricter than encoding/json: duplicate member names, invalid
// UTF-8, lone surrogate escapes and numbers outside the double range are
// errors, because I-JSON (RFC 7493), which RFC 8785 builds on, forbids them.
func CanonicalizeJSON(data []byte) ([]byte, error) {
	if !utf8.Valid(data) {
		return nil, errors.New("canonicalizing json: invalid utf-8")
	}
	if err := checkSurrogates(data); err != nil {
		return nil, fmt.Errorf("canonicalizing json: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := readValue(dec)
	if err != nil {
		return nil, fmt.Errorf("canonicalizing json: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("canonicalizing json: data after the top-level value")
	}
	out, err := Canonicalize(v)
	if err != nil {
		return nil, fmt.Errorf("canonicalizing json: %w", err)
	}
	return out, nil
}

// readValue builds the generic tree token by token, because decoding into a
// map would silently keep the last of two duplicate members.
func readValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		if err == io.EOF {
			return nil, io.ErrUnexpectedEOF
		}
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			obj := map[string]any{}
			for dec.More() {
				ktok, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, ok := ktok.(string)
				if !ok {
					return nil, fmt.Errorf("object key is %v, not a string", ktok)
				}
				if _, dup := obj[k]; dup {
					return nil, fmt.Errorf("duplicate member name %q", k)
				}
				v, err := readValue(dec)
				if err != nil {
					return nil, err
				}
				obj[k] = v
			}
			if _, err := dec.Token(); err != nil { // '}'
				return nil, err
			}
			return obj, nil
		case '[':
			arr := []any{}
			for dec.More() {
				v, err := readValue(dec)
				if err != nil {
					return nil, err
				}
				arr = append(arr, v)
			}
			if _, err := dec.Token(); err != nil { // ']'
				return nil, err
			}
			return arr, nil
		}
		return nil, fmt.Errorf("unexpected %v", t)
	default:
		return t, nil
	}
}

// checkSurrogates rejects \uD800-\uDFFF escapes that do not form a pair:
// encoding/json would quietly turn them into U+FFFD, and then two different
// documents would share one canonical form.
func checkSurrogates(data []byte) error {
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if !inString {
			if c == '"' {
				inString = true
			}
			continue
		}
		switch c {
		case '"':
			inString = false
		case '\\':
			if i+1 >= len(data) {
				return nil // the decoder reports the truncation
			}
			if data[i+1] != 'u' {
				i++
				continue
			}
			r, ok := hex4(data, i+2)
			if !ok {
				return nil // the decoder reports the bad escape
			}
			i += 5
			switch {
			case r >= 0xdc00 && r <= 0xdfff:
				return fmt.Errorf("lone surrogate \\u%04x in string", r)
			case r >= 0xd800 && r <= 0xdbff:
				lo, ok := -1, false
				if i+2 < len(data) && data[i+1] == '\\' && data[i+2] == 'u' {
					var v rune
					v, ok = hex4(data, i+3)
					lo = int(v)
				}
				if !ok || lo < 0xdc00 || lo > 0xdfff {
					return fmt.Errorf("lone surrogate \\u%04x in string", r)
				}
				i += 6
			}
		}
	}
	return nil
}

func hex4(data []byte, at int) (rune, bool) {
	if at+4 > len(data) {
		return 0, false
	}
	v, err := strconv.ParseUint(string(data[at:at+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	return rune(v), true
}

func writeValue(buf *bytes.Buffer, v any) error {
	switch t := v.(type) {
	case nil:
		buf.WriteString("null")
	case bool:
		if t {
			buf.WriteString("true")
		} else {
			buf.WriteString("false")
		}
	case string:
		return writeString(buf, t)
	case float64:
		s, err := FormatNumber(t)
		if err != nil {
			return err
		}
		buf.WriteString(s)
	case int:
		return writeInt(buf, int64(t))
	case int64:
		return writeInt(buf, t)
	case json.Number:
		f, err := strconv.ParseFloat(string(t), 64)
		if err != nil {
			// ParseFloat reports overflow as ErrRange with ±Inf; RFC 8785 has
			// no way to write it.
			return fmt.Errorf("number %s is not a finite double", t)
		}
		s, err := FormatNumber(f)
		if err != nil {
			return err
		}
		buf.WriteString(s)
	case []any:
		buf.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeValue(buf, e); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case map[string]any:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		// Strings from a map are distinct; Go orders them by UTF-8 bytes,
		// which differs from UTF-16 order above U+FFFF, so sort explicitly.
		units := make(map[string][]uint16, len(keys))
		for _, k := range keys {
			if !utf8.ValidString(k) {
				return fmt.Errorf("member name %q is not valid utf-8", k)
			}
			units[k] = utf16.Encode([]rune(k))
		}
		slices.SortFunc(keys, func(a, b string) int { return slices.Compare(units[a], units[b]) })
		buf.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeString(buf, k); err != nil {
				return err
			}
			buf.WriteByte(':')
			if err := writeValue(buf, t[k]); err != nil {
				return fmt.Errorf("member %q: %w", k, err)
			}
		}
		buf.WriteByte('}')
	default:
		return fmt.Errorf("cannot canonicalize a value of type %T", v)
	}
	return nil
}

func writeInt(buf *bytes.Buffer, i int64) error {
	b, err := appendInt(buf.AvailableBuffer(), i)
	buf.Write(b)
	return err
}

// appendInt appends i as FormatNumber writes float64(i): for an integer
// within 2^53 (far below 10^21) that is its decimal digits.
func appendInt(dst []byte, i int64) ([]byte, error) {
	if i > maxSafeInteger || i < -maxSafeInteger {
		return dst, fmt.Errorf("integer %d is outside the range a double holds exactly", i)
	}
	return strconv.AppendInt(dst, i, 10), nil
}

// appendNumber appends FormatNumber(f), or nothing when f has no JSON form.
func appendNumber(dst []byte, f float64) ([]byte, error) {
	s, err := FormatNumber(f)
	return append(dst, s...), err
}

const hexDigits = "0123456789abcdef"

func writeString(buf *bytes.Buffer, s string) error {
	b, err := appendString(buf.AvailableBuffer(), s)
	buf.Write(b)
	return err
}

// appendString appends s as a JSON string. One pass: runs of bytes that need
// no escape are copied whole, and only the rest of a string that holds a
// byte outside ASCII is checked for valid UTF-8 (ASCII always is). Invalid
// UTF-8 appends nothing.
func appendString(dst []byte, s string) ([]byte, error) {
	start := len(dst)
	dst = slices.Grow(dst, len(s)+2)
	dst = append(dst, '"')
	from := 0
	// high flags bytes outside ASCII until the string is known to be valid
	// UTF-8; from then on only the bytes that need an escape stop the words.
	high := uint64(0x8080808080808080)
	for i := 0; i < len(s); i++ {
		// Skip eight bytes at a time while none needs an escape (below
		// 0x20, '"', '\\') and, until checked, none is outside ASCII. Each
		// test is exact for the lowest byte it flags (it may flag bytes
		// above that one too, through a borrow), so no byte that needs an
		// escape is skipped, and the lowest flag is where to stop.
		for i+8 <= len(s) {
			b := s[i : i+8]
			w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
				uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
			q, bs := w^0x2222222222222222, w^0x5c5c5c5c5c5c5c5c
			if m := ((w-0x2020202020202020)&^w | (q-0x0101010101010101)&^q | (bs-0x0101010101010101)&^bs | w&high) & 0x8080808080808080; m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			if c >= utf8.RuneSelf && high != 0 {
				if !utf8.ValidString(s[i:]) {
					return dst[:start], fmt.Errorf("string %q is not valid utf-8", s)
				}
				high = 0
			}
			continue
		}
		dst = append(dst, s[from:i]...)
		from = i + 1
		switch c {
		case '"':
			dst = append(dst, `\"`...)
		case '\\':
			dst = append(dst, `\\`...)
		case '\b':
			dst = append(dst, `\b`...)
		case '\t':
			dst = append(dst, `\t`...)
		case '\n':
			dst = append(dst, `\n`...)
		case '\f':
			dst = append(dst, `\f`...)
		case '\r':
			dst = append(dst, `\r`...)
		default:
			dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		}
	}
	dst = append(dst, s[from:]...)
	dst = append(dst, '"')
	return dst, nil
}

// FormatNumber writes f as ECMAScript's Number.prototype.toString does
// (ECMA-262, Number::toString), which is what RFC 8785 section 3.2.2.3 requires.
func FormatNumber(f float64) (string, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("number %v has no json form", f)
	}
	if f == 0 {
		return "0", nil // both +0 and -0
	}
	sign := ""
	if f < 0 {
		sign = "-"
		f = -f
	}
	// strconv's shortest form yields the digits ECMAScript asks for: the
	// fewest that round-trip, and of those the closest to f.
	e := strconv.FormatFloat(f, 'e', -1, 64) // d[.ddd]e±xx
	mant, expStr, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	exp, err := strconv.Atoi(expStr)
	if err != nil {
		return "", fmt.Errorf("formatting %v: %w", f, err)
	}
	k := len(digits)
	n := exp + 1 // f = 0.digits × 10^n
	var b strings.Builder
	b.WriteString(sign)
	switch {
	case k <= n && n <= 21:
		b.WriteString(digits)
		b.WriteString(strings.Repeat("0", n-k))
	case 0 < n && n <= 21:
		b.WriteString(digits[:n])
		b.WriteByte('.')
		b.WriteString(digits[n:])
	case -6 < n && n <= 0:
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -n))
		b.WriteString(digits)
	default:
		b.WriteByte(digits[0])
		if k > 1 {
			b.WriteByte('.')
			b.WriteString(digits[1:])
		}
		b.WriteByte('e')
		if n-1 >= 0 {
			b.WriteByte('+')
		}
		b.WriteString(strconv.Itoa(n - 1))
	}
	return b.String(), nil
}
