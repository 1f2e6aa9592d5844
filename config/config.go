// Package config reads Baton's one plain-text TOML file into typed,
// validated values.
//
// Loading gathers every problem at once and reports each as
// "FILE:LINE: what is wrong; how to fix it". Secrets never sit in the
// file: a password comes from a file (password_file) or an environment
// variable (password_env), and a Secret never prints its value.
//
// Relative paths in the file (data_dir, tls_cert, password_file) are
// taken relative to the directory of the config file, so the daemon
// behaves the same whatever directory it starts in.
package config

import (
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/baton-mail/baton/schedule"
)

// Defaults used when the file leaves a key out.
const (
	DefaultListen         = "127.0.0.1:2525"
	DefaultDataDir        = "./baton-data"
	DefaultMaxMessageSize = 25 << 20
	DefaultMaxRecipients  = 50
	DefaultMaxConnections = 100
	DefaultMaxLineLength  = 4000
	DefaultRatePerMinute  = 600
	DefaultTimeout        = 5 * time.Minute
	DefaultResponseWindow = 24 * time.Hour
	DefaultGrace          = 6 * time.Hour
	DefaultPollInterval   = time.Minute
)

// Config is a loaded, valid configuration.
type Config struct {
	File    string // path it was read from
	Domain  string // mail domain of team and reply addresses
	DataDir string // absolute
	From    string // From of outbound mail, e.g. "Baton <baton@example.com>"
	Grace   time.Duration
	SMTP    SMTP
	IMAP    *IMAP  // nil: no mailbox to poll
	Relay   *Relay // nil: outbound mail goes to the Maildir outbox
	Admin   *Admin // nil: no admin HTTP listener
	// Submission is the authenticated listener for members' own mail
	// clients; nil: none.
	Submission *Submission
	// Retention is how long raw message bytes are kept; parsed updates
	// and decisions stay. 0 keeps them forever.
	Retention time.Duration
	Teams     []*Team

	members map[string]*Member // by email, built by Load
}

// SMTP configures the inbound SMTP listener.
type SMTP struct {
	Listen         string
	MaxMessageSize int64
	MaxRecipients  int
	MaxConnections int
	MaxLineLength  int
	RatePerMinute  int // messages per client IP per minute
	ReadTimeout    time.Duration
	WriteTimeout   time.Duration
	TLSCert        string // both set, or neither
	TLSKey         string
	DKIM           string // a Policy* value
	SPF            string // a Policy* value
	// MemoryBudget bounds the message bytes all sessions hold in memory
	// at once; sessions past it wait, then get 452 4.3.1.
	MemoryBudget        int64
	MaxConnectionsPerIP int
	// CommandTimeout bounds one whole command line from its first byte;
	// ReadTimeout is the wait for the next command.
	CommandTimeout time.Duration
	// DataTimeout bounds one whole DATA, from 354 to the final dot.
	DataTimeout time.Duration
}

// Policies for checking who sent mail to team addresses (dkim, spf).
const (
	PolicyOff     = "off"     // no check
	PolicyRecord  = "record"  // check and record the result with the message
	PolicyRequire = "require" // refuse mail that does not pass
)

// TLS modes for IMAP and the relay.
const (
	TLSImplicit = "implicit"
	TLSStartTLS = "starttls"
	TLSNone     = "none"
)

// IMAP configures a mailbox to poll.
type IMAP struct {
	Address      string // host:port
	TLS          string // TLSImplicit, TLSStartTLS or TLSNone
	Username     string
	Password     Secret
	Mailbox      string
	MoveTo       string // empty: mark \Seen instead of moving
	PollInterval time.Duration
}

// Relay configures the outbound smarthost.
type Relay struct {
	Address  string
	TLS      string
	Username string
	Password Secret
}

// Team is one team: its address, rhythm and members.
type Team struct {
	Name           string
	Address        string // local part; the team address is Address@Domain
	CheckIn        schedule.Clock
	Digest         schedule.Clock
	Workdays       [7]bool // indexed by time.Weekday
	ResponseWindow time.Duration
	SendEmpty      bool
	Sections       map[string][]string // kind -> extra headings
	// Prompt are the team's own check-in questions; none: the built-in
	// Done / Next / Blockers.
	Prompt  []Question
	Members []*Member
}

// Question is a check-in question and the section kind its answer is.
type Question struct {
	Kind string // one of SectionKinds
	Ask  string // "What did you ship?"
}

// Member is a person on one or more teams. A person on two teams is one
// *Member shared by both.
type Member struct {
	Name         string
	Email        string // lower case
	Location     *time.Location
	WorkStart    schedule.Clock // WorkStart == WorkEnd: no working hours set
	WorkEnd      schedule.Clock
	Away         []schedule.Date
	Teams        []*Team
	line         int
	timeZoneName string
}

// HasWorkingHours reports whether the member set working hours.
func (m *Member) HasWorkingHours() bool { return m.WorkStart != m.WorkEnd }

// Members returns every member once, in the order the file lists them.
func (c *Config) Members() []*Member {
	var all []*Member
	seen := map[*Member]bool{}
	for _, t := range c.Teams {
		for _, m := range t.Members {
			if !seen[m] {
				seen[m] = true
				all = append(all, m)
			}
		}
	}
	return all
}

// Member returns the member with the given address, or nil.
func (c *Config) Member(email string) *Member { return c.members[email] }

// Team returns the team whose address has the given local part, or nil.
func (c *Config) Team(local string) *Team {
	for _, t := range c.Teams {
		if t.Address == local {
			return t
		}
	}
	return nil
}

// Sender is the MAIL FROM of outbound mail: the address in From.
func (c *Config) Sender() string {
	if i, j := strings.LastIndexByte(c.From, '<'), strings.LastIndexByte(c.From, '>'); i >= 0 && j > i {
		return c.From[i+1 : j]
	}
	return c.From
}

// IsSender reports whether addr is Baton's own sender address, where
// bounces and automatic replies to its mail arrive.
func (c *Config) IsSender(addr string) bool { return strings.EqualFold(addr, c.Sender()) }

// Has reports whether m is a member of t; a nil m is not.
func (t *Team) Has(m *Member) bool { return m != nil && slices.Contains(m.Teams, t) }

// ListID is the id part of the team's List-Id (RFC 2919),
// "<address>.<domain>".
func (t *Team) ListID(domain string) string { return t.Address + "." + domain }

// Secret is a password read from a file or the environment. It never
// prints, logs or marshals its value.
type Secret struct{ value string }

// Reveal returns the secret for use on the wire.
func (s Secret) Reveal() string { return s.value }

func (s Secret) String() string {
	if s.value == "" {
		return ""
	}
	return "[redacted]"
}

// LogValue keeps the secret out of slog output.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// MarshalText keeps the secret out of encoded output.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }
