package textfmt

import "testing"

func TestClipLineFirstLine(t *testing.T) {
	tests := []struct {
		s          string
		n          int
		line, head string // Line and FirstLine
	}{
		{"short", 10, "short", "short"},
		{"  two  words\n", 10, "two words", "two  words"},
		{"exactly10!", 10, "exactly10!", "exactly10!"},
		{"eleven char", 10, "eleven ch…", "eleven ch…"},
		{"first\nsecond", 20, "first second", "first …"},
		{"a long first line\nsecond", 10, "a long fi…", "a long fi…"},
		{"ünïcödé wörds", 8, "ünïcödé…", "ünïcödé…"},
	}
	for _, tt := range tests {
		if got := Line(tt.s, tt.n); got != tt.line {
			t.Errorf("Line(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.line)
		}
		if got := FirstLine(tt.s, tt.n); got != tt.head {
			t.Errorf("FirstLine(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.head)
		}
	}
}
