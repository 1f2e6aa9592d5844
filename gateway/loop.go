package gateway

import (
	"bytes"
	"strings"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/parser"
)

// ReasonLoop is the auto-mail reason of Baton's own mail come back.
const ReasonLoop = "loop"

// ownIDPrefixes start the Message-IDs of what Baton sends: digests,
// check-in prompts and urgent relays (digest.MessageID, compose.go).
var ownIDPrefixes = []string{"digest.", "checkin.", "urgent."}

// ownPhrases are lines only Baton's own mail carries in its new text:
// a digest's first line and footer, an urgent relay's first line.
var ownPhrases = []string{
	"Baton digest for ",
	"Reply to this email to write to the whole digest",
	" marked this urgent, so it did not wait for the digest.",
}

// ownMail reports whether raw, parsed as p, is mail Baton sent that came
// back: forwarded by a member's rule, bounced through a list, or sent
// round by a server that stripped Auto-Submitted, List-Id and the
// Message-ID. It looks for everything Baton puts in its mail: its own
// sender address in From, its Message-IDs, its X-Baton-* fields, its
// fixed lines, and its reply addresses in the new text. Such mail is
// recorded as automatic and never filed or relayed again.
func (g *Gateway) ownMail(cfg *config.Config, raw []byte, p *parser.Message) bool {
	if ownAddress(cfg, p.From.Address) || isOwnID(cfg, p.MessageID) || hasBatonField(raw) {
		return true
	}
	for _, s := range ownPhrases {
		if strings.Contains(p.Body, s) {
			return true
		}
	}
	return g.hasReplyAddress(cfg, p.Body)
}

// isOwnID reports whether id is the Message-ID of something Baton sent.
func isOwnID(cfg *config.Config, id string) bool {
	if !strings.HasSuffix(strings.ToLower(id), "@"+cfg.Domain) {
		return false
	}
	for _, p := range ownIDPrefixes {
		if strings.HasPrefix(id, p) {
			return true
		}
	}
	return false
}

// hasBatonField reports whether raw's header has an X-Baton-* field.
func hasBatonField(raw []byte) bool {
	for len(raw) > 0 {
		line, rest, _ := bytes.Cut(raw, []byte("\n"))
		if line = bytes.TrimSuffix(line, []byte("\r")); len(line) == 0 {
			return false // the end of the header
		}
		if len(line) >= 8 && strings.EqualFold(string(line[:8]), "x-baton-") {
			return true
		}
		raw = rest
	}
	return false
}

// hasReplyAddress reports whether text holds one of Baton's signed
// reply addresses: a digest's or relay's "Reply:" line, not quoted.
func (g *Gateway) hasReplyAddress(cfg *config.Config, text string) bool {
	low, at := strings.ToLower(text), "@"+cfg.Domain
	for off := 0; ; {
		i := strings.Index(low[off:], at)
		if i < 0 {
			return false
		}
		i += off
		start := strings.LastIndexAny(low[:i], " \t\n<(:\"'") + 1
		if _, tok, err := g.resolve(cfg, low[start:i+len(at)]); err == nil && tok != nil {
			return true
		}
		off = i + len(at)
	}
}
