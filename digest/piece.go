package digest

import (
	"strings"
	"time"
	"unicode/utf8"
)

// A piece is rendered output (text or HTML) with holes where something
// goes that depends on the recipient: a clock in their zone, an age as
// of their digest, or their own reply address for the item (the gateway
// signs each address for one recipient). Rendering an item is the
// costly step (escaping, wrapping); filling holes is cheap, so one
// piece serves every recipient.
//
// While rendering, a hole is marked in the output by its kind (a
// private-use rune) followed by its index (a rune from plane 15).
// clean strips those runes from user text, so only holes carry them.
type piece struct {
	parts []string // len(parts) == len(holes)+1
	holes []hole
}

type hole struct {
	kind  rune      // holeClock, holeAge or holeReply
	t     time.Time // the time a clock or an age phrases
	reply *replyHole
}

const (
	holeClock = '\uE000'
	holeAge   = '\uE001'
	// glue joins two words the text wrapper must keep on one line, as
	// in "Reply: addr"; it is written as a space.
	glue      = '\uE002'
	holeReply = '\uE003'
	holeIndex = rune(0xF0000)
)

// holes collects the holes of one piece while it renders.
type holes []hole

// clock marks a hole for t as "Mon 17:40" in the recipient's zone.
func (h *holes) clock(t time.Time) string { return h.add(hole{kind: holeClock, t: t}) }

// age marks a hole for the age of t at the recipient's digest.
func (h *holes) age(t time.Time) string { return h.add(hole{kind: holeAge, t: t}) }

// reply marks a hole for the recipient's reply address, written as r
// says.
func (h *holes) reply(r replyHole) string { return h.add(hole{kind: holeReply, reply: &r}) }

func (h *holes) add(x hole) string {
	*h = append(*h, x)
	return string(x.kind) + string(holeIndex+rune(len(*h)-1))
}

// newPiece splits rendered output s at its hole marks.
func newPiece(s string, hs holes) piece {
	p := piece{holes: make([]hole, 0, len(hs))}
	start := 0
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if r != holeClock && r != holeAge && r != holeReply {
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

// write fills p's holes for a recipient in loc whose digest is at now
// and whose reply address for the item is reply (cleaned; empty for
// none).
func (p *piece) write(b *strings.Builder, loc *time.Location, now time.Time, reply string) {
	for i := range p.holes {
		h := &p.holes[i]
		b.WriteString(p.parts[i])
		switch h.kind {
		case holeClock:
			writeClock(b, h.t.In(loc))
		case holeAge:
			b.WriteString(age(now.Sub(h.t)))
		default:
			h.reply.write(b, reply)
		}
	}
	b.WriteString(p.parts[len(p.parts)-1])
}

// writeClock writes t as clockLayout does ("Mon 17:40"), without the
// general formatter.
func writeClock(b *strings.Builder, t time.Time) {
	hh, mm, _ := t.Clock()
	var buf [clockWidth]byte
	copy(buf[:3], t.Weekday().String())
	buf[3] = ' '
	buf[4], buf[5] = byte('0'+hh/10), byte('0'+hh%10)
	buf[6] = ':'
	buf[7], buf[8] = byte('0'+mm/10), byte('0'+mm%10)
	b.Write(buf[:])
}

// size returns an upper bound of p's filled length for a reply address
// of n bytes, but for the rare address that needs escaping.
func (p *piece) size(n int) int {
	size := 0
	for i := range p.holes {
		if r := p.holes[i].reply; r != nil {
			size += len(r.pre) + len(r.post) + n + 16
		} else {
			size += maxAgeWidth
		}
	}
	for _, s := range p.parts {
		size += len(s)
	}
	return size
}

// clean makes user text safe to render: it drops the runes that mark
// holes and control characters other than newline and tab, and trims
// surrounding space.
func clean(s string) string {
	if plain(s) {
		return s
	}
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
	return (r >= holeClock && r <= holeReply) || r >= holeIndex ||
		(r < 0x20 && r != '\n' && r != '\t') || r == 0x7f
}

// plain reports whether s is printable ASCII without surrounding space,
// which clean returns as it is: the common case of a reply address,
// cleaned for every recipient.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return s == "" || s[0] != ' ' && s[len(s)-1] != ' '
}
