package signing

import (
	"fmt"
)

// JSONWriter writes RFC 8785 canonical JSON piece by piece, for a caller that
// knows its members in canonical order already (sorted by the UTF-16 code
// units of their names: for ASCII names, byte order). It writes strings and
// numbers as Canonicalize does; the first error sticks and Bytes returns it.
type JSONWriter struct {
	buf   []byte
	err   error
	first bool // no member or element written yet in the current object or array
}

// NewJSONWriter returns a writer with room for size bytes.
func NewJSONWriter(size int) *JSONWriter {
	return &JSONWriter{buf: make([]byte, 0, size)}
}

// AppendJSONWriter returns a writer that appends to dst, so that a caller can
// reuse one buffer for many documents; Bytes returns the extended slice.
func AppendJSONWriter(dst []byte) *JSONWriter {
	return &JSONWriter{buf: dst}
}

// Open starts an object ('{') or an array ('[').
func (w *JSONWriter) Open(c byte) {
	w.buf = append(w.buf, c)
	w.first = true
}

// Close ends an object ('}') or an array (']').
func (w *JSONWriter) Close(c byte) {
	w.buf = append(w.buf, c)
	w.first = false
}

// Key starts a member of the current object.
func (w *JSONWriter) Key(name string) {
	w.sep()
	w.str(name)
	w.buf = append(w.buf, ':')
	w.first = true // the value needs no separator
}

// Elem starts an element of the current array.
func (w *JSONWriter) Elem() { w.sep() }

func (w *JSONWriter) sep() {
	if !w.first {
		w.buf = append(w.buf, ',')
	}
	w.first = false
}

// String writes a string value.
func (w *JSONWriter) String(s string) {
	w.str(s)
	w.first = false
}

func (w *JSONWriter) str(s string) {
	b, err := appendString(w.buf, s)
	w.set(b)
	if err != nil && w.err == nil {
		w.err = err
	}
}

// set makes b, which extends w.buf, the buffer. Only when b is a new array
// (appending grows an array to a larger capacity) does it store a pointer:
// otherwise it only lengthens the slice, which costs no write barrier while
// the garbage collector runs.
func (w *JSONWriter) set(b []byte) {
	if cap(b) == cap(w.buf) {
		w.buf = w.buf[:len(b)]
		return
	}
	w.buf = b
}

// Strings writes an array of strings.
func (w *JSONWriter) Strings(xs []string) {
	w.Open('[')
	for i, x := range xs {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.str(x)
	}
	w.Close(']')
}

// Number writes a number as an IEEE 754 double.
func (w *JSONWriter) Number(f float64) {
	b, err := appendNumber(w.buf, f)
	w.set(b)
	if err != nil && w.err == nil {
		w.err = err
	}
	w.first = false
}

// Int writes an integer; beyond 2^53 it is an error, as in Canonicalize.
func (w *JSONWriter) Int(i int64) {
	b, err := appendInt(w.buf, i)
	w.set(b)
	if err != nil && w.err == nil {
		w.err = err
	}
	w.first = false
}

// Bool writes true or false.
func (w *JSONWriter) Bool(b bool) {
	if b {
		w.buf = append(w.buf, "true"...)
	} else {
		w.buf = append(w.buf, "false"...)
	}
	w.first = false
}

// Bytes returns what was written, or the first error.
func (w *JSONWriter) Bytes() ([]byte, error) {
	if w.err != nil {
		return nil, fmt.Errorf("canonical form: %w", w.err)
	}
	return w.buf, nil
}
