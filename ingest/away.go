package ingest

import (
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/store"
)

// A member's out-of-office reply that names a return date marks them
// away until then: no prompts and no digests (the first digest back
// covers the time away), not listed as not posted, and named once in
// their teammates' digests. An update from them ends it early (the
// store does, in the same commit). It is never answered.

// maxAway bounds how far ahead a return date is believed.
const maxAway = 366 * 24 * time.Hour

// awayFrom returns the away record a message makes: an out-of-office
// reply from a member with a return date after the day it arrived.
func awayFrom(cfg *config.Config, m store.Message, p *parser.Message, received time.Time) *store.Away {
	if m.Class != store.ClassAuto || p.AutoReason != parser.ReasonOutOfOffice || p.Return == "" || m.Author == "" {
		return nil
	}
	member := cfg.Member(m.Author)
	until, err := time.ParseInLocation(time.DateOnly, p.Return, member.Location)
	if err != nil || !until.After(received) || until.Sub(received) > maxAway {
		return nil
	}
	return &store.Away{Member: member.Email, Until: p.Return, Since: received}
}
