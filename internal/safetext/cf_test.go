package safetext

import (
	"testing"
	"unicode"
)

// TestInvisibleCoversCf: the quick ranges in invisible hold no format
// character of this Go's Unicode tables.
func TestInvisibleCoversCf(t *testing.T) {
	for r := rune(0xAD); r <= unicode.MaxRune; r++ {
		if unicode.Is(unicode.Cf, r) && r != 0x200C && r != 0x200D && !invisible(r) {
			t.Errorf("U+%04X is a format character that invisible misses", r)
		}
	}
}
