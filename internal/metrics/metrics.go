// Package metrics holds the daemon's Prometheus metrics, on a registry
// of its own (no package globals), served by the admin listener at
// /metrics. The code that logs an event counts it with one call beside
// the log line.
package metrics

import (
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/baton-mail/baton/store"
)

// Metrics are the daemon's counters and the state its gauges read.
type Metrics struct {
	Reg      *prometheus.Registry
	accepted *prometheus.CounterVec // by source and class
	refused  *prometheus.CounterVec // by reason
	warnings prometheus.Counter
	auto     prometheus.Counter
	sent     *prometheus.CounterVec // by kind: digest, prompt, urgent
	retries  *prometheus.CounterVec
	failures *prometheus.CounterVec
	pruned   prometheus.Counter
	commits  prometheus.Histogram

	SMTPUp    atomic.Bool
	AdminAddr atomic.Pointer[string]
	Started   atomic.Int64 // when the daemon began serving, Unix nanoseconds
}

// Refusal reasons, as the refused counter labels them. A label is a
// fixed word, never the sender's address.
const (
	ReasonRate             = "rate"
	ReasonNotMember        = "not_member"
	ReasonNotOnTeam        = "not_on_team"
	ReasonRelay            = "relay_denied"
	ReasonNoTeam           = "no_team"
	ReasonBadToken         = "bad_token"
	ReasonOtherToken       = "token_of_another_member"
	ReasonSize             = "size"
	ReasonLine             = "line_length"
	ReasonAuth             = "auth" // submission: not signed in, wrong password or sender
	ReasonOwnAddress       = "own_address"
	ReasonFromMismatch     = "from_mismatch" // the header From names another member than the sender
	ReasonDKIM             = "dkim"
	ReasonSPF              = "spf"
	ReasonBudget           = "memory_budget"
	ReasonBounceSize       = "bounce_size"
	ReasonAuthThrottle     = "auth_throttle"
	ReasonAdminConnections = "admin_connections"
)

// New returns the metrics on a new registry, the Go runtime's and the
// process's included.
func New() *Metrics {
	m := &Metrics{Reg: prometheus.NewRegistry()}
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
	up := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "baton", Name: "smtp_up", Help: "1 while the SMTP listener is serving."}, func() float64 {
		if m.SMTPUp.Load() {
			return 1
		}
		return 0
	})
	m.Reg.MustRegister(m.accepted, m.refused, m.warnings, m.auto, m.sent, m.retries, m.failures, m.pruned, m.commits, up,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Gauge registers a gauge read from f when scraped.
func (m *Metrics) Gauge(name, help string, f func() float64) {
	m.Reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "baton", Name: name, Help: help}, f))
}

// Accepted counts a committed message: its source and class, the
// parser's warnings, and for one stored as refused its reason.
func (m *Metrics) Accepted(source store.Source, class, reason string, warnings int) {
	m.accepted.WithLabelValues(string(source), class).Inc()
	m.warnings.Add(float64(warnings))
	switch class {
	case store.ClassAuto:
		m.auto.Inc()
	case store.ClassRefused:
		m.refused.WithLabelValues(reason).Inc()
	}
}

// Refuse counts one refusal.
func (m *Metrics) Refuse(reason string) { m.refused.WithLabelValues(reason).Inc() }

// Delivered counts the outcome of one delivery attempt.
func (m *Metrics) Delivered(o *store.Outbound) {
	switch o.State {
	case store.OutSent:
		m.sent.WithLabelValues(o.Kind).Inc()
	case store.OutFailed:
		m.failures.WithLabelValues(o.Kind).Inc()
	default:
		m.retries.WithLabelValues(o.Kind).Inc()
	}
}

// Pruned counts raw messages retention removed.
func (m *Metrics) Pruned(n int) { m.pruned.Add(float64(n)) }

// Commit observes one store group commit.
func (m *Metrics) Commit(d time.Duration, _ int) { m.commits.Observe(d.Seconds()) }
