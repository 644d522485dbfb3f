package report

import (
	"bytes"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"
)

func pdfWithAttachment(t testing.TB, content []byte) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetAttachments([]fpdf.Attachment{{Content: content, Filename: "r.lia.yaml"}})
	pdf.AddPage()
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestExtractRecord(t *testing.T) {
	want := []byte("apiVersion: lia/v1\nkind: LegitimateInterestAssessment\n")
	pdf := pdfWithAttachment(t, want)
	got, err := ExtractRecord(pdf, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	if _, err := ExtractRecord(pdf, 10); err == nil || !strings.Contains(err.Error(), "larger than the limit") {
		t.Errorf("limit not enforced: %v", err)
	}
	plain := fpdf.New("P", "mm", "A4", "")
	plain.AddPage()
	var buf bytes.Buffer
	if err := plain.Output(&buf); err != nil {
		t.Fatal(err)
	}
	stream := bytes.Index(pdf, []byte("stream\n")) + len("stream\n")
	bad := map[string][]byte{
		"not a pdf":     []byte("hello"),
		"no attachment": buf.Bytes(),
		"truncated":     pdf[:stream+3],
		"two":           append(append([]byte(nil), pdf...), pdf...),
	}
	// A changed byte inside the compressed stream breaks decompression or the checksum.
	i := bytes.Index(pdf, []byte("stream\n")) + 10
	flipped := append([]byte(nil), pdf...)
	flipped[i] ^= 0x40
	bad["flipped byte"] = flipped
	for name, in := range bad {
		if _, err := ExtractRecord(in, 1<<20); err == nil {
			t.Errorf("%s: extracted without error", name)
		}
	}
}

// FuzzExtractRecord: no mutated PDF makes the extractor panic or return more
// than the limit.
func FuzzExtractRecord(f *testing.F) {
	f.Add(pdfWithAttachment(f, []byte("apiVersion: lia/v1\n")))
	f.Add([]byte("%PDF-1.3\n<< /Type /EmbeddedFile /Length 5 /Filter /FlateDecode /Params << /CheckSum <00000000000000000000000000000000> /Size 3 >> >>\nstream\nabcde\nendstream"))
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := ExtractRecord(data, 4096)
		if err == nil && len(out) > 4096 {
			t.Fatalf("returned %d bytes over the limit", len(out))
		}
	})
}
