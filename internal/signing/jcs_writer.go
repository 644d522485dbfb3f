package signing

import (
	"bytes"
	"fmt"
)

// JSONWriter writes RFC 8785 canonical JSON piece by piece, for a caller that
// knows its members in canonical order already (sorted by the UTF-16 code
// units of their names: for ASCII names, byte order). It writes strings and
// numbers as Canonicalize does; the first error sticks and Bytes returns it.
type JSONWriter struct {
	buf   bytes.Buffer
	err   error
	first bool // no member or element written yet in the current object or array
}

// NewJSONWriter returns a writer with room for size bytes.
func NewJSONWriter(size int) *JSONWriter {
	w := &JSONWriter{}
	w.buf.Grow(size)
	return w
}

// Open starts an object ('{') or an array ('[').
func (w *JSONWriter) Open(c byte) {
	w.buf.WriteByte(c)
	w.first = true
}

// Close ends an object ('}') or an array (']').
func (w *JSONWriter) Close(c byte) {
	w.buf.WriteByte(c)
	w.first = false
}

// Key starts a member of the current object.
func (w *JSONWriter) Key(name string) {
	w.sep()
	w.str(name)
	w.buf.WriteByte(':')
	w.first = true // the value needs no separator
}

// Elem starts an element of the current array.
func (w *JSONWriter) Elem() { w.sep() }

func (w *JSONWriter) sep() {
	if !w.first {
		w.buf.WriteByte(',')
	}
	w.first = false
}

// String writes a string value.
func (w *JSONWriter) String(s string) {
	w.str(s)
	w.first = false
}

func (w *JSONWriter) str(s string) {
	if err := writeString(&w.buf, s); err != nil && w.err == nil {
		w.err = err
	}
}

// Strings writes an array of strings.
func (w *JSONWriter) Strings(xs []string) {
	w.Open('[')
	for _, x := range xs {
		w.Elem()
		w.String(x)
	}
	w.Close(']')
}

// Number writes a number as an IEEE 754 double.
func (w *JSONWriter) Number(f float64) {
	s, err := FormatNumber(f)
	if err != nil && w.err == nil {
		w.err = err
	}
	w.buf.WriteString(s)
	w.first = false
}

// Int writes an integer; beyond 2^53 it is an error, as in Canonicalize.
func (w *JSONWriter) Int(i int64) {
	if err := writeInt(&w.buf, i); err != nil && w.err == nil {
		w.err = err
	}
	w.first = false
}

// Bool writes true or false.
func (w *JSONWriter) Bool(b bool) {
	if b {
		w.buf.WriteString("true")
	} else {
		w.buf.WriteString("false")
	}
	w.first = false
}

// Bytes returns what was written, or the first error.
func (w *JSONWriter) Bytes() ([]byte, error) {
	if w.err != nil {
		return nil, fmt.Errorf("canonical form: %w", w.err)
	}
	return w.buf.Bytes(), nil
}
