package parser

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// fold lowers s and strips accents, so "Décisions", "DECISIONS" and
// "decisions" compare equal. Full-width colons become ASCII ones. It
// runs on every candidate line, so it works rune by rune from a table
// built once, not through a normalisation pass.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
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
}

func newPrefixSet(list []string) *prefixSet {
	p := &prefixSet{by: map[string][]string{}}
	for _, s := range list {
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
	return strings.ToValidUTF8(s, "\uFFFD")
}
