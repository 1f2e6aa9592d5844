package config

import (
	"time"

	"github.com/baton-mail/baton/schedule"
)

// Kinds of scheduled mail.
const (
	KindPrompt = "prompt"
	KindDigest = "digest"
)

// Rhythm returns when member m hears from team t for kind (KindPrompt
// or KindDigest).
func (t *Team) Rhythm(m *Member, kind string) schedule.Rhythm {
	at := t.Digest
	if kind == KindPrompt {
		at = t.CheckIn
	}
	return schedule.Rhythm{At: at, Workdays: t.Workdays, WorkStart: m.WorkStart, WorkEnd: m.WorkEnd, Away: m.Away}
}

// Next returns the next instant after `after` that kind fires for m on
// team t, and the member's local date it belongs to.
func (t *Team) Next(m *Member, kind string, after time.Time) (time.Time, schedule.Date) {
	return schedule.Next(after, m.Location, t.Rhythm(m, kind))
}
