package gateway

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/digest"
	"github.com/baton-mail/baton/internal/outmail"
	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/store"
	"github.com/baton-mail/baton/token"
)

// urgentRelay makes the copies of an urgent update that go to the rest
// of the team at once, each with a reply address for its recipient; a
// recipient with working hours gets it when they next start work, not
// outside their hours, on a day off or while away.
func (g *Gateway) urgentRelay(cfg *config.Config, c classified, p *parser.Message, id uint64) ([]*store.Outbound, error) {
	team := cfg.Team(c.team)
	var out []*store.Outbound
	for _, m := range team.Members {
		if m.Email == c.author {
			continue
		}
		msgID := fmt.Sprintf("urgent.%d.%s@%s", id, shortHash(m.Email), cfg.Domain)
		raw, err := outmail.Compose(outmail.Message{
			From:      cfg.From,
			To:        m.Email,
			ReplyTo:   fmt.Sprintf("%s+%s@%s", team.Address, g.tokens.Sign(token.Update, id, m.Email), cfg.Domain),
			Subject:   fmt.Sprintf("[%s] Urgent from %s: %s", team.Name, c.member.Name, strings.TrimSpace(p.Subject)),
			Text:      fmt.Sprintf("%s marked this urgent, so it did not wait for the digest.\n\n%s\n\n-- \nReply to this message to answer %s; the reply is threaded under the update.\n", c.member.Name, p.Body, c.member.Name),
			MessageID: msgID,
			InReplyTo: p.MessageID,
			Date:      g.clock.Now(),
			Header:    map[string]string{"List-Id": listID(team, cfg.Domain), "Importance": "high", "X-Baton-Kind": "urgent"},
		})
		if err != nil {
			return nil, err
		}
		now := g.clock.Now()
		o := &store.Outbound{
			Key: fmt.Sprintf("urgent/%d/%s", id, m.Email), Kind: "urgent", MessageID: msgID,
			From: envelopeFrom(cfg), To: []string{m.Email}, Raw: raw, Created: now,
		}
		if at := team.Rhythm(m, config.KindPrompt).Reachable(now, m.Location); at.After(now) {
			o.NotBefore = at
		}
		out = append(out, o)
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
