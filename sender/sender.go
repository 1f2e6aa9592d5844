// Package sender delivers the outbound queue: through the configured
// relay, or into a Maildir when there is none. A message is marked sent
// only once the relay took it or its file is in place, so a crash
// resends rather than loses it; failures back off and give up after a
// day.
package sender

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/clock"
	"github.com/baton-mail/baton/internal/env"
	"github.com/baton-mail/baton/store"
	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Delivery retry policy: exponential backoff from RetryMin, capped at
// RetryMax, giving up (as a permanent failure) after RetryFor.
const (
	RetryMin = time.Minute
	RetryMax = time.Hour
	RetryFor = 24 * time.Hour
)

// Sender delivers queued mail.
type Sender struct {
	*env.Env
	wake chan struct{}
}

// New returns a sender.
func New(e *env.Env) *Sender { return &Sender{Env: e, wake: make(chan struct{}, 1)} }

// Poke wakes the sender to look at the queue now, without blocking.
func (s *Sender) Poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run delivers queued mail until ctx ends. A message is marked
// sent only after the relay accepted it or the Maildir file is in
// place, so a crash at any point resends rather than loses it.
func (s *Sender) Run(ctx context.Context) {
	for {
		next := s.sendDue(ctx)
		wait := clock.Forever
		if !next.IsZero() {
			wait = max(next.Sub(s.Clock.Now()), 0)
		}
		timer, stop := s.Clock.Timer(wait)
		select {
		case <-ctx.Done():
		case <-s.wake:
		case <-timer:
		}
		stop()
		if ctx.Err() != nil {
			return
		}
	}
}

// senders is how many messages the sender delivers at once, each
// sender with its own relay session: enough to keep a relay busy across
// network round trips and to share the commits that record outcomes,
// few enough for relays that limit connections per client.
const senders = 4

// sendDue attempts every queued message that is due and returns when the
// earliest of the rest is due (zero when none is queued).
func (s *Sender) sendDue(ctx context.Context) time.Time {
	queued, err := s.DB.Queued()
	if err != nil {
		s.Log.Error("read outbound queue", "err", err)
		return s.Clock.Now().Add(RetryMin)
	}
	var mu sync.Mutex
	var next time.Time
	later := func(t time.Time) {
		mu.Lock()
		if next.IsZero() || t.Before(next) {
			next = t
		}
		mu.Unlock()
	}
	now := s.Clock.Now()
	var due []*store.Outbound
	for _, o := range queued {
		if o.NextAttempt.After(now) {
			later(o.NextAttempt)
		} else {
			due = append(due, o)
		}
	}
	work := make(chan *store.Outbound)
	var wg sync.WaitGroup
	for range min(senders, len(due)) {
		wg.Go(func() {
			var rc relayConn
			defer rc.close()
			for o := range work {
				s.attempt(o, &rc)
				if o.State == store.OutQueued {
					later(o.NextAttempt)
				}
			}
		})
	}
	for _, o := range due {
		if ctx.Err() != nil {
			break
		}
		work <- o
	}
	close(work)
	wg.Wait()
	if ctx.Err() != nil {
		return time.Time{}
	}
	return next
}

// attempt tries one delivery and records the outcome.
func (s *Sender) attempt(o *store.Outbound, rc *relayConn) {
	cfg := s.Config()
	raw, err := s.DB.OutboundRaw(o.ID)
	if err == nil {
		o.Raw = raw
		err = s.deliver(cfg, o, rc)
		o.Raw = nil
	}
	now := s.Clock.Now()
	o.Attempts++
	log := s.Log.With("out_id", o.ID, "kind", o.Kind, "to", o.To, "msg_id", o.MessageID, "attempt", o.Attempts)
	switch {
	case err == nil:
		o.State, o.Done, o.LastError = store.OutSent, now, ""
		log.Info("sent")
	case permanent(err) || now.Sub(o.Start()) >= RetryFor:
		o.State, o.Done, o.LastError = store.OutFailed, now, err.Error()
		log.Error("delivery failed for good", "err", err)
	default:
		o.LastError = err.Error()
		o.NextAttempt = now.Add(backoff(o.Attempts))
		log.Warn("delivery deferred", "err", err, "next", o.NextAttempt)
	}
	s.Metrics.Delivered(o)
	if err := s.DB.PutOutbound(o); err != nil {
		log.Error("record delivery outcome", "err", err)
	}
}

func backoff(attempts int) time.Duration {
	d := RetryMin << min(attempts-1, 16)
	return min(d, RetryMax)
}

// permanent reports a 5xx answer: retrying will not help.
func permanent(err error) bool {
	var se *smtp.SMTPError
	return errors.As(err, &se) && se.Code >= 500
}

func (s *Sender) deliver(cfg *config.Config, o *store.Outbound, rc *relayConn) error {
	if cfg.Relay == nil {
		return writeMaildir(filepath.Join(cfg.DataDir, "outbox"), o)
	}
	return rc.send(cfg.Relay, cfg.Domain, o)
}

// relayConn is one session with the relay, kept open across the
// messages of a sending pass: a burst of digests pays one connection,
// TLS handshake and AUTH, not one per message. The zero value is closed.
type relayConn struct{ c *smtp.Client }

// send sends o, dialling first when closed. A refusal (an SMTP reply)
// leaves the session open for the next message; anything else, and 421
// (the relay closing the session), closes it. When a reused session
// ends so, the relay may have dropped it (idle, or enough messages for
// one connection), so o is tried once more on a new one.
func (rc *relayConn) send(r *config.Relay, domain string, o *store.Outbound) error {
	reused := rc.c != nil
	err := rc.try(r, domain, o)
	if err != nil && reused && rc.c == nil {
		err = rc.try(r, domain, o)
	}
	return err
}

func (rc *relayConn) try(r *config.Relay, domain string, o *store.Outbound) error {
	if rc.c == nil {
		c, err := dialRelay(r, domain)
		if err != nil {
			return err
		}
		rc.c = c
	}
	err := rc.c.SendMail(o.From, o.To, bytes.NewReader(o.Raw))
	var se *smtp.SMTPError
	if err != nil && !(errors.As(err, &se) && se.Code != 421 && rc.c.Reset() == nil) {
		rc.close()
	}
	return err
}

// close ends the session, if open.
func (rc *relayConn) close() {
	if rc.c != nil {
		rc.c.Quit()
		rc.c.Close()
		rc.c = nil
	}
}

// dialRelay opens a session with the configured smarthost: TLS as
// configured, EHLO, and AUTH when a username is set.
func dialRelay(r *config.Relay, domain string) (*smtp.Client, error) {
	host, _, _ := net.SplitHostPort(r.Address)
	tc := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	var c *smtp.Client
	var err error
	switch r.TLS {
	case config.TLSImplicit:
		c, err = smtp.DialTLS(r.Address, tc)
	case config.TLSStartTLS:
		c, err = smtp.DialStartTLS(r.Address, tc)
	default:
		c, err = smtp.Dial(r.Address)
	}
	if err != nil {
		return nil, fmt.Errorf("connect to relay %s: %w", r.Address, err)
	}
	if err := c.Hello(domain); err != nil {
		c.Close()
		return nil, err
	}
	if r.Username != "" {
		if err := c.Auth(sasl.NewPlainClient("", r.Username, r.Password.Reveal())); err != nil {
			c.Close()
			return nil, fmt.Errorf("relay auth: %w", err)
		}
	}
	return c, nil
}

// writeMaildir delivers o into a Maildir (tmp, fsync, rename into new).
// The file name derives from the message's queue ID, so a retry after a
// crash between rename and recording finds it there and does not write
// a second copy.
func writeMaildir(dir string, o *store.Outbound) error {
	for _, sub := range []string{"tmp", "new", "cur"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return fmt.Errorf("maildir: %w", err)
		}
	}
	name := strconv.FormatInt(o.Created.Unix(), 10) + ".baton" + strconv.FormatUint(o.ID, 10) + ".outbox"
	for _, sub := range []string{"new", "cur"} {
		if m, _ := filepath.Glob(filepath.Join(dir, sub, name+"*")); len(m) > 0 {
			return nil
		}
	}
	tmp := filepath.Join(dir, "tmp", name)
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("maildir: %w", err)
	}
	_, werr := f.Write(o.Raw)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return fmt.Errorf("maildir: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, "new", name)); err != nil {
		return fmt.Errorf("maildir: %w", err)
	}
	d, err := os.Open(filepath.Join(dir, "new"))
	if err != nil {
		return fmt.Errorf("maildir: %w", err)
	}
	defer d.Close()
	return d.Sync()
}
