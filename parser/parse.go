// Package parser turns one raw RFC 5322 message into a structured status
// update. It is pure: bytes in, Message out, no I/O and no clock.
//
// Parse works in steps, one file each:
//
//   - mime.go: header and MIME tree (go-message), transfer encodings and
//     charsets decoded, text kept, attachments counted and never held;
//   - flowed.go, html.go: format=flowed text and HTML made plain, with
//     HTML quotes turned into "> " lines;
//   - trim.go: the new text of a reply, without quotes, attributions,
//     signatures, footers or forwarded messages;
//   - auto.go: auto-replies, bounces and list mail (RFC 3834);
//   - headings.go, structure.go, extract.go: sections, items, decisions,
//     blockers, questions and urgency.
//
// A forwarded message is not part of the update: the forwarder's own
// note is kept as the body and the warning "forwarded message not
// included" says that something was dropped.
package parser

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/mail"
)

// warnForwarded is the warning added when a forwarded message is cut.
const warnForwarded = "forwarded message not included"

// decode reads raw's header and envelope into m and returns the header,
// the message's media type and its readable text: the text/plain part,
// else the HTML as text, else, for a multipart nothing could be read
// from, the raw body.
func decode(raw []byte, m *Message) (message.Header, string, string) {
	head, body := splitHeader(raw)
	if len(head) == 0 {
		m.Warnings = append(m.Warnings, "no header")
	}
	h := readHeader(head, m)
	readEnvelope(mail.Header{Header: h}, m)
	w := &walker{m: m}
	c := w.entity(h, bytes.NewReader(body), 0)
	if c.empty() && strings.HasPrefix(w.top, "multipart/") && len(body) > 0 && w.parts <= 1 {
		// Unreadable multipart: show the raw body rather than nothing.
		c.plain = w.charset(body[:min(len(body), maxTextBytes)], "")
	}
	text := c.plain
	if strings.TrimSpace(text) == "" && c.html != "" {
		text = htmlToText(c.html)
	}
	return h, w.top, text
}

// Parse parses raw and never fails: malformed input yields best-effort
// text and a warning in Message.Warnings.
func Parse(raw []byte, opts Options) (m *Message) {
	m = &Message{}
	defer func() {
		if r := recover(); r != nil {
			// A bug must not lose the message; report it as a warning.
			m.Warnings = append(m.Warnings, "internal parser error")
		}
		finish(m)
	}()
	h, mediaType, text := decode(raw, m)
	m.text = text
	t := trim(text, senderName(m))
	m.Body = t.text
	keepUnquoted(m, text)
	if t.forwarded || isForwardSubject(m.Subject) && len(strings.TrimSpace(t.text)) < len(strings.TrimSpace(text)) {
		m.Warnings = append(m.Warnings, warnForwarded)
	}

	m.Urgent = isUrgent(m.Subject, h.Get("Importance"), h.Get("X-Priority"), h.Get("Priority"), m.Body)
	m.Sections = sections(m.Body, newHeadingIndex(opts))
	extract(m, opts)

	m.AutoReason = autoReason(h, mediaType, m.From.Address, m.Subject, hasStructure(m))
	m.Auto = m.AutoReason != ""
	if m.AutoReason == ReasonOutOfOffice {
		m.Return = returnDate(m.Subject+"\n"+m.Body, m.Date)
	}
	return m
}

// readEnvelope fills the header fields of m: addresses, ids, subject
// and date, each best effort.
func readEnvelope(h mail.Header, m *Message) {
	if from := addresses(h, "From", m); len(from) > 0 {
		m.From = from[0]
	} else if h.Get("From") == "" {
		m.Warnings = append(m.Warnings, "missing From")
	}
	m.To = addresses(h, "To", m)
	m.MessageID = msgID(h, "Message-Id")
	m.InReplyTo = msgID(h, "In-Reply-To")
	m.References = msgIDs(h, "References")
	subj, err := h.Subject()
	if err != nil {
		subj = h.Get("Subject")
		m.Warnings = append(m.Warnings, "undecodable subject")
	}
	m.Subject = headerText(subj)
	switch d, err := parseDate(h); {
	case h.Get("Date") == "":
		m.Warnings = append(m.Warnings, "missing date")
	case err != nil:
		m.Warnings = append(m.Warnings, "bad date")
	default:
		m.Date = d
	}
}

// parseDate tries the RFC 5322 layout nearly every client writes before
// net/mail's lenient parser, which tries many.
func parseDate(h mail.Header) (time.Time, error) {
	v := strings.TrimSpace(h.Get("Date"))
	if i := strings.IndexByte(v, '('); i > 0 {
		v = strings.TrimSpace(v[:i]) // "(UTC)" comment
	}
	if len(v) > 5 && v[3] == ',' {
		if d, err := time.Parse("Mon, _2 Jan 2006 15:04:05 -0700", v); err == nil {
			return d, nil
		}
	}
	return h.Date()
}

// addresses parses an address list; a list net/mail rejects is split by
// hand, keeping anything that looks like an address.
func addresses(h mail.Header, key string, m *Message) []Address {
	v := h.Get(key)
	if strings.TrimSpace(v) == "" {
		return nil
	}
	list, err := h.AddressList(key)
	if err == nil {
		out := make([]Address, 0, len(list))
		for _, a := range list {
			out = append(out, Address{Name: headerText(a.Name), Address: strings.ToLower(headerText(a.Address))})
		}
		return out
	}
	var out []Address
	for _, part := range strings.Split(v, ",") {
		if a, ok := looseAddress(part); ok {
			out = append(out, a)
		}
	}
	m.Warnings = append(m.Warnings, "malformed "+key+" address")
	return out
}

// looseAddress takes "Name <addr>" or a bare addr apart without RFC 5322.
func looseAddress(s string) (Address, bool) {
	s = headerText(strings.TrimSpace(s))
	if i := strings.LastIndexByte(s, '<'); i >= 0 {
		if j := strings.IndexByte(s[i:], '>'); j > 0 {
			addr := strings.TrimSpace(s[i+1 : i+j])
			name := strings.Trim(strings.TrimSpace(s[:i]), `"`)
			return Address{Name: name, Address: strings.ToLower(addr)}, strings.Contains(addr, "@")
		}
	}
	for _, f := range strings.Fields(s) {
		if strings.Contains(f, "@") {
			return Address{Address: strings.ToLower(strings.Trim(f, "<>\"'(),;"))}, true
		}
	}
	return Address{}, false
}

func msgID(h mail.Header, key string) string {
	ids := msgIDs(h, key)
	if len(ids) == 0 {
		return ""
	}
	return ids[0]
}

// msgIDs parses a list of message ids without angle brackets; ids that
// break the grammar are taken apart on white space.
func msgIDs(h mail.Header, key string) []string {
	v := h.Get(key)
	if strings.TrimSpace(v) == "" {
		return nil
	}
	if ids, err := h.MsgIDList(key); err == nil && len(ids) > 0 {
		for i := range ids {
			ids[i] = headerText(ids[i])
		}
		return ids
	}
	var out []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' || r == '\n' || r == '\r' }) {
		if f = headerText(strings.Trim(f, "<>")); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// headerText makes a decoded header value valid UTF-8; raw 8-bit
// headers that are not UTF-8 (pre-SMTPUTF8 clients) are read as
// Windows-1252.
func headerText(s string) string {
	if strings.IndexByte(s, 0) >= 0 {
		s = strings.ReplaceAll(s, "\x00", "")
	}
	if utf8.ValidString(s) {
		return s
	}
	return asUTF8([]byte(s))
}

// finish makes the result stable: empty lists marshal as [], strings
// are valid UTF-8, the date is UTC-free of monotonic state.
func finish(m *Message) {
	if m.Sections == nil {
		m.Sections = []Section{}
	}
	for i := range m.Sections {
		if m.Sections[i].Items == nil {
			m.Sections[i].Items = []string{}
		}
	}
	if m.Decisions == nil {
		m.Decisions = []Decision{}
	}
	if m.Blockers == nil {
		m.Blockers = []string{}
	}
	if m.Questions == nil {
		m.Questions = []string{}
	}
	if m.Attachments == nil {
		m.Attachments = []Attachment{}
	}
	if m.Warnings == nil {
		m.Warnings = []string{}
	}
	m.Body = sanitize(m.Body)
	m.Subject = sanitize(m.Subject)
	m.Date = m.Date.Round(0)
	if m.Date.IsZero() {
		m.Date = time.Time{}
	}
}

// senderName is the name a bare sign-off would repeat: the From
// display name, or without one the address's local part ("dana.kim"
// matches a closing "Dana").
func senderName(m *Message) string {
	if m.From.Name != "" {
		return m.From.Name
	}
	local, _, _ := strings.Cut(m.From.Address, "@")
	return local
}
