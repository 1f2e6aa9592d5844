package parser

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/baton-mail/baton/internal/ascii"
	"golang.org/x/text/unicode/norm"
)

// fold lowers s and strips accents, so "Décisions", "DECISIONS" and
// "decisions" compare equal. Full-width colons become ASCII ones. It
// runs on every candidate line, so it works rune by rune from a table
// built once, not through a normalisation pass.
func fold(s string) string {
	upper := -1 // first upper-case ASCII letter
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			return foldRunes(s)
		}
		if upper < 0 && 'A' <= c && c <= 'Z' {
			upper = i
		}
	}
	if upper < 0 {
		return s
	}
	// ASCII with capitals: copy the lower-case runs whole.
	var b strings.Builder
	b.Grow(len(s))
	start := 0
	for i := upper; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b.WriteString(s[start:i])
			b.WriteByte(c + 'a' - 'A')
			start = i + 1
		}
	}
	b.WriteString(s[start:])
	return b.String()
}

// foldRunes is fold for text with non-ASCII runes.
func foldRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteByte(byte(r))
			continue
		case r >= 0x300 && r <= 0x36F:
			continue // combining accent of NFD input
		}
		if f, ok := foldTable[r]; ok {
			b.WriteString(f)
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// foldTable maps the accented Latin, Greek and Cyrillic letters to their
// lower-case base letters, from Unicode decompositions.
var foldTable = func() map[rune]string {
	m := map[rune]string{'：': ":", 'ı': "i", 'ł': "l", 'ø': "o", 'Ø': "o", 'æ': "a", 'Æ': "a",
		'ß': "ss", 'đ': "d", 'Đ': "d", 'œ': "oe", 'Œ': "oe"}
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			if _, ok := m[r]; ok {
				continue
			}
			var out []rune
			for _, d := range norm.NFD.String(string(unicode.ToLower(r))) {
				if !unicode.Is(unicode.Mn, d) {
					out = append(out, d)
				}
			}
			if len(out) > 0 && string(out) != string(r) {
				m[r] = string(out)
			}
		}
	}
	add(0xC0, 0x24F)    // Latin-1 Supplement, Latin Extended-A and -B
	add(0x370, 0x3FF)   // Greek
	add(0x400, 0x4FF)   // Cyrillic
	add(0x1E00, 0x1EFF) // Latin Extended Additional (Vietnamese)
	return m
}()

// foldAll folds every string of a table once, at init.
func foldAll(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = fold(s)
	}
	return out
}

// prefixSet answers "does s start with one of these?" by looking up
// candidates under the first three bytes instead of trying them all.
type prefixSet struct {
	by    map[string][]string
	short []string // prefixes under three bytes
	max   int      // bytes in the longest prefix
}

func newPrefixSet(list []string) *prefixSet {
	p := &prefixSet{by: map[string][]string{}}
	for _, s := range list {
		p.max = max(p.max, len(s))
		if len(s) < 3 {
			p.short = append(p.short, s)
			continue
		}
		p.by[s[:3]] = append(p.by[s[:3]], s)
	}
	return p
}

func (p *prefixSet) match(s string) bool {
	if hasAnyPrefix(s, p.short) {
		return true
	}
	return len(s) >= 3 && hasAnyPrefix(s, p.by[s[:3]])
}

// matchFold is match(fold(s)). When the part of s the longest prefix
// covers is ASCII, which folds byte for byte to lower case, it compares
// in place instead of building the folded string.
func (p *prefixSet) matchFold(s string) bool {
	if !ascii.Is(s[:min(len(s), p.max)]) {
		return p.match(fold(s))
	}
	if hasAnyLowerPrefix(s, p.short) {
		return true
	}
	if len(s) < 3 {
		return false
	}
	key := [3]byte{lowerASCII(s[0]), lowerASCII(s[1]), lowerASCII(s[2])}
	return hasAnyLowerPrefix(s, p.by[string(key[:])])
}

// hasAnyLowerPrefix is hasAnyPrefix(fold(s), prefixes) for s whose
// first bytes, as many as the longest prefix, are ASCII.
func hasAnyLowerPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if len(s) >= len(p) && lowerEqual(s[:len(p)], p) {
			return true
		}
	}
	return false
}

// lowerEqual reports whether ASCII s lowered equals folded f.
func lowerEqual(s, f string) bool {
	if len(s) != len(f) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if lowerASCII(s[i]) != f[i] {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func containsAny(s string, subs []string) bool {
	for _, p := range subs {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// sanitize makes s valid UTF-8 without NUL bytes.
func sanitize(s string) string {
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// byteSet is a set of ASCII bytes to trim with. strings.Trim builds
// such a table from its cutset on every call; the parser trims each
// line with a few fixed cutsets, so it builds them once.
type byteSet [256]bool

func newByteSet(chars string) *byteSet {
	var s byteSet
	for i := 0; i < len(chars); i++ {
		s[chars[i]] = true
	}
	return &s
}

func (set *byteSet) trimLeft(s string) string {
	i := 0
	for i < len(s) && set[s[i]] {
		i++
	}
	return s[i:]
}

func (set *byteSet) trimRight(s string) string {
	i := len(s)
	for i > 0 && set[s[i-1]] {
		i--
	}
	return s[:i]
}

func (set *byteSet) trim(s string) string { return set.trimRight(set.trimLeft(s)) }

// only reports whether s is made of bytes in set alone.
func (set *byteSet) only(s string) bool { return set.trimLeft(s) == "" }

// Cutsets of the line checks, named after what they strip.
var (
	cutSeparator  = newByteSet("-_=* ")        // around "--- Original Message ---"
	cutBold       = newByteSet("*_ ")          // Outlook's "*From:*"
	cutDisclaimer = newByteSet("*_-=[( ")      // before a legal footer
	cutRule       = newByteSet(" \t-_=*~.")    // blank or rule-only lines
	cutRuleLine   = newByteSet("_-")           // Outlook and list rules
	cutSpaceTab   = newByteSet(" \t")          // line ends
	cutColonSpace = newByteSet(": ")           // after a heading title
	cutHashes     = newByteSet("# ")           // markdown heading marks
	cutBracketed  = newByteSet("*_[]: ")       // "**Done**", "[Done]"
	cutCloseQuote = newByteSet(" )\"'")        // after a sentence's last word
	cutNumbering  = newByteSet("0123456789. ") // "1. Done"
)
