// Package parser turns one raw RFC 5322 message into a structured status
// update. It is pure: bytes in, Message out, no I/O and no clock.
package parser

import (
	"bytes"
	"net/mail"
	"strings"
)

// Parse parses raw and never fails: malformed input yields best-effort
// text and a warning in Message.Warnings.
//
// This is a placeholder until the full parser lands.
func Parse(raw []byte, opts Options) *Message {
	m := &Message{}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		m.Warnings = append(m.Warnings, "read header: "+err.Error())
		return m
	}
	h := msg.Header
	m.MessageID = strings.Trim(h.Get("Message-Id"), "<> ")
	m.InReplyTo = strings.Trim(h.Get("In-Reply-To"), "<> ")
	m.Subject = h.Get("Subject")
	if a, err := mail.ParseAddress(h.Get("From")); err == nil {
		m.From = Address{Name: a.Name, Address: strings.ToLower(a.Address)}
	}
	if d, err := h.Date(); err == nil {
		m.Date = d
	}
	return m
}
