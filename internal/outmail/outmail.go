// Package outmail composes the mail Baton sends (digests, check-in
// prompts, urgent relays) as RFC 5322 bytes, with what every such
// message carries: Auto-Submitted (RFC 3834), parts that go out 7bit
// where they can, and no control characters in any header.
package outmail

import (
	"bytes"
	"io"
	"maps"
	"mime/multipart"
	"mime/quotedprintable"
	nettextproto "net/textproto"
	"slices"
	"strings"
	"time"

	"github.com/baton-mail/baton/internal/ascii"
	"github.com/emersion/go-message/mail"
	"github.com/emersion/go-message/textproto"
)

// Message is one message to compose.
type Message struct {
	From, To, ReplyTo string
	Subject           string
	Text, HTML        string
	MessageID         string // without angle brackets
	InReplyTo         string
	Date              time.Time
	Header            map[string]string
}

// Compose renders m as RFC 5322 bytes: one text/plain part, or
// multipart/alternative with text/html after it. Every message Baton
// sends says it is automatic (RFC 3834) so well-behaved auto-responders
// stay quiet.
//
// Composed with go-message's headers and the standard library's
// multipart and quoted-printable writers rather than jordan-wright/email,
// which quoted-printable encodes every part a byte at a time into a
// buffer that starts at 4 KB: that was 4.1 of 16 CPU-seconds in a day of
// 10,000 digests (BENCHMARKS.md). A part that is ASCII in short lines,
// as digests are (their HTML spells anything else as character
// references), goes out 7bit, as it is.
func Compose(m Message) ([]byte, error) {
	m = m.clean() // safe.go: no control characters in headers
	var b bytes.Buffer
	b.Grow(len(m.Text) + len(m.HTML) + 2048)
	// go-message writes header fields in the reverse of the order they
	// are set in, so they are set from the last to the first.
	var h mail.Header
	var mw *multipart.Writer
	if m.HTML == "" {
		h.Set("Content-Transfer-Encoding", transferEncoding(m.Text))
		h.SetContentType("text/plain", map[string]string{"charset": "utf-8"})
	} else {
		mw = multipart.NewWriter(&b)
		h.SetContentType("multipart/alternative", map[string]string{"boundary": mw.Boundary()})
	}
	h.Set("MIME-Version", "1.0")
	keys := slices.Sorted(maps.Keys(m.Header))
	slices.Reverse(keys) // so they are written in order
	for _, k := range keys {
		setHeader(&h, k, m.Header[k])
	}
	h.Set("X-Auto-Response-Suppress", "All")
	h.Set("Auto-Submitted", "auto-generated")
	if m.InReplyTo != "" {
		h.SetMsgIDList("References", []string{m.InReplyTo})
		h.SetMsgIDList("In-Reply-To", []string{m.InReplyTo})
	}
	h.SetMessageID(m.MessageID)
	h.SetDate(m.Date)
	h.SetSubject(m.Subject)
	if m.ReplyTo != "" {
		setHeader(&h, "Reply-To", m.ReplyTo)
	}
	setHeader(&h, "To", m.To)
	setHeader(&h, "From", m.From)
	if err := textproto.WriteHeader(&b, h.Header.Header); err != nil {
		return nil, err
	}
	if mw == nil {
		if err := writeBody(&b, h.Get("Content-Transfer-Encoding"), m.Text); err != nil {
			return nil, err
		}
		return b.Bytes(), nil
	}
	for _, part := range []struct{ ctype, body string }{{"text/plain", m.Text}, {"text/html", m.HTML}} {
		cte := transferEncoding(part.body)
		// A part's writer writes straight through to b, whose
		// WriteString copies without converting each line to []byte.
		if _, err := mw.CreatePart(nettextproto.MIMEHeader{
			"Content-Type":              {part.ctype + "; charset=utf-8"},
			"Content-Transfer-Encoding": {cte},
		}); err != nil {
			return nil, err
		}
		if err := writeBody(&b, cte, part.body); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// setHeader sets an address field from its parsed addresses, so display
// names outside ASCII are encoded as words, and any other field as
// text, encoded likewise where it needs to be.
func setHeader(h *mail.Header, k, v string) {
	switch nettextproto.CanonicalMIMEHeaderKey(k) {
	case "From", "To", "Cc", "Reply-To":
		if list, err := mail.ParseAddressList(v); err == nil {
			h.SetAddressList(k, list)
			return
		}
	}
	h.SetText(k, v)
}

// maxLine is the longest line RFC 5322 allows, without its CRLF.
const maxLine = 998

// transferEncoding is 7bit for text that can go out as it is: ASCII
// without NUL or CR, in lines of at most maxLine octets. Anything else
// is quoted-printable.
func transferEncoding(s string) string {
	if strings.IndexByte(s, 0) >= 0 || strings.IndexByte(s, '\r') >= 0 || !ascii.Is(s) {
		return "quoted-printable"
	}
	for rest := s; rest != ""; {
		line, after, _ := strings.Cut(rest, "\n")
		if len(line) > maxLine {
			return "quoted-printable"
		}
		rest = after
	}
	return "7bit"
}

// writeBody writes s with its line breaks as CRLF, encoded as cte says.
func writeBody(b *bytes.Buffer, cte, s string) error {
	if cte == "quoted-printable" {
		qp := quotedprintable.NewWriter(b)
		if _, err := io.WriteString(qp, s); err != nil {
			return err
		}
		return qp.Close()
	}
	for s != "" {
		line, rest, found := strings.Cut(s, "\n")
		b.WriteString(line)
		if found {
			b.WriteString("\r\n")
		}
		s = rest
	}
	return nil
}
