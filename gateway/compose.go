package gateway

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/textproto"
	"strings"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/digest"
	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/store"
	"github.com/jordan-wright/email"
)

// outMail is one message to compose.
type outMail struct {
	From, To, ReplyTo string
	Subject           string
	Text, HTML        string
	MessageID         string // without angle brackets
	InReplyTo         string
	Date              time.Time
	Header            map[string]string
}

// compose renders m as RFC 5322 bytes. Every message Baton sends says it
// is automatic (RFC 3834) so well-behaved auto-responders stay quiet.
func compose(m outMail) ([]byte, error) {
	e := email.NewEmail()
	e.From, e.To, e.Subject = m.From, []string{m.To}, m.Subject
	e.Text = []byte(m.Text)
	if m.HTML != "" {
		e.HTML = []byte(m.HTML)
	}
	if m.ReplyTo != "" {
		e.ReplyTo = []string{m.ReplyTo}
	}
	e.Headers = textproto.MIMEHeader{}
	e.Headers.Set("Message-Id", "<"+m.MessageID+">")
	e.Headers.Set("Date", m.Date.Format(time.RFC1123Z))
	e.Headers.Set("Auto-Submitted", "auto-generated")
	e.Headers.Set("X-Auto-Response-Suppress", "All")
	if m.InReplyTo != "" {
		e.Headers.Set("In-Reply-To", "<"+m.InReplyTo+">")
		e.Headers.Set("References", "<"+m.InReplyTo+">")
	}
	for k, v := range m.Header {
		e.Headers.Set(k, v)
	}
	return e.Bytes()
}

// urgentRelay makes the copies of an urgent update that go to the rest
// of the team at once, each with a reply address for its recipient.
func (g *Gateway) urgentRelay(cfg *config.Config, c classified, p *parser.Message, id uint64) ([]*store.Outbound, error) {
	team := cfg.Team(c.team)
	var out []*store.Outbound
	for _, m := range team.Members {
		if m.Email == c.author {
			continue
		}
		msgID := fmt.Sprintf("urgent.%d.%s@%s", id, shortHash(m.Email), cfg.Domain)
		raw, err := compose(outMail{
			From:      cfg.From,
			To:        m.Email,
			ReplyTo:   fmt.Sprintf("%s+%s@%s", team.Address, g.tokens.Sign(TokenUpdate, id, m.Email), cfg.Domain),
			Subject:   fmt.Sprintf("[%s] Urgent from %s: %s", team.Name, c.member.Name, strings.TrimSpace(p.Subject)),
			Text:      fmt.Sprintf("%s marked this urgent, so it did not wait for the digest.\n\n%s\n\n-- \nReply to this message to answer %s; the reply is threaded under the update.\n", c.member.Name, p.Body, c.member.Name),
			MessageID: msgID,
			InReplyTo: p.MessageID,
			Date:      g.clock.Now(),
			Header:    map[string]string{"List-Id": listID(team, cfg.Domain), "Importance": "high"},
		})
		if err != nil {
			return nil, err
		}
		out = append(out, &store.Outbound{
			Key: fmt.Sprintf("urgent/%d/%s", id, m.Email), Kind: "urgent", MessageID: msgID,
			From: envelopeFrom(cfg), To: []string{m.Email}, Raw: raw, Created: g.clock.Now(),
		})
	}
	return out, nil
}

func listID(t *config.Team, domain string) string {
	return digest.ListID(t.Name, teamListID(t, domain))
}

// teamListID is the id part of a team's List-Id, "<address>.<domain>".
func teamListID(t *config.Team, domain string) string { return t.Address + "." + domain }

// envelopeFrom is the MAIL FROM of outbound mail: the From address.
func envelopeFrom(cfg *config.Config) string {
	if i, j := strings.LastIndexByte(cfg.From, '<'), strings.LastIndexByte(cfg.From, '>'); i >= 0 && j > i {
		return cfg.From[i+1 : j]
	}
	return cfg.From
}

func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:6])
}
