package outmail

import "strings"

// headerSafe makes text Baton copies into a header field safe to put
// there: C0 and C1 control characters (RFC 5198 section 2 forbids them
// in text; VT, ESC or a bare LF from a member's subject would reach the
// recipient's terminal or split the field) become spaces, runs of
// spaces fold to one and the ends are trimmed. Encoding alone would
// keep them.
func headerSafe(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return isControl(r) || r == ' ' }), " ")
}

func isControl(r rune) bool {
	return r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f
}

// clean returns m with every field that goes into a header made safe.
func (m Message) clean() Message {
	m.From, m.To, m.ReplyTo = headerSafe(m.From), headerSafe(m.To), headerSafe(m.ReplyTo)
	m.Subject, m.MessageID, m.InReplyTo = headerSafe(m.Subject), headerSafe(m.MessageID), headerSafe(m.InReplyTo)
	if len(m.Header) > 0 {
		h := make(map[string]string, len(m.Header))
		for k, v := range m.Header {
			h[headerSafe(k)] = headerSafe(v)
		}
		m.Header = h
	}
	return m
}
