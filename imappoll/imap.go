// Package imappoll takes mail in by polling an IMAP mailbox (RFC 9051,
// RFC 3501), for a team whose mail arrives at another server.
//
// The poller keeps one connection to the configured mailbox. Its
// position there is the mailbox's UIDVALIDITY and the highest UID it has
// stored; the store writes that watermark in the same transaction as
// each message (store.Delivery.IMAP), so after a crash or restart it
// resumes right after the last committed message. Only after that
// commit is the message marked \Seen or moved to the configured folder.
// When the connection drops between the commit and the mark, the mark
// is retried after reconnecting. A crash or stop in that moment leaves
// the one message unread on the server but stored once: the watermark
// is already past it, and the store would drop a second copy anyway.
//
// The poller never sets \Deleted and never expunges: it must not delete
// a user's mail. Where the server has no MOVE, it copies and marks
// \Seen instead of the usual COPY, \Deleted, EXPUNGE fallback.
package imappoll

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/ingest"
	"github.com/baton-mail/baton/internal/env"
	"github.com/baton-mail/baton/store"
)

const (
	// imapIdleRestart is how long one IDLE runs before the poller ends
	// it and looks for mail again. RFC 2177 section 3 asks clients to
	// re-issue IDLE at least every 29 minutes.
	imapIdleRestart = 25 * time.Minute
	imapBackoffMin  = time.Second
	imapBackoffMax  = 5 * time.Minute
	// A UID FETCH of bodies asks for at most imapBatchCount messages
	// or, past the first message, imapBatchBytes bytes.
	imapBatchCount = 50
	imapBatchBytes = 32 << 20
)

// Poller polls the mailbox [imap] names and files what it finds.
type Poller struct {
	*env.Env
	filer *ingest.Filer
}

// New returns a poller that files mail with f.
func New(e *env.Env, f *ingest.Filer) *Poller { return &Poller{Env: e, filer: f} }

// Run polls the configured mailbox until ctx ends, reconnecting
// with exponential backoff (1 s up to 5 min) when the connection fails.
// A configuration change takes effect at the next connection.
func (pl *Poller) Run(ctx context.Context) {
	backoff := imapBackoffMin
	var unmarked []imap.UID
	for {
		cfg := pl.Config().IMAP
		if cfg == nil {
			<-ctx.Done()
			return
		}
		p := newIMAPPoller(pl, cfg)
		p.unmarked = unmarked
		connected, err := p.run(ctx)
		unmarked = p.unmarked
		if ctx.Err() != nil {
			return
		}
		if connected {
			backoff = imapBackoffMin
		}
		p.log.Warn("imap connection failed", "err", err, "retry_in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-pl.Clock.After(backoff):
		}
		backoff = min(2*backoff, imapBackoffMax)
	}
}

// imapPoller is one connection's worth of polling.
type imapPoller struct {
	*Poller
	cfg   *config.IMAP
	log   *slog.Logger
	wake  chan struct{} // new mail announced (EXISTS)
	state store.IMAPState
	// unmarked are stored messages the last connection dropped before
	// marking; the next connection marks them first.
	unmarked []imap.UID
}

func newIMAPPoller(pl *Poller, cfg *config.IMAP) *imapPoller {
	return &imapPoller{
		Poller: pl,
		cfg:    cfg,
		log:    pl.Log.With("imap", cfg.Address, "mailbox", cfg.Mailbox),
		wake:   make(chan struct{}, 1),
	}
}

// options are the client options: the unilateral data handler turns
// an EXISTS into a wake-up without blocking the client.
func (p *imapPoller) options() *imapclient.Options {
	return &imapclient.Options{
		UnilateralDataHandler: &imapclient.UnilateralDataHandler{
			Mailbox: func(d *imapclient.UnilateralDataMailbox) {
				if d.NumMessages != nil {
					select {
					case p.wake <- struct{}{}:
					default:
					}
				}
			},
		},
	}
}

// run connects, logs in, selects the mailbox and ingests new mail until
// the connection fails or ctx ends. connected reports whether it got as
// far as selecting the mailbox.
func (p *imapPoller) run(ctx context.Context) (connected bool, err error) {
	c, err := dialIMAP(p.cfg, p.options())
	if err != nil {
		return false, fmt.Errorf("connect: %w", err)
	}
	defer c.Close()
	// Closing the connection is what ends a command or IDLE in flight.
	defer context.AfterFunc(ctx, func() { c.Close() })()

	if err := c.Login(p.cfg.Username, p.cfg.Password.Reveal()).Wait(); err != nil {
		return false, fmt.Errorf("login as %s: %w", p.cfg.Username, err)
	}
	sel, err := c.Select(p.cfg.Mailbox, nil).Wait()
	if err != nil {
		return false, fmt.Errorf("select: %w", err)
	}
	if err := p.resume(sel.UIDValidity); err != nil {
		return false, err
	}
	if p.cfg.MoveTo != "" {
		if err := p.ensureMailbox(c, p.cfg.MoveTo); err != nil {
			return false, err
		}
	}
	idle := c.Caps().Has(imap.CapIdle)
	p.log.Info("imap connected", "uidvalidity", p.state.UIDValidity, "last_uid", p.state.LastUID, "messages", sel.NumMessages, "idle", idle)
	if err := p.markUnmarked(c); err != nil {
		return true, err
	}
	for {
		if err := p.catchUp(c); err != nil {
			return true, err
		}
		if err := p.wait(ctx, c, idle); err != nil {
			return true, err
		}
		if err := p.checkValidity(c); err != nil { // check.go
			return true, err
		}
	}
}

// dialIMAP connects as cfg.TLS says: implicit TLS, STARTTLS or plain.
func dialIMAP(cfg *config.IMAP, opts *imapclient.Options) (*imapclient.Client, error) {
	switch cfg.TLS {
	case config.TLSNone:
		return imapclient.DialInsecure(cfg.Address, opts)
	case config.TLSStartTLS:
		return imapclient.DialStartTLS(cfg.Address, opts)
	default:
		return imapclient.DialTLS(cfg.Address, opts)
	}
}

// resume loads the watermark. When the mailbox's UIDVALIDITY is not the
// one stored, its UIDs mean other messages now (RFC 9051 section
// 2.3.1.1): start over from UID 1. Messages stored before come back as
// duplicates, which the store recognises by Message-ID or content hash.
func (p *imapPoller) resume(uidValidity uint32) error {
	st, err := p.DB.GetIMAPState(p.cfg.Mailbox)
	if err != nil {
		return fmt.Errorf("load imap state: %w", err)
	}
	if st.UIDValidity == uidValidity {
		p.state = st
		return nil
	}
	p.unmarked = nil // those UIDs name other messages now
	if st.UIDValidity != 0 {
		p.log.Warn("imap uidvalidity changed; resyncing the mailbox", "old", st.UIDValidity, "new", uidValidity, "old_last_uid", st.LastUID)
	}
	st.UIDValidity, st.LastUID = uidValidity, 0
	if err := p.DB.PutIMAPState(st); err != nil {
		return fmt.Errorf("store imap state: %w", err)
	}
	p.state = st
	return nil
}

// ensureMailbox creates the folder mail is moved to if it is missing.
func (p *imapPoller) ensureMailbox(c *imapclient.Client, name string) error {
	list, err := c.List("", name, nil).Collect()
	if err != nil {
		return fmt.Errorf("list %q: %w", name, err)
	}
	for _, l := range list {
		if l.Mailbox == name {
			return nil
		}
	}
	if err := c.Create(name, nil).Wait(); err != nil {
		return fmt.Errorf("create %q: %w", name, err)
	}
	p.log.Info("imap folder created", "folder", name)
	return nil
}

// wait returns when there may be new mail: the server announced it
// during IDLE, IDLE ran for imapIdleCheck, or, without IDLE, the poll
// interval passed.
func (p *imapPoller) wait(ctx context.Context, c *imapclient.Client, idle bool) error {
	if !idle {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-p.wake:
		case <-p.Clock.After(p.cfg.PollInterval):
		}
		return nil
	}
	cmd, err := c.Idle()
	if err != nil {
		return fmt.Errorf("idle: %w", err)
	}
	select {
	case <-ctx.Done():
	case <-c.Closed():
	case <-p.wake:
	case <-p.Clock.After(min(imapIdleCheck, imapIdleRestart)):
	}
	if err := cmd.Close(); err != nil {
		return fmt.Errorf("end idle: %w", err)
	}
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("idle: %w", err)
	}
	return ctx.Err()
}
