package textfmt

import "testing"

func TestTextfmt(t *testing.T) {
	tests := []struct{ got, want string }{
		{Plural(1, "error"), "1 error"},
		{Plural(3, "error"), "3 errors"},
		{Plural(0, "entry", "entries"), "0 entries"},
		{YesNo(true) + YesNo(false), "yesno"},
		{OrNone(" \n", "(none)"), "(none)"},
		{OrNone("x", "(none)"), "x"},
		{Clip("eleven char", 10), "eleven ch…"},
		{Clip("eleven char", 0), "eleven char"},
		{Clip("ten chars!", 10), "ten chars!"},
		{Line("  two\n words ", 20), "two words"},
		{FirstLine("one\ntwo", 20), "one …"},
		{FirstLine("one two three", 5), "one …"},
		{Cut("eleven char", 6), "eleven..."},
		{CutLine(" a\n\tb ", 6), "a b"},
		{Truncate("abc def", 3, "see the record"), "abc … [4 more characters not shown; see the record]"},
		{Truncate("abc", 3, "x"), "abc"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}
