package digest

import (
	"strings"
	"unicode"

	"github.com/baton-mail/baton/internal/ascii"
	"golang.org/x/text/width"
)

// textWidth is the column the text part wraps at.
const textWidth = 72

// tok is a run of text the wrapper never breaks.
type tok struct {
	s     string
	width int
	space bool // a space separates it from the token before
}

// wrap writes s to b wrapped at w columns with a hanging indent: the
// first line starts with first, the others with rest. It breaks at white
// space, and between CJK characters where the line-breaking rules of
// UAX #14 allow; it never breaks a word, a URL or an address, which sit
// alone on a longer line when they must.
func wrap(b *strings.Builder, s, first, rest string, w int) {
	b.WriteString(first)
	l := liner{b: b, col: strWidth(first), empty: true, rest: rest, w: w}
	l.words(s, false)
	b.WriteByte('\n')
}

// A liner writes tokens to a line of b, starting a new line indented
// by rest when the next one would pass column w.
type liner struct {
	b     *strings.Builder
	col   int
	empty bool // nothing is on the line after its indent
	rest  string
	w     int
}

// words writes the tokens of s; space says a space separates the first
// from what is already on the line.
func (l *liner) words(s string, space bool) {
	var buf [32]tok
	for i, t := range tokens(buf[:0], s) {
		l.put(t.s, "", t.width, t.space || i == 0 && space)
	}
}

// put writes the token s+s2 of the given width; glue in s is written
// as a space.
func (l *liner) put(s, s2 string, width int, space bool) {
	need := width
	if space && !l.empty {
		need++
	}
	if !l.empty && l.col+need > l.w {
		l.b.WriteByte('\n')
		l.b.WriteString(l.rest)
		l.col, l.empty, need = strWidth(l.rest), true, width
	}
	if need > width {
		l.b.WriteByte(' ')
	}
	if strings.ContainsRune(s, glue) {
		l.b.WriteString(strings.ReplaceAll(s, string(glue), " "))
	} else {
		l.b.WriteString(s)
	}
	l.b.WriteString(s2)
	l.col += need
	l.empty = false
}

// tokens splits s into unbreakable runs, appended to out.
func tokens(out []tok, s string) []tok {
	space := false
	for word := range strings.FieldsSeq(s) {
		if strings.Contains(word, "://") || strings.Contains(word, "@") || ascii.Is(word) || strings.ContainsRune(word, glue) {
			out = append(out, tok{word, strWidth(word), space})
			space = true
			continue
		}
		start, prev := 0, rune(-1)
		for j, r := range word {
			if prev >= 0 && canBreak(prev, r) {
				out = append(out, tok{word[start:j], strWidth(word[start:j]), space})
				start, space = j, false
			}
			prev = r
		}
		out = append(out, tok{word[start:], strWidth(word[start:]), space})
		space = true
	}
	return out
}

// Characters that may not start or end a line (UAX #14 classes CL, NS,
// OP, and small kana), as Japanese and Chinese typesetting expects.
const (
	noBreakBefore = "、。，．！？：；）」』】〕〉》’”ー々ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮ"
	noBreakAfter  = "（「『【〔〈《‘“"
)

// canBreak reports whether a line may break between a and b inside a
// word: next to a wide (CJK) character, unless punctuation forbids it.
func canBreak(a, b rune) bool {
	if !isWide(a) && !isWide(b) {
		return false
	}
	return !strings.ContainsRune(noBreakBefore, b) && !strings.ContainsRune(noBreakAfter, a)
}

func isWide(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return false
}

// strWidth returns the columns s takes in a fixed-width font. A hole
// counts as wide as the widest text that will fill it.
func strWidth(s string) int {
	if ascii.Is(s) {
		return len(s)
	}
	n := 0
	for _, r := range s {
		switch {
		case r == holeClock:
			n += clockWidth
		case r == holeAge:
			n += maxAgeWidth
		case r == glue:
			n++
		case r >= holeIndex || unicode.Is(unicode.Mn, r) || unicode.IsControl(r):
		case isWide(r):
			n += 2
		default:
			n++
		}
	}
	return n
}
