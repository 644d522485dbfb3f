package report

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/lia-project/lia/internal/assessment"
	"github.com/lia-project/lia/internal/pdfsig"
)

// recompress rewrites a rendered PDF the way a lia built with another
// compressor would: every Flate stream compressed again at level (change,
// when not nil, alters one stream's data first), lengths and the
// cross-reference table written afresh.
func recompress(t *testing.T, pdf []byte, level int, change func(num int, data []byte) []byte) []byte {
	t.Helper()
	f, err := pdfsig.Parse(pdf)
	if err != nil {
		t.Fatal(err)
	}
	r := f.Revs[0]
	var out bytes.Buffer
	starts := map[int]int{}
	pos := 0
	for _, o := range r.Objects {
		out.Write(pdf[pos:o.Start])
		starts[o.Num] = out.Len()
		pos = o.End
		d, _ := o.Value.(*pdfsig.Dict)
		if !o.IsStream || d.Get("Filter") != pdfsig.Name("FlateDecode") {
			out.Write(pdf[o.Start:o.End])
			continue
		}
		raw, err := inflate(o.Data, 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		if change != nil {
			raw = change(o.Num, raw)
		}
		var z bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&z, level)
		zw.Write(raw)
		zw.Close()
		out.Write(pdf[o.Start:o.LengthPos])
		out.WriteString(strconv.Itoa(z.Len()))
		out.Write(pdf[o.LengthEnd:o.DataPos])
		out.Write(z.Bytes())
		out.Write(pdf[o.DataPos+len(o.Data) : o.End])
	}
	out.Write(pdf[pos:r.XRef])
	xref := out.Len()
	size := int(r.Trailer.Get("Size").(pdfsig.Int))
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", size)
	for n := 1; n < size; n++ {
		fmt.Fprintf(&out, "%010d 00000 n \n", starts[n])
	}
	tr := bytes.LastIndex(pdf, []byte("trailer\n"))
	sx := bytes.LastIndex(pdf, []byte("startxref\n"))
	out.Write(pdf[tr:sx])
	fmt.Fprintf(&out, "startxref\n%d\n%%%%EOF\n", xref)
	return out.Bytes()
}

// TestCompressorIndependent: a report whose streams another compressor
// wrote still matches; one whose decompressed content differs does not.
func TestCompressorIndependent(t *testing.T) {
	cat, pdf := renderedExample(t)
	for _, level := range []int{zlib.NoCompression, zlib.DefaultCompression, zlib.BestCompression} {
		other := recompress(t, pdf, level, nil)
		if bytes.Equal(other, pdf) {
			t.Fatalf("level %d: recompressing changed nothing, the test proves nothing", level)
		}
		if _, v, err := VerifyPDF(cat, other, "f", assessment.DefaultLimits); err != nil || v != PDFMatches {
			t.Errorf("level %d: %v, %v", level, v, err)
		}
	}
	// One byte of the first page's content, changed before compressing.
	touched := false
	changed := recompress(t, pdf, zlib.BestCompression, func(num int, data []byte) []byte {
		if num == 6 {
			data = bytes.Clone(data)
			data[len(data)/2] ^= 0x01
			touched = true
		}
		return data
	})
	if !touched {
		t.Fatal("object 6 is not a compressed stream")
	}
	if _, v, err := VerifyPDF(cat, changed, "f", assessment.DefaultLimits); err == nil && v == PDFMatches {
		t.Error("a changed page matches")
	}
}

// TestLayoutVersion: the PDF names the layout it was rendered with.
func TestLayoutVersion(t *testing.T) {
	_, pdf := renderedExample(t)
	f, err := pdfsig.Parse(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if got := layoutOf(f); got != LayoutVersion {
		t.Errorf("layout %d, want %d", got, LayoutVersion)
	}
}

// TestGoldenLayout1: a report lia 0.1.0 rendered is recognised as layout 1:
// its pages cannot be compared with this renderer's, which lia verify must
// say instead of calling it changed, and its record is read.
func TestGoldenLayout1(t *testing.T) {
	pdf, err := os.ReadFile("../../testdata/golden/fraud-detection-layout1.pdf")
	if err != nil {
		t.Fatal(err)
	}
	c, err := CheckPDF(catalog(t), pdf, "golden", assessment.DefaultLimits, pdfsig.VerifyOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c.Layout != 1 || c.Base != PDFOtherLayout {
		t.Errorf("layout %d, verdict %s", c.Layout, c.Base)
	}
	if c.Record.Metadata.ID != "card-fraud-detection" || len(c.Record.Signatures) != 1 {
		t.Errorf("record %s with %d signatures", c.Record.Metadata.ID, len(c.Record.Signatures))
	}
	if c.Signatures == nil || c.Signatures.Updates != nil || len(c.Signatures.Signatures) != 0 {
		t.Errorf("signatures: %+v", c.Signatures)
	}
}

// TestGoldenSigned: the PDF-signed report of layout 2 verifies: its base
// matches while this renderer draws layout 2 (and is another layout's
// after), and both PDF signatures hold and chain to the test CA.
func TestGoldenSigned(t *testing.T) {
	pdf, err := os.ReadFile("../../testdata/golden/fraud-detection-layout2-signed.pdf")
	if err != nil {
		t.Fatal(err)
	}
	caPEM, err := os.ReadFile("../../testdata/golden/ca.pem")
	if err != nil {
		t.Fatal(err)
	}
	roots, err := pdfsig.LoadRoots(caPEM)
	if err != nil {
		t.Fatal(err)
	}
	c, err := CheckPDF(catalog(t), pdf, "golden", assessment.DefaultLimits, pdfsig.VerifyOptions{Roots: roots})
	if err != nil {
		t.Fatal(err)
	}
	want := PDFMatches
	if LayoutVersion != 2 {
		want = PDFOtherLayout
	}
	if c.Layout != 2 || c.Base != want {
		t.Errorf("layout %d, verdict %s, want %s: if the renderer, the questionnaire or the rules changed what a report shows, bump LayoutVersion (reports of the old layout then verify on their signatures)", c.Layout, c.Base, want)
	}
	if c.Signatures.Updates != nil || len(c.Signatures.Signatures) != 2 {
		t.Fatalf("updates %v, %d signatures", c.Signatures.Updates, len(c.Signatures.Signatures))
	}
	for i, role := range []string{"assessor", "dpo"} {
		s := c.Signatures.Signatures[i]
		if !s.OK() || s.Trust != nil || s.Role != role {
			t.Errorf("signature %d: role %q, %v %v %v, trust %v", i+1, s.Role, s.Integrity, s.CMS, s.Certificate, s.Trust)
		}
	}
	if p := c.Problems(true); len(p) != 0 {
		t.Errorf("problems: %v", p)
	}
}
