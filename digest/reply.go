package digest

import "strings"

// A replyHole is where an item shows the recipient's own reply address.
// Without an address it writes nothing. With one it writes pre, then
// the address, then post: in HTML the address is escaped for a mailto:
// link; in text the words "Reply: address" continue the line the item
// left at column col (empty when nothing is on it yet), wrapped at
// textWidth with rest as the indent of a new line, exactly as wrap
// would have placed them had the address been known when the item was
// rendered.
type replyHole struct {
	html      bool
	pre, post string
	// Text only. glued keeps "Reply:" and the address on one line.
	glued bool
	col   int
	empty bool
	rest  string
}

func (r *replyHole) write(b *strings.Builder, addr string) {
	if addr == "" {
		return
	}
	b.WriteString(r.pre)
	if r.html {
		writeMailto(b, addr)
	} else {
		r.writeText(b, addr)
	}
	b.WriteString(r.post)
}

func (r *replyHole) writeText(b *strings.Builder, addr string) {
	l := liner{b: b, col: r.col, empty: r.empty, rest: r.rest, w: textWidth}
	if !isWord(addr) {
		sep := " "
		if r.glued {
			sep = string(glue)
		}
		l.words("Reply:"+sep+addr, true)
		return
	}
	// The address is one token as wide as it is long: place the tokens
	// without building them.
	if r.glued {
		l.put("Reply: ", addr, len("Reply: ")+len(addr), true)
		return
	}
	l.put("Reply:", "", len("Reply:"), true)
	l.put(addr, "", len(addr), true)
}

// isWord reports whether s is ASCII without white space, so tokens
// would make it a single token of len(s) columns.
func isWord(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\v', '\f', '\r':
			return false
		default:
			if c >= 0x80 {
				return false
			}
		}
	}
	return true
}

// writeMailto writes addr as html/template writes a value after
// "mailto:" in a double-quoted href: bytes outside RFC 3986's
// unreserved and reserved sets percent-encoded (valid escapes kept),
// then "&" and "+" escaped for the attribute.
func writeMailto(b *strings.Builder, addr string) {
	const hex = "0123456789abcdef"
	last := 0
	for i := 0; i < len(addr); i++ {
		c := addr[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			continue
		}
		var esc string
		switch c {
		case '-', '.', '_', '~', '!', '#', '$', '*', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			continue
		case '&':
			esc = "&amp;"
		case '+':
			esc = "&#43;"
		case '%':
			if i+2 < len(addr) && isHex(addr[i+1]) && isHex(addr[i+2]) {
				continue
			}
		}
		b.WriteString(addr[last:i])
		if esc != "" {
			b.WriteString(esc)
		} else {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
		last = i + 1
	}
	b.WriteString(addr[last:])
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
