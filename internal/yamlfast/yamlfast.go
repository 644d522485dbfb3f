// Package yamlfast reads the plain subset of YAML that lia records are written
// in, several times faster than yaml.v3, and returns the tree yaml.v3 would
// build for the same text: the same kinds, styles, tags, values, lines and
// columns. Comments are skipped and not kept in the tree.
//
// The subset is what lia writes and what people write by hand in a record:
//   - block mappings whose keys are plain names (letters, digits, '_', '-', '.');
//   - block sequences, including a sequence at its key's own indentation;
//   - flow sequences and flow mappings of scalars, on one line;
//   - plain scalars, folded over several lines in block context;
//   - single- and double-quoted scalars on one line;
//   - comments wherever YAML allows them, and blank lines.
//
// Anything else (tabs, carriage returns, directives, document markers,
// anchors, aliases, tags, block scalars, complex keys, empty values, values
// whose type yaml.v3 resolves in a way this package does not decide) makes
// Parse report false, and the caller parses with yaml.v3, which also reports
// syntax errors. The rule is: when Parse says yes, yaml.v3 reads the same
// document without error and builds an equal tree (FuzzMatchesYAMLv3).
package yamlfast

import (
	"math/bits"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// maxHighs is how many characters outside ASCII a document may have for
// parser.col to find its columns without counting.
const maxHighs = 1024

// maxDepth bounds nesting; deeper documents go to yaml.v3 and the caller's limits.
const maxDepth = 64

// Parse parses data and returns its document node, or false when data is
// not in the subset (including when it is not valid YAML).
func Parse(data []byte) (*yaml.Node, bool) {
	return new(Arena).Parse(data)
}

// Arena holds the nodes of the documents it parses, so that once a program
// is done with them their memory serves the next document instead of
// becoming garbage: lia validate reads thousands of records of about a
// thousand nodes each. An Arena is for one goroutine at a time, and the
// trees it builds are only to be read: a node used again gets anew only
// the fields Parse sets (kind, style, tag, value, position, content).
type Arena struct {
	nodes      []yaml.Node  // the chunk nodes are taken from
	ptrs       []*yaml.Node // the chunk Content slices are cut from
	stack      []*yaml.Node // the children of the collections being read
	buf        []byte       // where a scalar's value is put together
	used       int          // chunks of nodeChunks in use, the last one as nodes
	pused      int          // chunks of ptrChunks in use, the last one as ptrs
	nodeChunks [][]yaml.Node
	ptrChunks  [][]*yaml.Node
	last       Summary // of the tree Parse last built
	highs      []int   // room for parser.highs
}

// Summary tells a caller what it would otherwise walk the tree for.
type Summary struct {
	// Nodes is how many nodes the tree has below its document node.
	Nodes int
	// Depth bounds the nesting: no node is deeper (the root at 0, its
	// children at 1, and so on).
	Depth int
	// Ambiguous counts the plain scalars, keys included, for which
	// PlainProblem reports a problem.
	Ambiguous int
}

// Summary describes the tree that the last successful Parse built.
func (a *Arena) Summary() Summary { return a.last }

// Chunk sizes, and how many chunks Reset keeps: enough for the largest
// records lia writes; a larger document's extra memory is left to the
// garbage collector.
const (
	nodeChunk     = 128 // nodes: under 20 KiB, a small allocation
	ptrChunk      = 512
	keptChunks    = 16
	keptPtrChunks = 8
)

// Parse parses data as the package's Parse does, taking the nodes from a.
// The tree stays valid until a.Reset; the strings in it are copies that
// share nothing with data or with a.
func (a *Arena) Parse(data []byte) (*yaml.Node, bool) {
	src := string(data)
	if a.highs == nil {
		a.highs = make([]int, 0, maxHighs)
	}
	highs, ok := scanText(src, a.highs[:0])
	if !ok {
		return nil, false
	}
	if a.stack == nil {
		a.stack = make([]*yaml.Node, 0, 64)
	}
	a.stack = a.stack[:0]
	p := &parser{src: src, line: 1, colLine: -1, Arena: a, highs: highs}
	nodes0 := p.nodeCount()
	if !p.nextContent() {
		return nil, false
	}
	ind := p.indent()
	start := p.off + ind
	if !p.isKey(start) {
		return nil, false
	}
	root, ok := p.mapping(start, ind, 0)
	if !ok || p.nextContent() {
		return nil, false
	}
	a.last = Summary{Nodes: p.nodeCount() - nodes0, Depth: p.depth + 2, Ambiguous: p.ambiguous}
	doc := p.node(yaml.DocumentNode, 0, "", "", root.Line, root.Column)
	doc.Content = []*yaml.Node{root}
	return doc, true
}

// plainText reports whether src has only characters the subset allows: no
// control characters but line feeds, none of the characters YAML reads as
// line breaks or byte order marks, nothing outside the Basic Multilingual
// Plane, and no line that starts a directive or a document marker.
func plainText(src string) bool {
	_, ok := scanText(src, nil)
	return ok
}

// scanText is plainText that also appends to highs the offset of each
// character outside ASCII and returns them, or nil when they do not fit in
// its capacity.
func scanText(src string, highs []int) ([]int, bool) {
	if !lineStartOK(src) {
		return highs, false
	}
	for i := 0; i < len(src); i++ {
		// Skip eight printable ASCII bytes at a time: a word has none below
		// ' ' and none from 0x7f up exactly when both tests find no high bit.
		// The lowest bit they find is exact (a borrow or a carry comes only
		// from a byte flagged itself), so it is where to stop.
		for i+8 <= len(src) {
			b := src[i : i+8]
			w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
				uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
			if m := ((w-0x2020202020202020)&^w | w | (w + 0x0101010101010101)) & 0x8080808080808080; m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		if i >= len(src) {
			break
		}
		c := src[i]
		if c >= ' ' && c < 0x7f {
			continue
		}
		switch {
		case c == '\n':
			if !lineStartOK(src[i+1:]) {
				return highs, false
			}
		case c < utf8.RuneSelf:
			return highs, false
		default:
			r, size := utf8.DecodeRuneInString(src[i:])
			if size == 1 || !(r >= 0xA0 && r <= 0xD7FF && r != 0x2028 && r != 0x2029 || r >= 0xE000 && r <= 0xFFFD && r != 0xFEFF) {
				return highs, false
			}
			if highs != nil && len(highs) < cap(highs) {
				highs = append(highs, i)
			} else {
				highs = nil // too many to keep: col counts
			}
			i += size - 1
		}
	}
	return highs, true
}

// lineStartOK reports whether a line may start s: not a directive or a
// document marker.
func lineStartOK(s string) bool {
	return s == "" || s[0] != '%' && !strings.HasPrefix(s, "---") && !strings.HasPrefix(s, "...")
}

// Reset lets a use again the memory of every tree it built: nothing may
// refer to those trees any more.
func (a *Arena) Reset() {
	// Chunks beyond the kept ones are dropped, so that one large document
	// does not keep its memory in every later use.
	if len(a.nodeChunks) > keptChunks {
		clear(a.nodeChunks[keptChunks:])
		a.nodeChunks = a.nodeChunks[:keptChunks]
	}
	if len(a.ptrChunks) > keptPtrChunks {
		clear(a.ptrChunks[keptPtrChunks:])
		a.ptrChunks = a.ptrChunks[:keptPtrChunks]
	}
	if cap(a.buf) > 64<<10 {
		a.buf = nil
	}
	a.nodes, a.ptrs, a.used, a.pused = nil, nil, 0, 0
	clear(a.stack[:cap(a.stack)])
	a.stack = a.stack[:0]
}

type parser struct {
	src  string
	off  int // start of the current line
	line int // number of the current line, from 1

	colLine, colAt, colN int   // the last column computed: line start, offset, column
	highs                []int // where the characters outside ASCII start, or nil: not known
	high                 int   // an index in highs, near the current line

	depth     int // the deepest block collection's depth
	ambiguous int // plain scalars PlainProblem finds a problem in

	// The Arena's stack holds the children of the collections being read,
	// innermost last; each collection's Content is cut, at its exact
	// length, from its ptrs.
	*Arena
}

// content moves the children stacked since from into a Content slice.
func (p *parser) content(from int) []*yaml.Node {
	n := len(p.stack) - from
	if n == 0 {
		return nil
	}
	if len(p.ptrs)+n > cap(p.ptrs) {
		p.ptrs = p.ptrChunkFor(n)
	}
	end := len(p.ptrs) + n
	c := p.ptrs[len(p.ptrs):end:end]
	copy(c, p.stack[from:])
	p.ptrs = p.ptrs[:end]
	p.stack = p.stack[:from]
	return c
}

// ptrChunkFor returns an empty chunk of at least n pointers, the next one
// kept if it is large enough. Content slices are copied over whole, so a
// chunk used before needs no clearing.
func (a *Arena) ptrChunkFor(n int) []*yaml.Node {
	if a.pused < len(a.ptrChunks) && cap(a.ptrChunks[a.pused]) >= n {
		a.pused++
		return a.ptrChunks[a.pused-1][:0]
	}
	c := make([]*yaml.Node, 0, max(ptrChunk, n))
	if a.ptrChunks == nil {
		a.ptrChunks = make([][]*yaml.Node, 0, keptPtrChunks)
	}
	if a.pused < len(a.ptrChunks) {
		a.ptrChunks[a.pused] = c
	} else {
		a.ptrChunks = append(a.ptrChunks, c)
	}
	a.pused++
	return c
}

// nodeCount returns how many nodes the Arena has handed out since its Reset.
func (a *Arena) nodeCount() int {
	n := len(a.nodes)
	if a.used > 0 {
		n += (a.used - 1) * nodeChunk
	}
	return n
}

// plainScalar returns a node for a plain scalar, counting it in p.ambiguous
// when readers disagree on it.
func (p *parser) plainScalar(tag, value string, line, col int) *yaml.Node {
	if msg, _ := PlainProblem(tag, value); msg != "" {
		p.ambiguous++
	}
	return p.node(yaml.ScalarNode, 0, tag, value, line, col)
}

// node allocates nodes in chunks: a record has a few hundred of them.
func (p *parser) node(kind yaml.Kind, style yaml.Style, tag, value string, line, col int) *yaml.Node {
	if len(p.nodes) == cap(p.nodes) {
		p.nextNodeChunk()
	}
	p.nodes = p.nodes[:len(p.nodes)+1]
	n := &p.nodes[len(p.nodes)-1]
	// Set the fields one by one: copying a whole node would also copy (and
	// put write barriers on) its eight empty pointer fields. Of a node used
	// before, only Content can be set: this package sets no other field,
	// and trees are only read (see Arena).
	n.Kind, n.Style, n.Tag, n.Value, n.Line, n.Column = kind, style, tag, value, line, col
	if n.Content != nil {
		n.Content = nil
	}
	return n
}

// nextNodeChunk moves p.nodes to the next chunk kept, or to a new one.
func (a *Arena) nextNodeChunk() {
	if a.used < len(a.nodeChunks) {
		a.nodes = a.nodeChunks[a.used][:0]
	} else {
		a.nodes = make([]yaml.Node, 0, nodeChunk)
		if a.nodeChunks == nil {
			a.nodeChunks = make([][]yaml.Node, 0, keptChunks)
		}
		a.nodeChunks = append(a.nodeChunks, a.nodes)
	}
	a.used++
}

// eol returns the end of the line holding i.
func (p *parser) eol(i int) int {
	if i >= len(p.src) {
		return len(p.src)
	}
	if j := strings.IndexByte(p.src[i:], '\n'); j >= 0 {
		return i + j
	}
	return len(p.src)
}

// advance moves to the start of the next line.
func (p *parser) advance() {
	p.off = p.eol(p.off) + 1
	p.line++
}

// indent counts the spaces that start the current line.
func (p *parser) indent() int {
	i := p.off
	for i < len(p.src) && p.src[i] == ' ' {
		i++
	}
	return i - p.off
}

// nextContent moves to the first line at or after the current one that holds
// more than spaces and a comment, and reports whether there is one.
func (p *parser) nextContent() bool {
	for p.off < len(p.src) {
		i := p.off + p.indent()
		if i < len(p.src) && p.src[i] != '\n' && p.src[i] != '#' {
			return true
		}
		p.advance()
	}
	return false
}

// col returns the column of i on the current line, from 1, in characters as
// yaml.v3 counts them. It counts on from the last column it returned on the
// same line, so that a long line costs linear time.
func (p *parser) col(i int) int {
	// Where no character outside ASCII lies between the line start and i,
	// the column is the byte count.
	if p.highs != nil {
		for p.high > 0 && p.highs[p.high-1] >= p.off {
			p.high--
		}
		for p.high < len(p.highs) && p.highs[p.high] < p.off {
			p.high++
		}
		if p.high == len(p.highs) || p.highs[p.high] >= i {
			return i - p.off + 1
		}
	}
	j, n := p.off, 1
	if p.colLine == p.off && p.colAt <= i {
		j, n = p.colAt, p.colN
	}
	// Eight bytes at a time: each is a character but a continuation byte
	// (10xxxxxx), which has its top bit set and the next one clear.
	for ; j+8 <= i; j += 8 {
		b := p.src[j : j+8]
		w := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		n += 8 - bits.OnesCount64(w&^(w<<1)&0x8080808080808080)
	}
	for ; j < i; j++ {
		if p.src[j]&0xC0 != 0x80 {
			n++
		}
	}
	p.colLine, p.colAt, p.colN = p.off, i, n
	return n
}

func (p *parser) spaces(i int) int {
	for i < len(p.src) && p.src[i] == ' ' {
		i++
	}
	return i
}

// endOfLine reports whether only spaces and a comment follow i on its line.
func (p *parser) endOfLine(i int) bool {
	j := p.spaces(i)
	return j == len(p.src) || p.src[j] == '\n' || p.src[j] == '#' && j > i
}

func isKeyChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

// keyEnd returns the end of the plain name at i that is followed by a colon
// and then a space or the end of the line, or -1.
func (p *parser) keyEnd(i int) int {
	if i >= len(p.src) {
		return -1
	}
	if c := p.src[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
		return -1
	}
	j := i + 1
	for j < len(p.src) && isKeyChar(p.src[j]) {
		j++
	}
	if j == len(p.src) || p.src[j] != ':' || j-i > 1000 {
		return -1 // yaml.v3 allows at most 1024 characters in a simple key
	}
	if k := j + 1; k < len(p.src) && p.src[k] != ' ' && p.src[k] != '\n' {
		return -1
	}
	// A name that starts with a letter or '_' is text unless it is one of
	// the words resolve reads as true, false or null, all four or five
	// letters long.
	if n := j - i; n == 4 || n == 5 {
		if tag, _ := resolve(p.src[i:j]); tag != "!!str" {
			return -1
		}
	}
	return j
}

func (p *parser) isKey(i int) bool { return p.keyEnd(i) >= 0 }

// isEntry reports whether a block sequence entry ("- ") starts at i.
func (p *parser) isEntry(i int) bool {
	return i < len(p.src) && p.src[i] == '-' && (i+1 == len(p.src) || p.src[i+1] == ' ' || p.src[i+1] == '\n')
}

// mapping reads a block mapping whose first key starts at i, in column ind
// (from 0) of the current line. It returns with the current line at the first
// line after the mapping, or at the end.
func (p *parser) mapping(i, ind, depth int) (*yaml.Node, bool) {
	if depth > maxDepth {
		return nil, false
	}
	p.depth = max(p.depth, depth)
	m := p.node(yaml.MappingNode, 0, "!!map", "", p.line, ind+1)
	from := len(p.stack)
	for {
		end := p.keyEnd(i)
		if end < 0 {
			return nil, false
		}
		k := p.plainScalar("!!str", p.src[i:end], p.line, ind+1)
		v, ok := p.value(end+1, ind, depth)
		if !ok {
			return nil, false
		}
		p.stack = append(p.stack, k, v)
		if !p.nextContent() {
			break
		}
		next := p.indent()
		if next < ind {
			break
		}
		if next > ind {
			return nil, false
		}
		i = p.off + ind
	}
	m.Content = p.content(from)
	return m, true
}

// value reads a mapping value that starts after the colon at i; ind is the
// mapping's indentation.
func (p *parser) value(i, ind, depth int) (*yaml.Node, bool) {
	if !p.endOfLine(i) {
		return p.inline(p.spaces(i), ind, depth)
	}
	// The value is a block on the lines that follow.
	p.advance()
	if !p.nextContent() {
		return nil, false
	}
	next := p.indent()
	start := p.off + next
	switch {
	case next > ind && p.isEntry(start):
		return p.sequence(next, false, depth+1)
	case next > ind && p.isKey(start):
		return p.mapping(start, next, depth+1)
	case next == ind && p.isEntry(start):
		return p.sequence(next, true, depth+1)
	}
	return nil, false
}

// sequence reads a block sequence whose entries start in column ind of the
// current line. An indentless sequence sits at its key's indentation and ends
// at the next key.
func (p *parser) sequence(ind int, indentless bool, depth int) (*yaml.Node, bool) {
	if depth > maxDepth {
		return nil, false
	}
	p.depth = max(p.depth, depth)
	s := p.node(yaml.SequenceNode, 0, "!!seq", "", p.line, ind+1)
	from := len(p.stack)
	for {
		i := p.off + ind + 1
		j := p.spaces(i)
		if j == i || p.endOfLine(i) {
			return nil, false // an entry on the lines that follow, or empty
		}
		var item *yaml.Node
		var ok bool
		if p.isKey(j) {
			item, ok = p.mapping(j, j-p.off, depth+1)
		} else {
			item, ok = p.inline(j, ind, depth+1)
		}
		if !ok {
			return nil, false
		}
		p.stack = append(p.stack, item)
		if !p.nextContent() {
			break
		}
		next := p.indent()
		if next < ind {
			break
		}
		if next > ind {
			return nil, false
		}
		if !p.isEntry(p.off + next) {
			if !indentless {
				return nil, false
			}
			break
		}
	}
	s.Content = p.content(from)
	return s, true
}

// inline reads a value that starts at i on the current line, and moves past
// it. ind is the indentation a plain scalar's continuation lines must exceed.
func (p *parser) inline(i, ind, depth int) (*yaml.Node, bool) {
	var n *yaml.Node
	var end int
	var ok bool
	switch p.src[i] {
	case '"', '\'':
		n, end, ok = p.quoted(i)
	case '[', '{':
		n, end, ok = p.flow(i)
	case '|':
		return p.literal(i, ind)
	default:
		return p.plain(i, ind)
	}
	if !ok || !p.endOfLine(end) {
		return nil, false
	}
	p.advance()
	return n, true
}

// plainStart reports whether a plain scalar in the subset may start at i.
func (p *parser) plainStart(i int) bool {
	c := p.src[i]
	switch {
	case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= utf8.RuneSelf:
		return true
	case c == '_' || c == '/' || c == '(' || c == '$' || c == '~':
		return true
	case c == '-':
		return i+1 < len(p.src) && p.src[i+1] >= '0' && p.src[i+1] <= '9'
	}
	return false
}

// segment returns the end of the plain text that starts at i on its line,
// without trailing spaces, and whether a comment follows it. In flow context
// the text also ends at a comma or a closing bracket.
func (p *parser) segment(i int, flow bool) (end int, comment, ok bool) {
	if !flow {
		return p.blockSegment(i)
	}
	j := i
loop:
	for ; j < len(p.src); j++ {
		if !special[p.src[j]] {
			continue
		}
		switch p.src[j] {
		case '\n':
			break loop
		case ':':
			if flow || j+1 == len(p.src) || p.src[j+1] == ' ' || p.src[j+1] == '\n' {
				return 0, false, false
			}
		case '#':
			if p.src[j-1] == ' ' {
				comment = true
				break loop
			}
		case ',', ']', '}':
			if flow {
				break loop
			}
		case '[', '{', '?':
			if flow {
				return 0, false, false
			}
		}
	}
	for j > i && p.src[j-1] == ' ' {
		j--
	}
	return j, comment, true
}

// blockSegment is segment in block context, where only a line feed, a
// colon and a number sign matter: it finds them with IndexByte, which looks
// at many bytes at a time, as the long messages of a record's findings want.
func (p *parser) blockSegment(i int) (end int, comment, ok bool) {
	j := p.eol(i)
	// The text ends at the first '#' after a space (a comment), or at the
	// end of the line.
	for k := i; k < j; {
		h := strings.IndexByte(p.src[k:j], '#')
		if h < 0 {
			break
		}
		k += h
		if p.src[k-1] == ' ' {
			j, comment = k, true
			break
		}
		k++
	}
	// Before it, a colon followed by a space, a line feed or the end of
	// the text would make a key.
	for k := i; k < j; {
		c := strings.IndexByte(p.src[k:j], ':')
		if c < 0 {
			break
		}
		k += c
		if k+1 == len(p.src) || p.src[k+1] == ' ' || p.src[k+1] == '\n' {
			return 0, false, false
		}
		k++
	}
	for j > i && p.src[j-1] == ' ' {
		j--
	}
	return j, comment, true
}

// special marks the bytes segment must look at.
var special = func() (t [256]bool) {
	for _, c := range []byte("\n:#,[]{}?") {
		t[c] = true
	}
	return t
}()

// plain reads a plain scalar in block context, folding its continuation lines.
func (p *parser) plain(i, ind int) (*yaml.Node, bool) {
	if !p.plainStart(i) {
		return nil, false
	}
	line, col := p.line, p.col(i)
	end, comment, ok := p.segment(i, false)
	if !ok {
		return nil, false
	}
	value := p.src[i:end]
	var folded []byte // in p.buf, once a line is folded in
	p.advance()
	for !comment {
		// Blank lines fold to line feeds; a line indented deeper than the
		// block continues the scalar.
		blanks, save, saveLine := 0, p.off, p.line
		for p.off < len(p.src) {
			if s := p.spaces(p.off); s < len(p.src) && p.src[s] != '\n' {
				break
			}
			blanks++
			p.advance()
		}
		if p.off >= len(p.src) {
			break
		}
		next := p.indent()
		start := p.off + next
		if next <= ind || p.src[start] == '#' {
			p.off, p.line = save, saveLine
			break
		}
		if !p.plainStart(start) {
			return nil, false
		}
		end, comment, ok = p.segment(start, false)
		if !ok {
			return nil, false
		}
		if folded == nil {
			folded = append(p.buf[:0], value...)
		}
		if blanks == 0 {
			folded = append(folded, ' ')
		}
		for range blanks {
			folded = append(folded, '\n')
		}
		folded = append(folded, p.src[start:end]...)
		p.advance()
	}
	if folded != nil {
		value = string(folded)
		p.buf = folded[:0]
	}
	tag, ok := resolve(value)
	if !ok {
		return nil, false
	}
	return p.plainScalar(tag, value, line, col), true
}

// literal reads a literal block scalar ("|" or "|-"), as lia writes
// signatures. Its content is indented deeper than ind, as deep as its first
// line, which must hold text.
func (p *parser) literal(i, ind int) (*yaml.Node, bool) {
	line, col := p.line, p.col(i)
	j := i + 1
	strip := j < len(p.src) && p.src[j] == '-'
	if strip {
		j++
	}
	if !p.endOfLine(j) || j < len(p.src) && p.src[j] == '#' {
		return nil, false
	}
	p.advance()
	if p.off >= len(p.src) {
		return nil, false
	}
	n := p.indent()
	if s := p.off + n; n <= ind || s >= len(p.src) || p.src[s] == '\n' {
		return nil, false
	}
	value := p.buf[:0]
	for {
		e := p.eol(p.off)
		if e == len(p.src) {
			return nil, false // a last line without a line feed
		}
		value = append(value, p.src[p.off+n:e+1]...)
		p.advance()
		blanks, save, saveLine := 0, p.off, p.line
		for p.off < len(p.src) {
			s := p.spaces(p.off)
			if s < len(p.src) && p.src[s] != '\n' {
				break
			}
			if s == len(p.src) || s-p.off > n {
				return nil, false // spaces that would be content, or no line feed
			}
			blanks++
			p.advance()
		}
		if p.off >= len(p.src) || p.indent() < n {
			p.off, p.line = save, saveLine
			break
		}
		for range blanks {
			value = append(value, '\n')
		}
	}
	if strip {
		value = value[:len(value)-1]
	}
	p.buf = value[:0]
	return p.node(yaml.ScalarNode, yaml.LiteralStyle, "!!str", string(value), line, col), true
}

// quoted reads a single- or double-quoted scalar that ends on its line.
func (p *parser) quoted(i int) (*yaml.Node, int, bool) {
	q := p.src[i]
	buf, built := p.buf[:0], false // the value, once it differs from the text
	from := i + 1
	j := from
	for {
		if j >= len(p.src) || p.src[j] == '\n' {
			return nil, 0, false
		}
		c := p.src[j]
		if c == q {
			if q == '\'' && j+1 < len(p.src) && p.src[j+1] == '\'' {
				buf, built = append(buf, p.src[from:j+1]...), true
				j += 2
				from = j
				continue
			}
			break
		}
		if c == '\\' && q == '"' {
			buf, built = append(buf, p.src[from:j]...), true
			var n int
			var ok bool
			buf, n, ok = unescape(buf, p.src[j+1:])
			if !ok {
				return nil, 0, false
			}
			j += 1 + n
			from = j
			continue
		}
		j++
	}
	value := p.src[from:j]
	if built {
		buf = append(buf, value...)
		value = string(buf)
		p.buf = buf[:0]
	}
	style := yaml.DoubleQuotedStyle
	if q == '\'' {
		style = yaml.SingleQuotedStyle
	}
	return p.node(yaml.ScalarNode, style, "!!str", value, p.line, p.col(i)), j + 1, true
}

var escapes = map[byte]byte{
	'0': 0, 'a': '\a', 'b': '\b', 't': '\t', 'n': '\n', 'v': '\v', 'f': '\f',
	'r': '\r', 'e': 0x1b, ' ': ' ', '"': '"', '\'': '\'', '\\': '\\',
}

// unescape appends the character a double-quoted escape stands for; s follows
// the backslash. It returns how many bytes of s the escape used.
func unescape(buf []byte, s string) ([]byte, int, bool) {
	if s == "" {
		return nil, 0, false
	}
	if c, ok := escapes[s[0]]; ok {
		return append(buf, c), 1, true
	}
	var digits int
	switch s[0] {
	case 'x':
		digits = 2
	case 'u':
		digits = 4
	case 'U':
		digits = 8
	default:
		return nil, 0, false
	}
	if len(s) < 1+digits {
		return nil, 0, false
	}
	var r uint32 // eight hex digits overflow a rune
	for _, c := range []byte(s[1 : 1+digits]) {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | uint32(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | uint32(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | uint32(c-'A'+10)
		default:
			return nil, 0, false
		}
	}
	if r >= 0xD800 && r <= 0xDFFF || r > utf8.MaxRune {
		return nil, 0, false
	}
	return utf8.AppendRune(buf, rune(r)), 1 + digits, true
}

// flowScalar reads a scalar inside a flow collection.
func (p *parser) flowScalar(i int) (*yaml.Node, int, bool) {
	switch c := p.src[i]; {
	case c == '"' || c == '\'':
		return p.quoted(i)
	case !p.plainStart(i):
		return nil, 0, false
	}
	end, comment, ok := p.segment(i, true)
	if !ok || comment {
		return nil, 0, false
	}
	value := p.src[i:end]
	tag, ok := resolve(value)
	if !ok {
		return nil, 0, false
	}
	return p.plainScalar(tag, value, p.line, p.col(i)), end, true
}

// flow reads a flow sequence ("[a, b]") or mapping ("{a: x, b: y}") of
// scalars on one line; it returns the end of the closing bracket.
func (p *parser) flow(i int) (*yaml.Node, int, bool) {
	kind, tag, closer := yaml.SequenceNode, "!!seq", byte(']')
	if p.src[i] == '{' {
		kind, tag, closer = yaml.MappingNode, "!!map", '}'
	}
	n := p.node(kind, yaml.FlowStyle, tag, "", p.line, p.col(i))
	j := p.spaces(i + 1)
	if j < len(p.src) && p.src[j] == closer {
		return n, j + 1, true
	}
	from := len(p.stack)
	for j < len(p.src) {
		if kind == yaml.MappingNode {
			end := p.keyEnd(j)
			if end < 0 || end+1 >= len(p.src) || p.src[end+1] != ' ' {
				return nil, 0, false
			}
			p.stack = append(p.stack, p.plainScalar("!!str", p.src[j:end], p.line, p.col(j)))
			if j = p.spaces(end + 1); j >= len(p.src) {
				return nil, 0, false
			}
		}
		v, end, ok := p.flowScalar(j)
		if !ok {
			return nil, 0, false
		}
		p.stack = append(p.stack, v)
		if j = p.spaces(end); j >= len(p.src) {
			break
		}
		switch p.src[j] {
		case closer:
			n.Content = p.content(from)
			return n, j + 1, true
		case ',':
			j = p.spaces(j + 1)
		default:
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// resolve returns the tag yaml.v3 gives a plain scalar, or false for the
// values whose tag this package leaves to yaml.v3 (numbers in other forms,
// dates that are not plain calendar dates, and so on).
func resolve(v string) (string, bool) {
	switch v {
	case "":
		return "", false
	case "true", "True", "TRUE", "false", "False", "FALSE":
		return "!!bool", true
	case "~", "null", "Null", "NULL":
		return "!!null", true
	}
	if c := v[0]; c != '-' && c != '+' && c != '.' && (c < '0' || c > '9') {
		// yaml.v3 resolves text that starts with a letter, or with a
		// character that is not a sign, a dot or a digit, only by the
		// words above; "<<" (a merge key) never gets here.
		return "!!str", true
	}
	if strings.IndexByte(v, ' ') >= 0 && !(digits(v) == 4 && len(v) > 4 && v[4] == '-') {
		// No number has a space in it, and the only timestamps that do
		// start with a year.
		return "!!str", true
	}
	if dottedVersion(v) {
		return "!!str", true
	}
	return resolveNumber(v)
}

// dottedVersion reports whether v is digits with two dots or more, such as
// 0.1.0 or 2026.11.1: no number or date has that form.
func dottedVersion(v string) bool {
	dots := 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '.':
			dots++
		case c < '0' || c > '9':
			return false
		}
	}
	return dots >= 2 && v[0] != '.'
}

func resolveNumber(v string) (string, bool) {
	s := strings.TrimPrefix(v, "-")
	intPart := digits(s)
	if intPart == len(s) && intPart >= 1 && intPart <= 18 {
		if intPart > 1 && s[0] == '0' {
			return "", false // yaml.v3 reads 0777 as octal, 09 as a float
		}
		return "!!int", true
	}
	if intPart == 4 && len(v) == 10 && v[4] == '-' && digits(v[5:7]) == 2 && v[7] == '-' && digits(v[8:]) == 2 {
		if _, err := time.Parse("2006-1-2", v); err == nil {
			return "!!timestamp", true
		}
		return "", false
	}
	// A decimal float, as Go and yaml.v3 write them: 18.45, 1.0e-08, 1e-06.
	// Bounded so that it never overflows.
	if intPart < 1 || intPart > 15 {
		return "", false
	}
	rest := s[intPart:]
	if rest[0] == '.' {
		frac := digits(rest[1:])
		if frac > 15 {
			return "", false
		}
		rest = rest[1+frac:]
	}
	if rest != "" && (rest[0] == 'e' || rest[0] == 'E') {
		exp := rest[1:]
		if exp != "" && (exp[0] == '-' || exp[0] == '+') {
			exp = exp[1:]
		}
		if n := digits(exp); n < 1 || n > 2 || n != len(exp) {
			return "", false
		}
		rest = ""
	}
	if rest != "" {
		return "", false
	}
	return "!!float", true
}

func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}
