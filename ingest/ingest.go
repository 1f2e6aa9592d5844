package ingest

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/metrics"
	"github.com/baton-mail/baton/items"
	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/store"
	"github.com/baton-mail/baton/token"
)

// Refusal is why a message is not accepted, worded for the sender. Over
// SMTP it becomes a 5xx reply; from IMAP or a file the message is stored
// with class refused and the reason.
type Refusal struct {
	Code     int    // SMTP reply code
	Enhanced [3]int // RFC 3463 status code
	Reason   string
	Label    string // the refused counter's reason label (metrics.Reason*)
}

func (r *Refusal) Error() string { return r.Reason }

// Refuse makes a Refusal with an SMTP code, an RFC 3463 status, the
// counter label and the reason worded for the sender.
func Refuse(label string, code int, enh [3]int, format string, args ...any) *Refusal {
	return &Refusal{Code: code, Enhanced: enh, Reason: fmt.Sprintf(format, args...), Label: label}
}

// Result is what Ingest did with a message.
type Result struct {
	ID        uint64
	Duplicate bool
	Class     string // store.Class*
	Reason    string
	Label     string `json:",omitempty"` // a refusal's metrics label
	Team      string
	Author    string
	Parent    uint64
	Parsed    *parser.Message
}

// Ingest is the one path every message takes, whether it came by SMTP,
// IMAP or a file: parse, classify, then store raw bytes, parse result
// and any mail it triggers in one transaction. It returns only after
// that commit. A message over SMTP that must be refused is not stored
// and comes back as a *Refusal error.
func (f *Filer) Ingest(raw []byte, env store.Envelope, imapState *store.IMAPState) (Result, error) {
	cfg, opts := f.current()
	if env.Received.IsZero() {
		env.Received = f.Clock.Now()
	}
	p := parser.Parse(raw, opts)
	res := Result{Parsed: p}
	if env.Source == store.SourceImport && !p.Date.IsZero() {
		env.Received = p.Date.UTC() // historic mail keeps its own date
	}
	c, refusal := f.classify(cfg, p, env)
	var mine string // the member's text above a pasted digest, filed alone
	if refusal == nil && c.class != store.ClassAuto {
		var own bool
		if own, mine = f.ownMail(cfg, raw, p); own {
			c = classified{class: store.ClassAuto, reason: ReasonLoop, author: c.author}
		} else if mine != "" {
			p.Warnings = append(p.Warnings, warnPastedDigest)
		}
	}
	if refusal != nil && env.Source.Live() {
		return res, refusal
	}
	if importSkip(env, c, refusal, &res) {
		return res, nil
	}
	d := &store.Delivery{
		Raw:     raw,
		Message: store.Message{MessageID: p.MessageID, Envelope: env, Class: c.class, Reason: c.reason, Team: c.team, Author: c.author, Warnings: p.Warnings},
		IMAP:    imapState,
	}
	if refusal != nil {
		d.Message.Class, d.Message.Reason = store.ClassRefused, refusal.Reason
		res.Label = refusal.Label
	}
	d.Away = awayFrom(cfg, d.Message, p, env.Received)
	if d.Message.Class == store.ClassUpdate || d.Message.Class == store.ClassReply {
		d.Update = &store.Update{Team: c.team, Author: c.author, Received: env.Received, Parent: c.parent, Answers: c.answers, Parsed: *p, Digest: c.digest, Wants: c.wants}
		if mine != "" {
			keepOnly(d.Update, mine, opts)
		}
		switch {
		case c.digest != "":
			d.Pieces = f.digestPieces(cfg, d.Update, opts)
		case c.parent == 0:
			d.Pieces = teamPieces(cfg, c.member, d.Update, opts)
		}
		d.Effects = &effects{f: f, cfg: cfg, c: c, p: p, named: items.Addressees(cfg)}
	}
	id, dup, err := f.DB.Deliver(d)
	if err != nil {
		return res, err
	}
	res.ID, res.Duplicate = id, dup
	res.Class, res.Reason, res.Team, res.Author, res.Parent = d.Message.Class, d.Message.Reason, c.team, c.author, c.parent
	if d.Effects != nil && p.Urgent && !dup {
		f.poke() // wake the sender for the urgent relay
	}
	return res, nil
}

// effects is the store.Effects of one filed update or reply: item
// states by items.States, and the relay of an urgent update.
type effects struct {
	f     *Filer
	cfg   *config.Config
	c     classified
	p     *parser.Message
	named func(team, question string) []string // items.Addressees(cfg)
}

func (e *effects) States(reply *store.Update, chain []*store.Update) []store.State {
	return items.States(reply, chain, e.named)
}

func (e *effects) Outbound(id uint64) ([]*store.Outbound, error) {
	if !e.p.Urgent {
		return nil, nil
	}
	return e.f.urgentRelay(e.cfg, e.c, e.p, id)
}

type classified struct {
	class, reason string
	team, author  string
	parent        uint64
	answers       *store.ItemRef // the item of parent replied to, by its address
	digest        string         // Message-ID of the digest replied to as a whole
	wants         []string       // nearer parents not seen yet
	member        *config.Member
}

// classify decides what a parsed message is: auto-mail, a refused one,
// a reply in a thread, or a new update.
func (f *Filer) classify(cfg *config.Config, p *parser.Message, env store.Envelope) (classified, *Refusal) {
	var c classified
	if p.Auto || env.Source.Live() && env.MailFrom == "" {
		c.class, c.reason = store.ClassAuto, p.AutoReason
		if c.reason == "" {
			c.reason = "bounce"
		}
		if m, _ := author(cfg, p, env); m != nil {
			c.author = m.Email // so status lists it, should it be an update
		}
		return c, nil
	}
	if env.Source.Live() && len(env.Rcpt) > 0 && !slices.ContainsFunc(env.Rcpt, func(a string) bool { return !cfg.IsSender(a) }) {
		return c, Refuse(metrics.ReasonOwnAddress, 550, [3]int{5, 1, 1}, "%s takes only bounces and automatic replies to Baton's mail; to post an update, write to your team's address", cfg.Sender())
	}
	var r *Refusal
	if c.member, r = author(cfg, p, env); r != nil {
		return c, r
	}
	c.author = c.member.Email
	team, tok := f.target(cfg, c.member, p, env)
	if team == nil {
		return c, Refuse(metrics.ReasonNotOnTeam, 550, [3]int{5, 7, 1}, "%s is not a member of the team this was sent to; ask the Baton admin to add it", c.author)
	}
	c.team = team.Address
	f.findParent(cfg, &c, p, tok, env.Received)
	return c, nil
}

// author decides who wrote a message (README, Trust model): the member
// signed in on the submission listener, else the envelope sender of an
// SMTP session, else, for the polled mailbox, the header From checked
// against the Return-Path its server recorded, and for the admin's own
// ingest and import the header From. A header From that names another
// member than the one so found is refused: filing it under either name
// would put words in someone's mouth.
func author(cfg *config.Config, p *parser.Message, env store.Envelope) (*config.Member, *Refusal) {
	header := cfg.Member(p.From.Address)
	envelope := cfg.Member(strings.ToLower(env.MailFrom))
	m := header
	if env.Source.Live() || m == nil {
		m = envelope
	}
	if m == nil {
		return nil, Refuse(metrics.ReasonNotMember, 550, [3]int{5, 7, 1}, "%s is not a member of any team here; ask the Baton admin to add it to the config", cmp.Or(p.From.Address, env.MailFrom))
	}
	switch {
	case header != nil && header != m:
		return nil, Refuse(metrics.ReasonFromMismatch, 550, [3]int{5, 7, 1}, "the From header names %s but this message comes from %s; Baton files mail under its real sender, so send it from %s's own account", p.From.Address, m.Email, header.Email)
	case envelope != nil && envelope != m: // the polled mailbox: From and Return-Path disagree
		return nil, Refuse(metrics.ReasonFromMismatch, 550, [3]int{5, 7, 1}, "the From header names %s but the Return-Path is %s, another member; Baton files mail under its real sender", m.Email, envelope.Email)
	}
	return m, nil
}

// target finds the team a message is for: a team or reply address among
// the recipients, else the author's team named in the subject, else the
// author's first team. The author must be on it.
func (f *Filer) target(cfg *config.Config, m *config.Member, p *parser.Message, env store.Envelope) (*config.Team, *token.Claim) {
	addrs := env.Rcpt
	for _, a := range p.To {
		addrs = append(addrs, a.Address)
	}
	for _, a := range addrs {
		team, tok, err := f.Resolve(cfg, a)
		if err == nil && team.Has(m) {
			if tok != nil && !tok.For(m.Email) {
				tok = nil // sent to another member: the team, not the item
			}
			return team, tok
		}
	}
	if env.Source.Live() {
		return nil, nil // RCPT already named a team this member is not on
	}
	for _, t := range m.Teams {
		if strings.Contains(strings.ToLower(p.Subject), "["+strings.ToLower(t.Name)+"]") {
			return t, nil
		}
	}
	return m.Teams[0], nil
}

// Resolve reads an address at Baton's domain: the team it names
// and, for a reply address, its verified token. A token for an update
// or one of its items is valid only at the address of the update's
// team.
func (f *Filer) Resolve(cfg *config.Config, addr string) (*config.Team, *token.Claim, error) {
	local, domain, ok := strings.Cut(strings.ToLower(addr), "@")
	if !ok || domain != cfg.Domain {
		return nil, nil, ErrNotOurs
	}
	base, signed, hasToken := strings.Cut(local, "+")
	team := cfg.Team(base)
	if team == nil {
		return nil, nil, ErrNoTeam
	}
	if !hasToken {
		return team, nil, nil
	}
	tok, err := f.Tokens.Verify(signed)
	if err != nil {
		return team, nil, err
	}
	if id, _, ok := tok.Update(); ok {
		if u, err := f.DB.GetUpdate(id); err != nil || u.Team != team.Address {
			return team, nil, token.ErrBad
		}
	}
	return team, &tok, nil
}

// Resolve's errors: an address at another domain, and one at this
// domain that no team has.
var (
	ErrNotOurs = errors.New("not an address at this domain")
	ErrNoTeam  = errors.New("no team has this address")
)
