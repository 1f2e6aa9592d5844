package gateway

import (
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/baton-mail/baton/store"
)

// metrics are the gateway's Prometheus metrics, on a registry of its
// own (no package globals), served by the admin listener at /metrics.
// The code that logs an event counts it with one call beside the log
// line.
type metrics struct {
	reg       *prometheus.Registry
	accepted  *prometheus.CounterVec // by source and class
	refused   *prometheus.CounterVec // by reason
	warnings  prometheus.Counter
	auto      prometheus.Counter
	sent      *prometheus.CounterVec // by kind: digest, prompt, urgent
	retries   *prometheus.CounterVec
	failures  *prometheus.CounterVec
	pruned    prometheus.Counter
	commits   prometheus.Histogram
	smtpUp    atomic.Bool
	adminAddr atomic.Pointer[string]
	started   atomic.Int64 // when Run began serving, Unix nanoseconds
}

// Refusal reasons, as the refused counter labels them. A label is a
// fixed word, never the sender's address.
const (
	reasonRate         = "rate"
	reasonNotMember    = "not_member"
	reasonNotOnTeam    = "not_on_team"
	reasonRelay        = "relay_denied"
	reasonNoTeam       = "no_team"
	reasonBadToken     = "bad_token"
	reasonOtherToken   = "token_of_another_member"
	reasonSize         = "size"
	reasonLine         = "line_length"
	reasonAuth         = "auth" // submission: not signed in, wrong password or sender
	reasonOwnAddress   = "own_address"
	reasonFromMismatch = "from_mismatch" // the header From names another member than the sender
	reasonDKIM         = "dkim"
	reasonSPF          = "spf"
)

func newMetrics(g *Gateway) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	counter := func(name, help string, labels ...string) *prometheus.CounterVec {
		return prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "baton", Name: name, Help: help}, labels)
	}
	m.accepted = counter("messages_accepted_total", "Messages accepted and committed (duplicates included), by source and class.", "source", "class")
	m.refused = counter("messages_refused_total", "Messages or SMTP commands refused, by reason.", "reason")
	m.warnings = prometheus.NewCounter(prometheus.CounterOpts{Namespace: "baton", Name: "parse_warnings_total", Help: "Warnings the parser raised on accepted messages."})
	m.auto = prometheus.NewCounter(prometheus.CounterOpts{Namespace: "baton", Name: "auto_mail_filtered_total", Help: "Bounces, auto-replies and list mail recorded and not filed."})
	m.sent = counter("outbound_sent_total", "Outbound messages delivered, by kind (digest, prompt, urgent).", "kind")
	m.retries = counter("outbound_retries_total", "Outbound delivery attempts deferred for a retry, by kind.", "kind")
	m.failures = counter("outbound_failures_total", "Outbound messages given up on (permanent failure), by kind.", "kind")
	m.pruned = prometheus.NewCounter(prometheus.CounterOpts{Namespace: "baton", Name: "raw_messages_pruned_total", Help: "Raw messages whose bytes retention removed."})
	m.commits = prometheus.NewHistogram(prometheus.HistogramOpts{
		Namespace: "baton", Name: "store_commit_seconds",
		Help:    "Duration of store group commits, fsync included.",
		Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14), // 0.5ms .. 4s
	})
	queue := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "baton", Name: "outbound_queue_depth", Help: "Outbound messages queued and not yet sent or failed."}, func() float64 {
		q, err := g.db.Queued()
		if err != nil {
			return -1
		}
		return float64(len(q))
	})
	lag := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "baton", Name: "imap_lag_seconds", Help: "Seconds since the IMAP mailbox was last polled; 0 without [imap]."}, func() float64 {
		return g.imapLag().Seconds()
	})
	up := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "baton", Name: "smtp_up", Help: "1 while the SMTP listener is serving."}, func() float64 {
		if m.smtpUp.Load() {
			return 1
		}
		return 0
	})
	m.reg.MustRegister(m.accepted, m.refused, m.warnings, m.auto, m.sent, m.retries, m.failures, m.pruned, m.commits, queue, lag, up,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	g.db.SetCommitObserver(func(d time.Duration, _ int) { m.commits.Observe(d.Seconds()) })
	return m
}

// ingested counts a message Ingest committed.
func (m *metrics) ingested(source store.Source, res Result) {
	m.accepted.WithLabelValues(string(source), res.Class).Inc()
	if res.Parsed != nil {
		m.warnings.Add(float64(len(res.Parsed.Warnings)))
	}
	switch res.Class {
	case store.ClassAuto:
		m.auto.Inc()
	case store.ClassRefused:
		m.refused.WithLabelValues(res.Label).Inc()
	}
}

// refuse counts one refusal.
func (m *metrics) refuse(reason string) { m.refused.WithLabelValues(reason).Inc() }

// delivered counts the outcome of one delivery attempt.
func (m *metrics) delivered(o *store.Outbound) {
	switch o.State {
	case store.OutSent:
		m.sent.WithLabelValues(o.Kind).Inc()
	case store.OutFailed:
		m.failures.WithLabelValues(o.Kind).Inc()
	default:
		m.retries.WithLabelValues(o.Kind).Inc()
	}
}

// imapStale reports whether the IMAP mailbox went unpolled for twice
// as long as the poller waits between polls (its poll interval, or
// imapIdleCheck while idling), counting from serve start at the latest,
// and for how long.
func (g *Gateway) imapStale() (time.Duration, bool) {
	cfg := g.Config()
	if cfg.IMAP == nil {
		return 0, false
	}
	last := time.Unix(0, g.m.started.Load())
	if st, err := g.db.GetIMAPState(cfg.IMAP.Mailbox); err == nil && st.LastPoll.After(last) {
		last = st.LastPoll
	}
	lag := g.clock.Now().Sub(last)
	return lag, lag > 2*max(cfg.IMAP.PollInterval, imapIdleCheck)
}

// imapLag is how long ago the IMAP mailbox was last polled.
func (g *Gateway) imapLag() time.Duration {
	cfg := g.Config()
	if cfg.IMAP == nil {
		return 0
	}
	st, err := g.db.GetIMAPState(cfg.IMAP.Mailbox)
	if err != nil || st.LastPoll.IsZero() {
		return 0
	}
	return max(g.clock.Now().Sub(st.LastPoll), 0)
}
