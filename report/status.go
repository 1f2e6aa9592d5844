package report

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/store"
)

// Status is what `baton status` shows: what the store holds, who
// posted last, what is due, what is stuck.
type Status struct {
	At        time.Time      `json:"at"`
	Messages  int            `json:"messages"`
	ByClass   map[string]int `json:"messages_by_class"`
	Pruned    int            `json:"messages_pruned"`
	Updates   int            `json:"updates"`
	Teams     []TeamStatus   `json:"teams"`
	Queue     QueueStatus    `json:"outbound_queue"`
	Failures  []Failure      `json:"recent_failures"`
	Auto      []AutoMail     `json:"recent_auto_from_members"`
	IMAP      *IMAPStatus    `json:"imap,omitempty"`
	Retention string         `json:"retention,omitempty"`
}

// TeamStatus lists a team's members.
type TeamStatus struct {
	Name    string         `json:"name"`
	Address string         `json:"address"`
	Members []MemberStatus `json:"members"`
}

// MemberStatus is one member's last update on a team and next digest.
type MemberStatus struct {
	Name            string    `json:"name"`
	Email           string    `json:"email"`
	TimeZone        string    `json:"timezone"`
	LastUpdate      time.Time `json:"last_update,omitzero"`
	LastUpdateID    uint64    `json:"last_update_id,omitempty"`
	NextDigest      time.Time `json:"next_digest_utc,omitzero"`
	NextDigestLocal string    `json:"next_digest_local,omitempty"`
}

// QueueStatus is the outbound queue's depth and its oldest message.
type QueueStatus struct {
	Depth         int       `json:"depth"`
	Oldest        time.Time `json:"oldest,omitzero"`
	OldestSeconds float64   `json:"oldest_age_seconds,omitempty"`
}

// Failure is one outbound message given up on.
type Failure struct {
	ID    uint64    `json:"id"`
	Kind  string    `json:"kind"`
	To    []string  `json:"to"`
	At    time.Time `json:"at"`
	Error string    `json:"error"`
}

// AutoMail is a message from a member filed as automatic mail (an
// out-of-office, a loop), listed so that an update filed so by mistake
// is seen.
type AutoMail struct {
	ID      uint64    `json:"id"`
	From    string    `json:"from"`
	At      time.Time `json:"at"`
	Reason  string    `json:"reason"`
	Subject string    `json:"subject"`
}

// IMAPStatus is the poller's position.
type IMAPStatus struct {
	Mailbox     string    `json:"mailbox"`
	UIDValidity uint32    `json:"uid_validity"`
	LastUID     uint32    `json:"last_uid"`
	LastPoll    time.Time `json:"last_poll,omitzero"`
}

// maxFailures is how many recent permanent failures Status lists.
const maxFailures = 10

// BuildStatus reads the store (only) and tells how things stand at now.
func BuildStatus(cfg *config.Config, db *store.DB, now time.Time) (*Status, error) {
	s := &Status{At: now, ByClass: map[string]int{}}
	if cfg.Retention > 0 {
		s.Retention = cfg.Retention.String()
	}
	err := db.ListMessages(0, func(m *store.Message) bool {
		s.Messages++
		s.ByClass[m.Class]++
		if m.Pruned {
			s.Pruned++
		}
		if m.Class == store.ClassAuto && m.Author != "" {
			s.Auto = append(s.Auto, AutoMail{ID: m.ID, From: m.Author, At: m.Envelope.Received, Reason: m.Reason})
			s.Auto = s.Auto[max(0, len(s.Auto)-maxFailures):]
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	for i := range s.Auto {
		if raw, err := db.GetRaw(s.Auto[i].ID); err == nil {
			s.Auto[i].Subject = parser.Parse(raw, parser.Options{}).Subject
		}
	}
	slices.Reverse(s.Auto)
	last := map[string]*store.Update{} // team/author -> newest
	err = db.ListUpdates(0, func(u *store.Update) bool {
		s.Updates++
		k := u.Team + "/" + u.Author
		if l := last[k]; l == nil || !u.Received.Before(l.Received) {
			last[k] = u
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	for _, t := range cfg.Teams {
		ts := TeamStatus{Name: t.Name, Address: t.Address}
		for _, m := range t.Members {
			ms := MemberStatus{Name: m.Name, Email: m.Email, TimeZone: m.Location.String()}
			if u := last[t.Address+"/"+m.Email]; u != nil {
				ms.LastUpdate, ms.LastUpdateID = u.Received, u.ID
			}
			if next, _ := m.Teams[0].Next(m, config.KindDigest, now); !next.IsZero() {
				ms.NextDigest = next.UTC()
				ms.NextDigestLocal = next.In(m.Location).Format("Mon 2006-01-02 15:04 MST")
			}
			ts.Members = append(ts.Members, ms)
		}
		s.Teams = append(s.Teams, ts)
	}
	queued, err := db.Queued()
	if err != nil {
		return nil, err
	}
	s.Queue.Depth = len(queued)
	for _, o := range queued {
		if s.Queue.Oldest.IsZero() || o.Created.Before(s.Queue.Oldest) {
			s.Queue.Oldest = o.Created
		}
	}
	if !s.Queue.Oldest.IsZero() {
		s.Queue.OldestSeconds = now.Sub(s.Queue.Oldest).Seconds()
	}
	err = db.ListOutbound(func(o *store.Outbound) bool {
		if o.State == store.OutFailed {
			s.Failures = append(s.Failures, Failure{ID: o.ID, Kind: o.Kind, To: o.To, At: o.Done, Error: o.LastError})
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(s.Failures, func(i, j int) bool { return s.Failures[i].At.After(s.Failures[j].At) })
	s.Failures = s.Failures[:min(len(s.Failures), maxFailures)]
	if cfg.IMAP != nil {
		st, err := db.GetIMAPState(cfg.IMAP.Mailbox)
		if err != nil {
			return nil, err
		}
		s.IMAP = &IMAPStatus{Mailbox: st.Mailbox, UIDValidity: st.UIDValidity, LastUID: st.LastUID, LastPoll: st.LastPoll}
	}
	return s, nil
}

// WriteText writes s for a person at a terminal.
func (s *Status) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Baton status at %s\n\n", s.At.UTC().Format("2006-01-02 15:04 UTC"))
	var classes []string
	for c, n := range s.ByClass {
		classes = append(classes, fmt.Sprintf("%s %d", c, n))
	}
	sort.Strings(classes)
	fmt.Fprintf(&b, "Messages: %d stored", s.Messages)
	if len(classes) > 0 {
		fmt.Fprintf(&b, " (%s)", strings.Join(classes, ", "))
	}
	if s.Pruned > 0 {
		fmt.Fprintf(&b, ", raw bytes pruned for %d", s.Pruned)
	}
	fmt.Fprintf(&b, "\nUpdates:  %d filed\n", s.Updates)
	if s.Retention != "" {
		fmt.Fprintf(&b, "Retention: raw mail kept %s\n", s.Retention)
	}
	width := 0 // of the widest "Name <email>", so the columns line up
	for _, t := range s.Teams {
		for _, m := range t.Members {
			width = max(width, utf8.RuneCountInString(m.Name)+len(m.Email)+3)
		}
	}
	for _, t := range s.Teams {
		fmt.Fprintf(&b, "\nTeam %s (%s)\n", t.Name, t.Address)
		for _, m := range t.Members {
			lastUpd := "no update yet"
			if !m.LastUpdate.IsZero() {
				lastUpd = fmt.Sprintf("last update #%d %s (%s ago)", m.LastUpdateID, m.LastUpdate.UTC().Format("2006-01-02 15:04 UTC"), ago(s.At.Sub(m.LastUpdate)))
			}
			next := "no digest scheduled"
			if !m.NextDigest.IsZero() {
				next = fmt.Sprintf("next digest %s = %s", m.NextDigestLocal, m.NextDigest.Format("2006-01-02 15:04 UTC"))
			}
			fmt.Fprintf(&b, "  %-*s %s; %s\n", width, m.Name+" <"+m.Email+">", lastUpd, next)
		}
	}
	fmt.Fprintf(&b, "\nOutbound queue: %d queued", s.Queue.Depth)
	if s.Queue.Depth > 0 {
		fmt.Fprintf(&b, ", oldest queued %s ago", ago(time.Duration(s.Queue.OldestSeconds*float64(time.Second))))
	}
	b.WriteString("\n")
	if len(s.Failures) == 0 {
		b.WriteString("Permanent failures: none\n")
	} else {
		fmt.Fprintf(&b, "Permanent failures (latest %d):\n", len(s.Failures))
		for _, f := range s.Failures {
			fmt.Fprintf(&b, "  #%d %s to %s, %s: %s\n", f.ID, f.Kind, strings.Join(f.To, ", "), f.At.UTC().Format("2006-01-02 15:04 UTC"), f.Error)
		}
	}
	if len(s.Auto) > 0 {
		fmt.Fprintf(&b, "Filed as automatic mail, from members (latest %d):\n", len(s.Auto))
		for _, a := range s.Auto {
			fmt.Fprintf(&b, "  #%d %s, %s, %s: %q\n", a.ID, a.From, a.At.UTC().Format("2006-01-02 15:04 UTC"), a.Reason, a.Subject)
		}
	}
	if s.IMAP == nil {
		b.WriteString("IMAP: not configured\n")
	} else {
		poll := "never"
		if !s.IMAP.LastPoll.IsZero() {
			poll = fmt.Sprintf("%s (%s ago)", s.IMAP.LastPoll.UTC().Format("2006-01-02 15:04:05 UTC"), ago(s.At.Sub(s.IMAP.LastPoll)))
		}
		fmt.Fprintf(&b, "IMAP %s: UIDVALIDITY %d, last UID %d, last poll %s\n", s.IMAP.Mailbox, s.IMAP.UIDValidity, s.IMAP.LastUID, poll)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ago rounds d for reading: 45s, 12m, 5h, 3d.
func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	}
	return fmt.Sprintf("%dd", int(d.Hours()/24))
}
