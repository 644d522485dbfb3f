package report

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
)

// ExtractRecord returns the record embedded in a PDF that lia report wrote.
// It reads only the one embedded-file stream lia writes, checks its length,
// size and MD5 checksum, and never inflates more than maxBytes: the caller then
// re-renders the PDF from the record and compares every byte, so this parser
// need not understand any other PDF.
func ExtractRecord(pdf []byte, maxBytes int64) ([]byte, error) {
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return nil, errors.New("not a PDF file")
	}
	locs := embeddedRE.FindAllSubmatchIndex(pdf, 2)
	switch len(locs) {
	case 0:
		return nil, errors.New("the PDF has no embedded record; was it written by lia report?")
	case 2:
		return nil, errors.New("the PDF has more than one embedded file; lia report embeds exactly one")
	}
	m := locs[0]
	length, err1 := strconv.ParseInt(string(pdf[m[2]:m[3]]), 10, 64)
	sum := string(pdf[m[4]:m[5]])
	size, err2 := strconv.ParseInt(string(pdf[m[6]:m[7]]), 10, 64)
	if err1 != nil || err2 != nil || length < 0 || size < 0 {
		return nil, errors.New("the embedded record's length or size is not a number")
	}
	if size > maxBytes {
		return nil, fmt.Errorf("the embedded record is %d bytes, larger than the limit of %d bytes", size, maxBytes)
	}
	start := m[1]
	if int64(len(pdf)-start) < length {
		return nil, errors.New("the embedded record's stream is cut short")
	}
	stream := pdf[start : start+int(length)]
	if !bytes.HasPrefix(pdf[start+int(length):], []byte("\nendstream")) {
		return nil, errors.New("the embedded record's stream does not end where its length says")
	}
	zr, err := zlib.NewReader(bytes.NewReader(stream))
	if err != nil {
		return nil, fmt.Errorf("the embedded record cannot be decompressed: %w", err)
	}
	data, err := io.ReadAll(io.LimitReader(zr, size+1))
	if err != nil {
		return nil, fmt.Errorf("the embedded record cannot be decompressed: %w", err)
	}
	if int64(len(data)) != size {
		return nil, fmt.Errorf("the embedded record has %d bytes, but the PDF says %d", len(data), size)
	}
	got := md5.Sum(data)
	if !bytes.EqualFold([]byte(hex.EncodeToString(got[:])), []byte(sum)) {
		return nil, errors.New("the embedded record does not match its checksum")
	}
	return data, nil
}

var embeddedRE = regexp.MustCompile(`<< /Type /EmbeddedFile /Length (\d{1,12}) /Filter /FlateDecode /Params << /CheckSum <([0-9a-fA-F]{32})> /Size (\d{1,12}) >> >>\n{1,2}stream\n`)
