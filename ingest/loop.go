package ingest

import (
	"bytes"
	"strings"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/parser"
)

// ReasonLoop is the auto-mail reason of Baton's own mail come back.
const ReasonLoop = "loop"

// ownIDPrefixes start the Message-IDs of what Baton sends: digests,
// check-in prompts and urgent relays (digest.MessageID, urgent.go).
var ownIDPrefixes = []string{"digest.", "checkin.", "urgent."}

// warnPastedDigest is the warning on a reply filed without the digest
// pasted below it.
const warnPastedDigest = "Baton's digest, pasted below the reply without quote marks, was left out"

// ownLeads are what the first line of Baton's own mail says: a
// digest's, an urgent relay's. A member's text above a quoted digest
// comes first, so only Baton's own mail starts so.
var ownLeads = []string{digestLead, " marked this urgent, so it did not wait for the digest."}

// digestLead starts the first line of a digest's text.
const digestLead = "Baton digest for "

// ownMail reports whether raw, parsed as p, is mail Baton sent that came
// back: forwarded by a member's rule, bounced through a list, or sent
// round by a server that stripped Auto-Submitted, List-Id and the
// Message-ID. It looks for what Baton puts in its mail: its own sender
// address in From, its Message-IDs, its X-Baton-* fields, its first
// lines, and its "Reply: <reply address>" lines in the new text. Such
// mail is recorded as automatic and never filed or relayed again.
//
// Some clients put the message replied to below the reply with no quote
// marks and no attribution. A member's text above a digest pasted so is
// theirs: ownMail then returns it as mine, the text to file alone.
func (f *Filer) ownMail(cfg *config.Config, raw []byte, p *parser.Message) (own bool, mine string) {
	if cfg.IsSender(p.From.Address) || isOwnID(cfg, p.MessageID) || hasBatonField(raw) {
		return true, ""
	}
	body := strings.TrimSpace(p.Body)
	first, _, _ := strings.Cut(body, "\n")
	for _, s := range ownLeads {
		if strings.Contains(first, s) {
			return true, ""
		}
	}
	if !f.hasReplyLine(cfg, body) {
		return false, ""
	}
	if i := pastedDigest(body); i > 0 {
		if above := strings.TrimSpace(body[:i]); !f.hasReplyLine(cfg, above) {
			return false, above
		}
	}
	return true, ""
}

// pastedDigest returns where a line starting a digest ("Baton digest
// for ...") begins in body after its first line; 0 for none.
func pastedDigest(body string) int {
	at := 0
	for l := range strings.Lines(body) {
		if at > 0 && strings.HasPrefix(strings.TrimSpace(l), digestLead) {
			return at
		}
		at += len(l)
	}
	return 0
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

// hasReplyLine reports whether text has a line "Reply: <address>" with
// one of Baton's signed reply addresses, as digests print under items.
func (f *Filer) hasReplyLine(cfg *config.Config, text string) bool {
	for l := range strings.Lines(text) {
		_, addr, ok := strings.Cut(l, "Reply: ")
		if !ok {
			continue
		}
		addr = strings.Trim(strings.TrimSpace(addr), "<>")
		if _, tok, err := f.Resolve(cfg, addr); err == nil && tok != nil {
			return true
		}
	}
	return false
}
