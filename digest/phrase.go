package digest

import (
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"strconv"
	"strings"
	"time"

	"github.com/baton-mail/baton/schedule"
)

// plural returns "1 update" or "7 updates".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// age phrases how long d has lasted, coarsely, as people say it: "under
// an hour", "5 hours", "3 days", "2 weeks".
func age(d time.Duration) string {
	switch {
	case d < time.Hour:
		return "under an hour"
	case d < 24*time.Hour:
		return ages.hours[d/time.Hour]
	case d < 14*24*time.Hour:
		return ages.days[d/(24*time.Hour)]
	}
	if w := d / (7 * 24 * time.Hour); w < time.Duration(len(ages.weeks)) {
		return ages.weeks[w]
	}
	return plural(int(d/(7*24*time.Hour)), "week", "weeks")
}

// ages holds the common age phrases, which every digest writes for
// every blocker and question.
var ages = func() (a struct {
	hours [24]string
	days  [14]string
	weeks [260]string
}) {
	for n := range a.weeks {
		if n < len(a.hours) {
			a.hours[n] = plural(n, "hour", "hours")
		}
		if n < len(a.days) {
			a.days[n] = plural(n, "day", "days")
		}
		a.weeks[n] = plural(n, "week", "weeks")
	}
	return a
}()

// maxAgeWidth is the widest age phrase below 20 years, in columns.
const maxAgeWidth = len("under an hour")

// clockLayout shows a time within the last week: "Mon 17:40".
const clockLayout = "Mon 15:04"

// clockWidth is the width of clockLayout's output.
const clockWidth = len(clockLayout)

// sincePhrase phrases the start of a digest's period in the recipient's zone:
// "since Mon 08:00 your time", with the date when it is a week or more
// before until: "since Mon 16 Nov 08:00 your time".
func sincePhrase(since, until time.Time, loc *time.Location) string {
	if since.IsZero() {
		return "since the start"
	}
	layout := "Mon 15:04"
	if until.Sub(since) >= 6*24*time.Hour {
		layout = "Mon 2 Jan 15:04"
	}
	return "since " + since.In(loc).Format(layout) + " your time"
}

// counts is what a digest holds, for its subject line.
type counts struct {
	ForYou, Updates, Decisions, Blockers, Questions int
}

// String phrases c for a subject: "7 updates, 2 decisions, 1 blocker",
// leaving out what is zero, or "nothing new".
func (c counts) String() string {
	var parts []string
	add := func(n int, one, many string) {
		if n > 0 {
			parts = append(parts, plural(n, one, many))
		}
	}
	add(c.ForYou, "for you", "for you")
	add(c.Updates, "update", "updates")
	add(c.Decisions, "decision", "decisions")
	add(c.Blockers, "blocker", "blockers")
	add(c.Questions, "open question", "open questions")
	if len(parts) == 0 {
		return "nothing new"
	}
	return strings.Join(parts, ", ")
}

// Empty reports whether there is nothing to show.
func (c counts) Empty() bool { return c == counts{} }

// dayName phrases a date as "Mon 14 Dec".
func dayName(d schedule.Date) string {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Format("Mon 2 Jan")
}

// subject builds "[Platform, Data] Tue 24 Nov — 7 updates, 1 blocker".
func subject(teams []string, day schedule.Date, c counts) string {
	return "[" + strings.Join(teams, ", ") + "] " + dayName(day) + " — " + c.String()
}

// messageID returns a Message-ID stable for (kind, local date, key):
// "<digest.2026-11-24.1f2e3d4c5b6a7988@baton.example>". The key is
// hashed so the ID does not reveal the recipient's address.
func messageID(kind string, day schedule.Date, key, domain string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(key)))
	return "<" + kind + "." + day.String() + "." + hex.EncodeToString(sum[:8]) + "@" + domain + ">"
}

// ListID formats an RFC 2919 List-Id value, the phrase encoded per
// RFC 2047 when it is not plain ASCII.
func ListID(name, id string) string {
	if id == "" {
		return ""
	}
	phrase := mime.BEncoding.Encode("utf-8", name) // B: Q may not carry "&" in a phrase (RFC 2047 section 5)
	if phrase == name && strings.ContainsAny(name, `()<>[]:;@\,."`) {
		phrase = strconv.Quote(name)
	}
	return phrase + " <" + id + ">"
}

// baseHeader returns the headers every Baton message carries: it is
// automatic (RFC 3834 section 5), so auto-responders stay quiet.
func baseHeader(kind, id string, date time.Time, day schedule.Date) map[string]string {
	return map[string]string{
		"Message-Id":               id,
		"Date":                     date.Format(time.RFC1123Z),
		"Auto-Submitted":           "auto-generated",
		"X-Auto-Response-Suppress": "All", // Exchange and Outlook
		"X-Baton-Kind":             kind,
		"X-Baton-Date":             day.String(),
	}
}
