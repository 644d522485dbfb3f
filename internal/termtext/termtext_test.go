package termtext

import "testing"

func TestVisible(t *testing.T) {
	tests := []struct {
		in        string
		keepLines bool
		want      string
	}{
		{"plain", false, "plain"},
		{"a\x1b[2Jb\u202ec\nd", false, "a^[[2Jb<U+202E>c^Jd"},
		{"a\nb\tc", true, "a\nb c"},
		{"zero\u200bwidth\u00a0nbsp", false, "zero<U+200B>width\u00a0nbsp"},
	}
	for _, tt := range tests {
		if got := Visible(tt.in, tt.keepLines); got != tt.want {
			t.Errorf("Visible(%q, %v) = %q, want %q", tt.in, tt.keepLines, got, tt.want)
		}
	}
	if got, want := Line("  two\n words \x1b ", 20), "two words ^["; got != want {
		t.Errorf("Line = %q, want %q", got, want)
	}
	if got, want := Line("eleven char", 10), "eleven ch…"; got != want {
		t.Errorf("Line = %q, want %q", got, want)
	}
}
