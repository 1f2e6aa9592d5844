package imappoll

import "time"

// Stale reports whether the mailbox went unpolled for twice as long as
// the poller waits between polls (its poll interval, or imapIdleCheck
// while idling), counting from since at the latest, and for how long.
func (pl *Poller) Stale(since time.Time) (time.Duration, bool) {
	cfg := pl.Config()
	if cfg.IMAP == nil {
		return 0, false
	}
	last := since
	if st, err := pl.DB.GetIMAPState(cfg.IMAP.Mailbox); err == nil && st.LastPoll.After(last) {
		last = st.LastPoll
	}
	lag := pl.Clock.Now().Sub(last)
	return lag, lag > 2*max(cfg.IMAP.PollInterval, imapIdleCheck)
}

// Lag is how long ago the mailbox was last polled; 0 without [imap].
func (pl *Poller) Lag() time.Duration {
	cfg := pl.Config()
	if cfg.IMAP == nil {
		return 0
	}
	st, err := pl.DB.GetIMAPState(cfg.IMAP.Mailbox)
	if err != nil || st.LastPoll.IsZero() {
		return 0
	}
	return max(pl.Clock.Now().Sub(st.LastPoll), 0)
}
