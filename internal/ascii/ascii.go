// Package ascii answers whether text is ASCII, eight bytes at a time:
// the parser asks it of every line it trims, and outbound mail of every
// part it composes.
package ascii

import "unicode/utf8"

// Is reports whether s holds only ASCII bytes.
func Is(s string) bool {
	for ; len(s) >= 8; s = s[8:] {
		// The compiler merges these loads into one.
		w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		if w&0x8080808080808080 != 0 {
			return false
		}
	}
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
