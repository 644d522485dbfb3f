package pdfsig

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
)

// File is a PDF as lia writes it: a base revision (lia report's output) and
// the incremental updates appended to it, each a run of objects, a classic
// cross-reference table and a trailer. Anything else (cross-reference
// streams, object streams, bytes between objects) is refused or reported, so
// that every byte of the file is accounted for.
type File struct {
	Data []byte
	Revs []*Revision
	// TailErr says why the bytes from Revs[len(Revs)-1].End on are not a
	// revision; it is nil when the last revision ends the file.
	TailErr error
}

// Revision is the base or one incremental update.
type Revision struct {
	Start, End int // byte span; End is just past "%%EOF" and its end of line
	XRef       int // offset of the "xref" keyword
	Trailer    *Dict
	Objects    []*Indirect // in file order
	byNum      map[int]*Indirect
}

// Indirect is one "N G obj ... endobj" in a revision.
type Indirect struct {
	Num, Gen   int
	Start, End int // from the object number to just past "endobj"
	Value      Object
	// For a stream: Value is its dictionary, Data the stream's bytes as
	// stored (still encoded), DataPos their offset in the file, and
	// LengthPos/LengthEnd the span of the /Length value's digits.
	IsStream             bool
	Data                 []byte
	DataPos              int
	LengthPos, LengthEnd int
}

// Parse reads a PDF written by lia: the base revision must parse, later
// revisions are read as far as they go (TailErr says why one did not).
func Parse(data []byte) (*File, error) {
	if !bytes.HasPrefix(data, []byte("%PDF-1.")) {
		return nil, errors.New("not a PDF file")
	}
	f := &File{Data: data}
	// The header: "%PDF-1.n", then a comment line of binary bytes.
	l := &lexer{b: data, pos: bytes.IndexByte(data, '\n') + 1}
	if l.pos == 0 {
		return nil, errors.New("not a PDF file")
	}
	base, err := f.parseRevision(0, l.pos)
	if err != nil {
		return nil, fmt.Errorf("reading the PDF: %w", err)
	}
	if base.Trailer.Get("Prev") != nil {
		return nil, errors.New("reading the PDF: the first revision's trailer has /Prev")
	}
	f.Revs = append(f.Revs, base)
	for end := base.End; end < len(data); {
		r, err := f.parseRevision(end, end)
		if err != nil {
			f.TailErr = err
			break
		}
		prev := f.Revs[len(f.Revs)-1]
		if p, ok := r.Trailer.Get("Prev").(Int); !ok || int(p) != prev.XRef {
			f.TailErr = fmt.Errorf("the update at byte %d does not point back to the previous revision's cross-reference table", end)
			break
		}
		f.Revs = append(f.Revs, r)
		end = r.End
	}
	return f, nil
}

// parseRevision reads objects from pos, then the cross-reference table,
// trailer, startxref and %%EOF. start is where the revision begins (the
// header, for the base).
func (f *File) parseRevision(start, pos int) (*Revision, error) {
	r := &Revision{Start: start, byNum: map[int]*Indirect{}}
	l := &lexer{b: f.Data, pos: pos}
	for {
		l.skipSpace()
		if l.pos >= len(l.b) {
			return nil, l.errorf("unexpected end of file before the cross-reference table")
		}
		if bytes.HasPrefix(l.b[l.pos:], []byte("xref")) {
			break
		}
		o, err := l.indirect()
		if err != nil {
			return nil, err
		}
		if _, dup := r.byNum[o.Num]; dup {
			return nil, fmt.Errorf("object %d appears twice in one revision", o.Num)
		}
		r.byNum[o.Num] = o
		r.Objects = append(r.Objects, o)
	}
	r.XRef = l.pos
	if err := l.xref(r); err != nil {
		return nil, err
	}
	if err := l.expect("trailer"); err != nil {
		return nil, err
	}
	t, err := l.object(0)
	if err != nil {
		return nil, err
	}
	d, ok := t.(*Dict)
	if !ok {
		return nil, l.errorf("the trailer is not a dictionary")
	}
	r.Trailer = d
	if err := l.expect("startxref"); err != nil {
		return nil, err
	}
	l.skipSpace()
	if x, isInt, err := number(l.keyword()); err != nil || !isInt || int(x) != r.XRef {
		return nil, l.errorf("startxref does not point at the cross-reference table")
	}
	for l.pos < len(l.b) && isSpace(l.b[l.pos]) {
		l.pos++ // not skipSpace: %%EOF is a comment to it
	}
	if !bytes.HasPrefix(l.b[l.pos:], []byte("%%EOF")) {
		return nil, l.errorf("expected %%%%EOF")
	}
	l.pos += len("%%EOF")
	if bytes.HasPrefix(l.b[l.pos:], []byte("\r\n")) {
		l.pos += 2
	} else if l.pos < len(l.b) && (l.b[l.pos] == '\n' || l.b[l.pos] == '\r') {
		l.pos++
	}
	r.End = l.pos
	if size, ok := d.Get("Size").(Int); !ok || size < 1 {
		return nil, errors.New("the trailer has no /Size")
	}
	for _, o := range r.Objects {
		if o.Num >= int(d.Get("Size").(Int)) {
			return nil, fmt.Errorf("object %d is beyond the trailer's /Size", o.Num)
		}
	}
	return r, nil
}

// xref reads a classic cross-reference table and checks that it lists
// exactly the revision's objects at the offsets they were found at.
func (l *lexer) xref(r *Revision) error {
	l.pos += len("xref")
	listed := map[int]bool{}
	for {
		l.skipSpace()
		at := l.pos
		first, ok1, err1 := number(l.keyword())
		if err1 != nil || !ok1 {
			l.pos = at
			break // "trailer"
		}
		l.skipSpace()
		count, ok2, err2 := number(l.keyword())
		if err2 != nil || !ok2 || first < 0 || count < 0 || count > 1<<20 || first > 1<<30 {
			return l.errorf("bad cross-reference subsection header")
		}
		// Entries are exactly 20 bytes: "oooooooooo ggggg n" and a two-byte end of line.
		if l.pos < len(l.b) && l.b[l.pos] == '\r' {
			l.pos++
		}
		if l.pos >= len(l.b) || l.b[l.pos] != '\n' {
			return l.errorf("bad cross-reference subsection header")
		}
		l.pos++
		if int64(len(l.b)-l.pos) < count*20 {
			return l.errorf("cross-reference table cut short")
		}
		for i := 0; i < int(count); i++ {
			e := l.b[l.pos : l.pos+20]
			l.pos += 20
			num := int(first) + i
			off, okOff, _ := number(e[0:10])
			gen, okGen, _ := number(e[11:16])
			if !okOff || !okGen || e[10] != ' ' || e[16] != ' ' || !(e[18] == '\r' && e[19] == '\n' || e[18] == ' ' && (e[19] == '\n' || e[19] == '\r')) {
				return l.errorf("bad cross-reference entry for object %d", num)
			}
			if listed[num] {
				return l.errorf("object %d is listed twice", num)
			}
			listed[num] = true
			switch e[17] {
			case 'f':
				if num != 0 || gen != 65535 || off != 0 {
					return l.errorf("object %d is marked free; lia never deletes objects", num)
				}
			case 'n':
				o := r.byNum[num]
				if o == nil || int64(o.Start) != off || int64(o.Gen) != gen {
					return l.errorf("the cross-reference entry for object %d does not point at it", num)
				}
			default:
				return l.errorf("bad cross-reference entry for object %d", num)
			}
		}
	}
	for _, o := range r.Objects {
		if !listed[o.Num] {
			return fmt.Errorf("object %d is not in its revision's cross-reference table", o.Num)
		}
	}
	return nil
}

// indirect reads "N G obj <object> [stream ... endstream] endobj".
func (l *lexer) indirect() (*Indirect, error) {
	o := &Indirect{Start: l.pos}
	num, ok1, err1 := number(l.keyword())
	l.skipSpace()
	gen, ok2, err2 := number(l.keyword())
	if err1 != nil || err2 != nil || !ok1 || !ok2 || num < 1 || num > 1<<30 || gen != 0 {
		l.pos = o.Start
		return nil, l.errorf("expected an object")
	}
	o.Num, o.Gen = int(num), int(gen)
	if err := l.expect("obj"); err != nil {
		return nil, err
	}
	v, err := l.object(0)
	if err != nil {
		return nil, fmt.Errorf("object %d: %w", o.Num, err)
	}
	o.Value = v
	l.skipSpace()
	if bytes.HasPrefix(l.b[l.pos:], []byte("stream")) {
		d, ok := v.(*Dict)
		if !ok {
			return nil, fmt.Errorf("object %d: a stream without a dictionary", o.Num)
		}
		length, ok := d.Get("Length").(Int)
		if !ok || length < 0 {
			return nil, fmt.Errorf("object %d: a stream's /Length must be a direct integer", o.Num)
		}
		if err := lengthSpan(l.b[o.Start:l.pos], o); err != nil {
			return nil, err
		}
		l.pos += len("stream")
		if bytes.HasPrefix(l.b[l.pos:], []byte("\r\n")) {
			l.pos += 2
		} else if l.pos < len(l.b) && l.b[l.pos] == '\n' {
			l.pos++
		} else {
			return nil, l.errorf("object %d: stream keyword not followed by an end of line", o.Num)
		}
		if int64(len(l.b)-l.pos) < int64(length) {
			return nil, fmt.Errorf("object %d: stream cut short", o.Num)
		}
		o.IsStream = true
		o.DataPos = l.pos
		o.Data = l.b[l.pos : l.pos+int(length)]
		l.pos += int(length)
		if err := l.expect("endstream"); err != nil {
			return nil, fmt.Errorf("object %d: the stream does not end where its /Length says", o.Num)
		}
	}
	if err := l.expect("endobj"); err != nil {
		return nil, fmt.Errorf("object %d: %w", o.Num, err)
	}
	o.End = l.pos
	return o, nil
}

// lengthSpan finds the digits of the top-level /Length entry in an object's
// text (from its number to the stream keyword), relative to the file.
func lengthSpan(text []byte, o *Indirect) error {
	l := &lexer{b: text}
	for _, kw := range []string{"", "", "obj"} {
		l.skipSpace()
		if got := l.keyword(); kw != "" && string(got) != kw {
			return fmt.Errorf("object %d: unreadable header", o.Num)
		}
	}
	l.skipSpace()
	if !bytes.HasPrefix(text[l.pos:], []byte("<<")) {
		return fmt.Errorf("object %d: a stream without a dictionary", o.Num)
	}
	l.pos += 2
	for {
		l.skipSpace()
		if bytes.HasPrefix(text[l.pos:], []byte(">>")) {
			return fmt.Errorf("object %d: no /Length", o.Num)
		}
		k, err := l.name()
		if err != nil {
			return err
		}
		l.skipSpace()
		if k.(Name) == "Length" {
			o.LengthPos = o.Start + l.pos
			l.keyword()
			o.LengthEnd = o.Start + l.pos
			return nil
		}
		if _, err := l.object(1); err != nil {
			return err
		}
	}
}

// Lookup returns the latest definition of object num in revisions 0..rev.
func (f *File) Lookup(num, rev int) *Indirect {
	for i := rev; i >= 0; i-- {
		if o := f.Revs[i].byNum[num]; o != nil {
			return o
		}
	}
	return nil
}

// Resolve follows a reference (in revisions 0..rev); other objects are
// returned as they are.
func (f *File) Resolve(o Object, rev int) Object {
	if r, ok := o.(Ref); ok {
		if ind := f.Lookup(r.Num, rev); ind != nil && ind.Gen == r.Gen {
			return ind.Value
		}
		return Null{}
	}
	return o
}

// Nums returns the object numbers of a revision, sorted.
func (r *Revision) Nums() []int {
	n := make([]int, 0, len(r.Objects))
	for _, o := range r.Objects {
		n = append(n, o.Num)
	}
	sort.Ints(n)
	return n
}

// Object returns the revision's object num, or nil.
func (r *Revision) Object(num int) *Indirect { return r.byNum[num] }
