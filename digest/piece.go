package digest

import (
	"strings"
	"time"
	"unicode/utf8"
)

// A piece is rendered output (text or HTML) with holes where a time goes
// that depends on the recipient: a clock in their zone or an age as of
// their digest. Rendering an item is the costly step (escaping,
// wrapping); filling holes is cheap, so one piece serves every recipient.
//
// While rendering, a hole is marked in the output by its kind (a
// private-use rune) followed by its index (a rune from plane 15).
// clean strips those runes from user text, so only holes carry them.
type piece struct {
	parts []string // len(parts) == len(holes)+1
	holes []hole
}

type hole struct {
	kind rune // holeClock or holeAge
	t    time.Time
}

const (
	holeClock = '\uE000'
	holeAge   = '\uE001'
	// glue joins two words the text wrapper must keep on one line, as
	// in "Reply: addr"; it is written as a space.
	glue      = '\uE002'
	holeIndex = rune(0xF0000)
)

// holes collects the holes of one piece while it renders.
type holes []hole

// clock marks a hole for t as "Mon 17:40" in the recipient's zone.
func (h *holes) clock(t time.Time) string { return h.add(holeClock, t) }

// age marks a hole for the age of t at the recipient's digest.
func (h *holes) age(t time.Time) string { return h.add(holeAge, t) }

func (h *holes) add(kind rune, t time.Time) string {
	*h = append(*h, hole{kind, t})
	return string(kind) + string(holeIndex+rune(len(*h)-1))
}

// newPiece splits rendered output s at its hole marks.
func newPiece(s string, hs holes) piece {
	p := piece{holes: make([]hole, 0, len(hs))}
	start := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r != holeClock && r != holeAge {
			i += n
			continue
		}
		idx, m := utf8.DecodeRuneInString(s[i+n:])
		p.parts = append(p.parts, s[start:i])
		p.holes = append(p.holes, hs[idx-holeIndex])
		i += n + m
		start = i
	}
	p.parts = append(p.parts, s[start:])
	return p
}

// write fills p's holes for a recipient in loc whose digest is at now.
func (p *piece) write(b *strings.Builder, loc *time.Location, now time.Time) {
	var buf [32]byte
	for i, h := range p.holes {
		b.WriteString(p.parts[i])
		if h.kind == holeClock {
			b.Write(h.t.In(loc).AppendFormat(buf[:0], clockLayout))
		} else {
			b.WriteString(Age(now.Sub(h.t)))
		}
	}
	b.WriteString(p.parts[len(p.parts)-1])
}

// size returns an upper bound of p's filled length.
func (p *piece) size() int {
	n := len(p.holes) * 16
	for _, s := range p.parts {
		n += len(s)
	}
	return n
}

// clean makes user text safe to render: it drops the runes that mark
// holes and control characters other than newline and tab, and trims
// surrounding space.
func clean(s string) string {
	if strings.IndexFunc(s, reserved) >= 0 {
		s = strings.Map(func(r rune) rune {
			if reserved(r) {
				return -1
			}
			return r
		}, s)
	}
	return strings.TrimSpace(s)
}

func reserved(r rune) bool {
	return (r >= holeClock && r <= glue) || r >= holeIndex ||
		(r < 0x20 && r != '\n' && r != '\t') || r == 0x7f
}
