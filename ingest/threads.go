package ingest

import (
	"strings"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/digest"
	"github.com/baton-mail/baton/items"
	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/store"
	"github.com/baton-mail/baton/thread"
	"github.com/baton-mail/baton/token"
)

// Where a reply goes, strongest evidence first:
//
//  1. a reply token in a recipient address: an update's files the
//     message under that update, a digest's in that digest's thread;
//  2. In-Reply-To, then References from the nearest, looked up in the
//     Message-ID index: the first that is a stored update is the parent,
//     the first that is one of our digests makes it a digest reply;
//  3. the subject: "Re: x" joins the newest original update of the same
//     team with base subject x received within thread.DefaultWindow.
//
// Referenced Message-IDs not seen yet that are nearer than the parent
// found are recorded as the update's Wants; if one of them arrives
// later, the store moves the reply under it (store/threads.go).
//
// A digest reply is stored as class reply with Parent 0 and Digest set
// to the digest's Message-ID: the digest's thread is every update with
// that Digest, and the replies under them. When the reply was written
// under quoted items of the digest, each piece of new text under a
// quote that names an update becomes an update of its own under that
// update (a derived piece, Source = the message), and the message's own
// body keeps only the text above all quotes.

// findParent sets c's class, parent, digest and wants for p.
func (f *Filer) findParent(cfg *config.Config, c *classified, p *parser.Message, tok *token.Claim, at time.Time) {
	c.class = store.ClassUpdate
	if tok != nil {
		if id, item, ok := tok.Update(); ok {
			// resolve checked that the update is the team's
			c.class, c.parent, c.answers = store.ClassReply, id, item
			return
		}
		if tok.Kind == token.Digest {
			c.class, c.digest = store.ClassReply, f.tokenDigest(cfg, c, tok)
			return
		}
	}
	var wants []string
	for _, ref := range thread.Refs(p.MessageID, p.InReplyTo, p.References) {
		if digest.IsMessageID(ref, cfg.Domain) {
			c.class, c.digest, c.wants = store.ClassReply, ref, wants
			return
		}
		id, err := f.DB.Lookup(ref)
		if err != nil {
			wants = append(wants, ref)
			continue
		}
		if _, err := f.DB.GetUpdate(id); err == nil {
			c.class, c.parent, c.wants = store.ClassReply, id, wants
			return
		}
	}
	c.wants = wants
	if id := f.subjectParent(c.team, p.Subject, at); id != 0 {
		c.class, c.parent = store.ClassReply, id
	}
}

// subjectParent finds the newest original update of team (a root whose
// own subject is no reply) whose base subject is that of subject, when
// subject is a reply's.
func (f *Filer) subjectParent(team, subject string, at time.Time) uint64 {
	base, reply := thread.BaseSubject(subject)
	if !reply || base == "" {
		return 0
	}
	var found uint64
	err := f.DB.SubjectUpdates(team, base, at.Add(-thread.DefaultWindow), func(u *store.Update) bool {
		if u.Team != team || u.Parent != 0 || u.Digest != "" || u.Source != 0 || u.Received.After(at) {
			return true
		}
		if b, re := thread.BaseSubject(u.Parsed.Subject); b == base && !re {
			found = u.ID
			return false
		}
		return true
	})
	if err != nil {
		f.Log.Warn("subject fallback", "err", err)
	}
	return found
}

// tokenDigest returns the Message-ID of the digest a digest token names:
// the one of its date sent to the member the token was made for.
func (f *Filer) tokenDigest(cfg *config.Config, c *classified, tok *token.Claim) string {
	day := token.IDDay(tok.ID)
	rcpt := c.author
	if !tok.For(rcpt) {
		if t := cfg.Team(c.team); t != nil {
			for _, m := range t.Members {
				if tok.For(m.Email) {
					rcpt = m.Email
					break
				}
			}
		}
	}
	return digest.MessageID(day, rcpt, cfg.Domain)
}

// digestPieces cuts a digest reply written under quoted items into one
// derived update per item answered; u is the reply's own update, which
// keeps only the text above all quotes and what that says, so nothing
// is filed twice.
func (f *Filer) digestPieces(cfg *config.Config, u *store.Update, opts parser.Options) []*store.Update {
	blocks := u.Parsed.Blocks()
	var pieces []*store.Update
	var top []string
	var recent []*store.Update // loaded on first need
	for _, b := range blocks {
		if b.Text == "" {
			continue
		}
		var parent uint64
		var item *store.ItemRef
		if b.Quote != "" {
			parent, item = f.quotedUpdate(cfg, u.Team, b.Quote)
			if parent == 0 {
				if recent == nil {
					recent = f.recentOf(u.Team, u.Received)
				}
				parent = quotedText(b.Quote, recent)
			}
		}
		if parent == 0 {
			top = append(top, b.Text)
			continue
		}
		pieces = append(pieces, &store.Update{Team: u.Team, Author: u.Author, Received: u.Received, Parent: parent, Answers: item, Parsed: parser.Piece(&u.Parsed, b.Text, opts)})
	}
	if len(pieces) > 0 {
		keepOnly(u, strings.Join(top, "\n\n"), opts)
	}
	return pieces
}

// keepOnly makes u, a message cut into pieces, say only text: its
// sections, decisions and questions are read from text alone, so none
// is filed twice; what belongs to the whole message (urgency,
// attachments, warnings) stays.
func keepOnly(u *store.Update, text string, opts parser.Options) {
	whole := u.Parsed
	u.Parsed = parser.Piece(&whole, text, opts)
	u.Parsed.Urgent, u.Parsed.Attachments, u.Parsed.Warnings = whole.Urgent, whole.Attachments, whole.Warnings
}

// quotedUpdate finds the update and item a quoted digest item names by
// the reply address the digest printed under it: the last such address
// in the quote, as the item nearest the new text.
func (f *Filer) quotedUpdate(cfg *config.Config, team, quote string) (uint64, *store.ItemRef) {
	fields := strings.FieldsFunc(quote, func(r rune) bool {
		return r == ' ' || r == '\n' || r == '\t' || r == '<' || r == '>' || r == '(' || r == ')'
	})
	for i := len(fields) - 1; i >= 0; i-- {
		t, tok, err := f.Resolve(cfg, strings.Trim(fields[i], ".,;:\"'"))
		if err != nil || tok == nil || t.Address != team {
			continue
		}
		if id, item, ok := tok.Update(); ok {
			return id, item
		}
	}
	return 0, nil
}

// recentOf returns team's updates of the digest lookback before at,
// newest first.
func (f *Filer) recentOf(team string, at time.Time) []*store.Update {
	out := []*store.Update{}
	f.DB.RecentUpdates(at.Add(-items.Lookback), func(u *store.Update) bool {
		if u.Team == team && u.Source == 0 && !u.Received.After(at) {
			out = append(out, u)
		}
		return true
	})
	return out
}

// quotedText finds the update whose item text the quote ends with, for
// a quote cut short of its reply address: the last quoted line long
// enough to be telling, matched in the newest update holding it.
func quotedText(quote string, recent []*store.Update) uint64 {
	ls := strings.Split(quote, "\n")
	for i := len(ls) - 1; i >= 0; i-- {
		l := norm(strings.TrimLeft(strings.TrimSpace(ls[i]), "-*• "))
		if len([]rune(l)) < 12 || strings.HasPrefix(l, "reply:") || strings.HasPrefix(l, "why:") {
			continue
		}
		for _, u := range recent {
			for _, item := range itemTexts(&u.Parsed) {
				if strings.Contains(norm(item), l) {
					return u.ID
				}
			}
		}
	}
	return 0
}

// items is every piece of text a digest shows for an update.
func itemTexts(p *parser.Message) []string {
	var out []string
	for _, s := range p.Sections {
		out = append(out, s.Items...)
	}
	out = append(out, p.Blockers...)
	out = append(out, p.Questions...)
	for _, d := range p.Decisions {
		out = append(out, d.Text, d.Rationale)
	}
	return out
}

func norm(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
