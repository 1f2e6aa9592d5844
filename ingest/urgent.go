package ingest

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
func (f *Filer) urgentRelay(cfg *config.Config, c classified, p *parser.Message, id uint64) ([]*store.Outbound, error) {
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
			ReplyTo:   f.Tokens.Signer(m.Email).Addr(team.Address, cfg.Domain, token.Update, id),
			Subject:   fmt.Sprintf("[%s] Urgent from %s: %s", team.Name, c.member.Name, strings.TrimSpace(p.Subject)),
			Text:      fmt.Sprintf("%s marked this urgent, so it did not wait for the digest.\n\n%s\n\n-- \nReply to this message to answer %s; the reply is threaded under the update.\n", c.member.Name, p.Body, c.member.Name),
			MessageID: msgID,
			InReplyTo: p.MessageID,
			Date:      f.Clock.Now(),
			Header:    map[string]string{"List-Id": digest.ListID(team.Name, team.ListID(cfg.Domain)), "Importance": "high", "X-Baton-Kind": "urgent"},
		})
		if err != nil {
			return nil, err
		}
		now := f.Clock.Now()
		o := &store.Outbound{
			Key: fmt.Sprintf("urgent/%d/%s", id, m.Email), Kind: "urgent", MessageID: msgID,
			From: cfg.Sender(), To: []string{m.Email}, Raw: raw, Created: now,
		}
		if at := team.Rhythm(m, config.KindPrompt).Reachable(now, m.Location); at.After(now) {
			o.NotBefore = at
		}
		out = append(out, o)
	}
	return out, nil
}

func shortHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:6])
}
