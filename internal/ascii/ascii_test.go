package ascii

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// slow is the definition Is must agree with.
func slow(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func TestIs(t *testing.T) {
	long := strings.Repeat("plain text ", 20)
	for _, s := range []string{"", "a", "1234567", "12345678", "123456789", long, long + "é", "é" + long,
		long[:40] + "\x80" + long[40:], "\x7f\x00\x01", strings.Repeat("\xff", 9)} {
		if got, want := Is(s), slow(s); got != want {
			t.Errorf("Is(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzIs(f *testing.F) {
	f.Add("Done:\n- shipped")
	f.Add("Zoë Ångström")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Is(s), slow(s); got != want {
			t.Errorf("Is(%q) = %v, want %v", s, got, want)
		}
	})
}

func BenchmarkIs(b *testing.B) {
	s := strings.Repeat("- Shard 07: 1259 of 1259 invoices checked, totals match.\n", 70)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if !Is(s) {
			b.Fatal("not ASCII")
		}
	}
}
