package parser

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// foldCases exercise the fast paths against what they replace: ASCII
// with and without capitals, accents in NFC and NFD, white space that
// only unicode.IsSpace knows, invalid UTF-8.
var foldCases = []string{
	"", " ", "done", "Done:", "DONE", "  - Shard 01:  ok  ", "a\tb\nc\vd\fe\rf",
	"Décisions", "e\u0301te\u0301", "Straße", "ÆØÅ", "İstanbul", "Ｄｏｎｅ：",
	"nbsp\u00a0here", "\u3000全角", "a\u0085b", "x\u2028y", "\xff\xfe bad", "ok \xc3",
	"a\r\nb\rc\r\r\nd\n\re\x00f\r", "\r", "\n\n", "-- ", "—– Sent from my phone", "___ ---", "1. 2. Done", "**Next**: ", "# ## Plan",
}

// refFold is fold without its fast paths: rune by rune through the
// table.
func refFold(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x80:
			b.WriteRune(unicode.ToLower(r))
		case r >= 0x300 && r <= 0x36F:
		default:
			if f, ok := foldTable[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
		}
	}
	return b.String()
}

func checkFastPaths(t *testing.T, s string) {
	t.Helper()
	if got, want := fold(s), refFold(s); got != want {
		t.Errorf("fold(%q) = %q, want %q", s, got, want)
	}
	parts := strings.Split(s, "|")
	if got, want := joinFields(parts), strings.Join(strings.Fields(strings.Join(parts, " ")), " "); got != want {
		t.Errorf("joinFields(%q) = %q, want %q", parts, got, want)
	}
	for n := range 6 {
		if got, want := fieldsAtMost(s, n), len(strings.Fields(s)) <= n; got != want {
			t.Errorf("fieldsAtMost(%q, %d) = %v, want %v", s, n, got, want)
		}
	}
	for _, c := range []struct {
		set  *byteSet
		cuts string
	}{{cutSeparator, "-_=* "}, {cutRule, " \t-_=*~."}, {cutBracketed, "*_[]: "}} {
		if got, want := c.set.trim(s), strings.Trim(s, c.cuts); got != want {
			t.Errorf("trim(%q, %q) = %q, want %q", s, c.cuts, got, want)
		}
	}
	for _, p := range []*prefixSet{quoteHidden, fromKeys, headerKeys, mobileFooters, disclaimerStarts, decisionPrefixes} {
		if got, want := p.matchFold(s), p.match(fold(s)); got != want {
			t.Errorf("matchFold(%q) = %v, want %v", s, got, want)
		}
	}
	if tr := strings.TrimSpace(s); !mayMatchFolded(tr) {
		f := fold(tr)
		if quoteHidden.match(f) || isForwardMarker(f) || isOriginalMarker(f) || headerKey(f, fromKeys) ||
			isMobileFooter(f) || disclaimerStarts.match(cutDisclaimer.trimLeft(f)) {
			t.Errorf("mayMatchFolded(%q) = false, but a check on %q matches", tr, f)
		}
	}
	lines := strings.Split(strings.ReplaceAll(strings.ReplaceAll(strings.ReplaceAll(s, "\x00", ""), "\r\n", "\n"), "\r", "\n"), "\n")
	if got := splitLines(s); !slices.Equal(got, lines) {
		t.Errorf("splitLines(%q) = %q, want %q", s, got, lines)
	}
	if got, want := sanitize(s), strings.ToValidUTF8(strings.ReplaceAll(s, "\x00", ""), "\uFFFD"); got != want {
		t.Errorf("sanitize(%q) = %q, want %q", s, got, want)
	}
	if got, want := trimLeftDashes(s), strings.TrimLeft(s, "-–—_ "); got != want {
		t.Errorf("trimLeftDashes(%q) = %q, want %q", s, got, want)
	}
}

// TestFastPaths checks each hand-written fast path against the
// standard library calls it replaces.
func TestFastPaths(t *testing.T) {
	for _, s := range foldCases {
		checkFastPaths(t, s)
		checkFastPaths(t, s+"|"+s+"| |")
	}
}

// FuzzFastPaths is TestFastPaths on any input.
func FuzzFastPaths(f *testing.F) {
	for _, s := range foldCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkFastPaths(t, s) })
}
