package pdfsig

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/lia-project/lia/internal/textfmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// The PDF object model (ISO 32000-1, 7.3), as much of it as lia's own PDFs
// use. Values are immutable once parsed.
type (
	// Object is one of the types below.
	Object interface{}
	// Name is a PDF name without its slash, #xx escapes decoded.
	Name string
	// Int is a PDF integer.
	Int int64
	// Real is a PDF real number, kept as written.
	Real string
	// Bool is true or false.
	Bool bool
	// Null is the null object.
	Null struct{}
	// Array is a PDF array.
	Array []Object
	// Ref is an indirect reference "Num Gen R".
	Ref struct{ Num, Gen int }
)

// String is a PDF string; Pos and End are the offsets of its first and
// one-past-last byte (delimiters included) in the file it was parsed from.
type String struct {
	B        []byte
	Hex      bool
	Pos, End int
}

// Dict is a PDF dictionary; Keys keep the order they were written in.
type Dict struct {
	Keys []Name
	Vals map[Name]Object
}

// Get returns the value of key, or nil.
func (d *Dict) Get(key Name) Object {
	if d == nil {
		return nil
	}
	return d.Vals[key]
}

// Set sets key, appending it to Keys when new.
func (d *Dict) Set(key Name, v Object) {
	if d.Vals == nil {
		d.Vals = map[Name]Object{}
	}
	if _, ok := d.Vals[key]; !ok {
		d.Keys = append(d.Keys, key)
	}
	d.Vals[key] = v
}

// clone copies the dictionary's top level.
func (d *Dict) clone() *Dict {
	c := &Dict{Keys: append([]Name(nil), d.Keys...), Vals: make(map[Name]Object, len(d.Vals))}
	for k, v := range d.Vals {
		c.Vals[k] = v
	}
	return c
}

// Limits on what the parser accepts, so that no input makes it recurse or
// allocate without bound.
const (
	maxDepth   = 32
	maxDictLen = 4096
)

// lexer reads PDF tokens from b starting at pos.
type lexer struct {
	b   []byte
	pos int
}

func isSpace(c byte) bool {
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' '
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

func (l *lexer) errorf(format string, args ...any) error {
	return fmt.Errorf("at byte %d: %s", l.pos, fmt.Sprintf(format, args...))
}

// skipSpace skips white space and comments.
func (l *lexer) skipSpace() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		switch {
		case isSpace(c):
			l.pos++
		case c == '%':
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
		default:
			return
		}
	}
}

// keyword reads a run of regular characters (a number, keyword or operator).
func (l *lexer) keyword() []byte {
	start := l.pos
	for l.pos < len(l.b) && !isSpace(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		l.pos++
	}
	return l.b[start:l.pos]
}

// expect skips space and reads the keyword kw.
func (l *lexer) expect(kw string) error {
	l.skipSpace()
	at := l.pos
	if got := l.keyword(); string(got) != kw {
		l.pos = at
		return l.errorf("expected %q, found %q", kw, textfmt.Clip(string(got), 20))
	}
	return nil
}

// object parses one direct object (or reference).
func (l *lexer) object(depth int) (Object, error) {
	if depth > maxDepth {
		return nil, l.errorf("objects nested too deeply")
	}
	l.skipSpace()
	if l.pos >= len(l.b) {
		return nil, l.errorf("unexpected end of file")
	}
	switch c := l.b[l.pos]; {
	case c == '/':
		return l.name()
	case c == '(':
		return l.literal()
	case c == '<' && l.pos+1 < len(l.b) && l.b[l.pos+1] == '<':
		return l.dict(depth)
	case c == '<':
		return l.hex()
	case c == '[':
		l.pos++
		var a Array
		for {
			l.skipSpace()
			if l.pos < len(l.b) && l.b[l.pos] == ']' {
				l.pos++
				return a, nil
			}
			if len(a) >= maxDictLen {
				return nil, l.errorf("array too long")
			}
			v, err := l.object(depth + 1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
	case isDelim(c):
		return nil, l.errorf("unexpected %q", c)
	}
	at := l.pos
	kw := l.keyword()
	switch string(kw) {
	case "true":
		return Bool(true), nil
	case "false":
		return Bool(false), nil
	case "null":
		return Null{}, nil
	}
	n, isInt, err := number(kw)
	if err != nil {
		l.pos = at
		return nil, l.errorf("%v", err)
	}
	if !isInt {
		return Real(kw), nil
	}
	// "n g R" is a reference; look ahead without consuming otherwise.
	save := l.pos
	l.skipSpace()
	gen := l.keyword()
	if g, gInt, err := number(gen); err == nil && gInt && n >= 0 && g >= 0 && n <= 1<<30 && g <= 65535 {
		l.skipSpace()
		if r := l.keyword(); string(r) == "R" {
			return Ref{int(n), int(g)}, nil
		}
	}
	l.pos = save
	return Int(n), nil
}

// number parses an integer or real as PDF writes them.
func number(b []byte) (int64, bool, error) {
	if len(b) == 0 {
		return 0, false, errors.New("expected an object")
	}
	digits, dot := 0, false
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		case (c == '+' || c == '-') && i == 0:
		default:
			return 0, false, fmt.Errorf("unexpected %q", textfmt.Clip(string(b), 20))
		}
	}
	if digits == 0 || digits > 18 {
		return 0, false, fmt.Errorf("bad number %q", textfmt.Clip(string(b), 20))
	}
	if dot {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("bad number %q", textfmt.Clip(string(b), 20))
	}
	return n, true, nil
}

func (l *lexer) name() (Object, error) {
	l.pos++ // '/'
	raw := l.keyword()
	if bytes.IndexByte(raw, '#') < 0 {
		return Name(raw), nil
	}
	var out []byte
	for i := 0; i < len(raw); i++ {
		if raw[i] == '#' {
			if i+2 >= len(raw) {
				return nil, l.errorf("bad # escape in a name")
			}
			v, err := strconv.ParseUint(string(raw[i+1:i+3]), 16, 8)
			if err != nil || v == 0 {
				return nil, l.errorf("bad # escape in a name")
			}
			out = append(out, byte(v))
			i += 2
			continue
		}
		out = append(out, raw[i])
	}
	return Name(out), nil
}

func (l *lexer) literal() (Object, error) {
	start := l.pos
	l.pos++ // '('
	var out []byte
	depth := 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return String{B: out, Pos: start, End: l.pos}, nil
			}
		case '\\':
			if l.pos >= len(l.b) {
				return nil, l.errorf("unterminated string")
			}
			e := l.b[l.pos]
			l.pos++
			switch e {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && l.b[l.pos] >= '0' && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				} else {
					c = e
				}
			}
		}
		out = append(out, c)
	}
	return nil, l.errorf("unterminated string")
}

func (l *lexer) hex() (Object, error) {
	start := l.pos
	l.pos++ // '<'
	var out []byte
	var hi byte
	half := false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		if c == '>' {
			if half {
				out = append(out, hi<<4)
			}
			return String{B: out, Hex: true, Pos: start, End: l.pos}, nil
		}
		if isSpace(c) {
			continue
		}
		v, ok := unhex(c)
		if !ok {
			return nil, l.errorf("bad character %q in a hex string", c)
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	return nil, l.errorf("unterminated hex string")
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func (l *lexer) dict(depth int) (Object, error) {
	l.pos += 2 // "<<"
	d := &Dict{Vals: map[Name]Object{}}
	for {
		l.skipSpace()
		if l.pos+1 < len(l.b) && l.b[l.pos] == '>' && l.b[l.pos+1] == '>' {
			l.pos += 2
			return d, nil
		}
		if l.pos >= len(l.b) || l.b[l.pos] != '/' {
			return nil, l.errorf("expected a name as dictionary key")
		}
		k, err := l.name()
		if err != nil {
			return nil, err
		}
		key := k.(Name)
		if _, dup := d.Vals[key]; dup {
			return nil, l.errorf("duplicate key /%s", key)
		}
		if len(d.Keys) >= maxDictLen {
			return nil, l.errorf("dictionary too long")
		}
		v, err := l.object(depth + 1)
		if err != nil {
			return nil, err
		}
		d.Keys = append(d.Keys, key)
		d.Vals[key] = v
	}
}

// Equal reports whether two objects are the same value. Strings compare by
// content, whether written literal or hex.
func Equal(a, b Object) bool {
	switch x := a.(type) {
	case String:
		y, ok := b.(String)
		return ok && bytes.Equal(x.B, y.B)
	case Array:
		y, ok := b.(Array)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return false
			}
		}
		return true
	case *Dict:
		y, ok := b.(*Dict)
		if !ok || len(x.Vals) != len(y.Vals) {
			return false
		}
		for k, v := range x.Vals {
			w, ok := y.Vals[k]
			if !ok || !Equal(v, w) {
				return false
			}
		}
		return true
	case Name, Int, Real, Bool, Null, Ref:
		return a == b
	}
	return false
}

// write appends the PDF syntax of o to buf.
func write(buf *bytes.Buffer, o Object) {
	switch x := o.(type) {
	case Name:
		buf.WriteByte('/')
		for i := 0; i < len(x); i++ {
			c := x[i]
			if c <= ' ' || c >= 0x7f || c == '#' || isDelim(c) {
				fmt.Fprintf(buf, "#%02X", c)
			} else {
				buf.WriteByte(c)
			}
		}
	case Int:
		buf.WriteString(strconv.FormatInt(int64(x), 10))
	case Real:
		buf.WriteString(string(x))
	case Bool:
		buf.WriteString(strconv.FormatBool(bool(x)))
	case Null:
		buf.WriteString("null")
	case Ref:
		fmt.Fprintf(buf, "%d %d R", x.Num, x.Gen)
	case String:
		// Always hex: no escaping rules to get wrong, whatever the bytes.
		buf.WriteByte('<')
		fmt.Fprintf(buf, "%X", x.B)
		buf.WriteByte('>')
	case Array:
		buf.WriteByte('[')
		for i, v := range x {
			if i > 0 {
				buf.WriteByte(' ')
			}
			write(buf, v)
		}
		buf.WriteByte(']')
	case *Dict:
		buf.WriteString("<<")
		for _, k := range x.Keys {
			buf.WriteByte(' ')
			write(buf, k)
			buf.WriteByte(' ')
			write(buf, x.Vals[k])
		}
		buf.WriteString(" >>")
	default:
		panic(fmt.Sprintf("pdfsig: cannot write %T", o))
	}
}

// TextString encodes s as a PDF text string: PDFDocEncoding's ASCII subset
// as is, anything else as UTF-16BE with a byte order mark.
func TextString(s string) String {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			ascii = false
			break
		}
	}
	if ascii {
		return String{B: []byte(s)}
	}
	b := []byte{0xfe, 0xff}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u>>8), byte(u))
	}
	return String{B: b}
}

// Text decodes a PDF text string (UTF-16BE with a byte order mark, UTF-8
// with one, or PDFDocEncoding read as Latin-1, which it is for the
// characters lia writes).
func Text(s String) string {
	b := s.B
	switch {
	case len(b) >= 2 && b[0] == 0xfe && b[1] == 0xff:
		b = b[2:]
		u := make([]uint16, 0, len(b)/2)
		for i := 0; i+1 < len(b); i += 2 {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
		return string(utf16.Decode(u))
	case len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf && utf8.Valid(b[3:]):
		return string(b[3:])
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}
