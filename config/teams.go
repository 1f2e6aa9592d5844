package config

import (
	"fmt"
	"net/mail"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/baton-mail/baton/schedule"
)

// SectionKinds are the section kinds a team may add headings for.
var SectionKinds = []string{"done", "next", "blockers", "decisions", "questions", "notes"}

var weekdays = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

func (c *checker) teams(fts []fileTeam) []*Team {
	if len(fts) == 0 {
		c.errorf(nil, "no teams are configured; add a [[team]] table with at least one [[team.member]]")
	}
	var teams []*Team
	names := map[string]int{}     // lower-case name -> line
	addresses := map[string]int{} // local part -> line
	members := map[string]*Member{}
	for i := range fts {
		ft := &fts[i]
		key := func(name ...string) []string { return append([]string{"team", strconv.Itoa(i)}, name...) }
		t := &Team{
			Name:           strings.TrimSpace(ft.Name),
			Address:        strings.ToLower(or(ft.Address, slug(ft.Name))),
			CheckIn:        c.clock(key("checkin"), ft.CheckIn, schedule.Clock{Hour: 9}),
			Digest:         c.clock(key("digest"), ft.Digest, schedule.Clock{Hour: 8}),
			Workdays:       c.workdays(key("workdays"), ft.Workdays),
			ResponseWindow: c.duration(key("response_window"), ft.ResponseWindow, DefaultResponseWindow),
			SendEmpty:      ft.SendEmpty,
			Sections:       c.sections(key("sections"), ft.Sections),
		}
		t.Prompt = c.prompt(key("prompt"), ft.Prompt, t.Sections)
		if t.Name == "" {
			c.errorf(key(), "team has no name; add name = \"Platform\"")
		} else if line, dup := names[strings.ToLower(t.Name)]; dup {
			c.errorf(key("name"), "team %q is defined twice (first at line %d); give each team its own name", t.Name, line)
		} else {
			names[strings.ToLower(t.Name)] = c.idx.line(key("name")...)
		}
		if !validLocal(t.Address) {
			c.errorf(key("address"), "team address %q is not a valid local part; use letters, digits, '.', '-' or '_' (no '+': it starts a reply token)", t.Address)
		} else if line, dup := addresses[t.Address]; dup {
			c.errorf(key("address"), "team address %q is already used by the team at line %d; give each team its own address", t.Address, line)
		} else {
			addresses[t.Address] = c.idx.line(key("address")...)
		}
		if len(ft.Members) == 0 {
			c.errorf(key(), "team %q has no members; add [[team.member]] entries", t.Name)
		}
		seen := map[string]bool{}
		for j := range ft.Members {
			m := c.member(key("member", strconv.Itoa(j)), &ft.Members[j], members)
			if m == nil {
				continue
			}
			if seen[m.Email] {
				c.errorf(key("member", strconv.Itoa(j), "email"), "member %q is listed twice in team %q; remove one entry", m.Email, t.Name)
				continue
			}
			seen[m.Email] = true
			m.Teams = append(m.Teams, t)
			t.Members = append(t.Members, m)
		}
		teams = append(teams, t)
	}
	c.members = members
	return teams
}

// member checks one [[team.member]] entry. A person listed in several
// teams becomes one shared *Member, and must have one time zone.
func (c *checker) member(key []string, fm *fileMember, all map[string]*Member) *Member {
	k := func(name string) []string { return append(append([]string{}, key...), name) }
	a, err := mail.ParseAddress(fm.Email)
	badEmail := err != nil || strings.ContainsAny(a.Address, " \t") || a.Name != ""
	email := fm.Email
	if badEmail {
		c.errorf(k("email"), "member email %q is not a plain mail address; use the form \"ana@example.com\"", fm.Email)
	} else {
		email = strings.ToLower(a.Address)
	}
	line := c.idx.line(k("email")...)
	var loc *time.Location
	if fm.TimeZone == "" {
		c.errorf(k("email"), "member %q has no timezone; add timezone = \"Europe/Paris\" (an IANA name)", email)
	} else if loc, err = c.location(fm.TimeZone); err != nil || fm.TimeZone == "Local" {
		c.errorf(k("timezone"), "member %q: unknown time zone %q; use an IANA name such as \"Europe/Paris\" or \"America/New_York\"", email, fm.TimeZone)
		loc = nil
	}
	if badEmail || loc == nil {
		// Check the rest of the entry too: every problem at once.
		c.workingHours(k("working_hours"), fm.WorkingHours)
		c.away(k("away"), fm.Away)
		return nil
	}
	if prev, ok := all[email]; ok {
		if prev.timeZoneName != fm.TimeZone {
			c.errorf(k("timezone"), "member %q has time zone %q here but %q at line %d; one person has one time zone, use the same in both places", email, fm.TimeZone, prev.timeZoneName, prev.line)
		}
		return prev
	}
	m := &Member{Name: strings.TrimSpace(fm.Name), Email: email, Location: loc, timeZoneName: fm.TimeZone, line: line}
	if m.Name == "" {
		m.Name = email[:strings.IndexByte(email, '@')]
	}
	m.WorkStart, m.WorkEnd = c.workingHours(k("working_hours"), fm.WorkingHours)
	m.Away = c.away(k("away"), fm.Away)
	all[email] = m
	return m
}

func (c *checker) clock(key []string, s string, def schedule.Clock) schedule.Clock {
	if s == "" {
		return def
	}
	cl, ok := parseClock(s)
	if !ok {
		c.errorf(key, "%s %q is not a time of day; use 24-hour HH:MM, such as \"09:30\"", key[len(key)-1], s)
		return def
	}
	return cl
}

func parseClock(s string) (schedule.Clock, bool) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || len(m) != 2 || len(h) < 1 || len(h) > 2 {
		return schedule.Clock{}, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 {
		return schedule.Clock{}, false
	}
	return schedule.Clock{Hour: hh, Minute: mm}, true
}

// workingHours checks a member's "HH:MM-HH:MM"; unset is the zero
// range (no working hours).
func (c *checker) workingHours(key []string, s string) (schedule.Clock, schedule.Clock) {
	if s == "" {
		return schedule.Clock{}, schedule.Clock{}
	}
	a, b, ok := strings.Cut(s, "-")
	start, ok1 := parseClock(a)
	end, ok2 := parseClock(b)
	if !ok || !ok1 || !ok2 || start == end {
		c.errorf(key, "working_hours %q is not a range of times; use \"HH:MM-HH:MM\", such as \"09:00-17:30\"", s)
		return schedule.Clock{}, schedule.Clock{}
	}
	return start, end
}

func (c *checker) workdays(key []string, days []string) [7]bool {
	var w [7]bool
	if days == nil {
		days = []string{"mon", "tue", "wed", "thu", "fri"}
	}
	for _, d := range days {
		l := strings.ToLower(strings.TrimSpace(d))
		if len(l) > 3 {
			l = l[:3]
		}
		wd, ok := weekdays[l]
		if !ok {
			c.errorf(key, "workday %q is not a day of the week; use \"mon\" to \"sun\"", d)
			continue
		}
		w[wd] = true
	}
	if days != nil && len(days) == 0 {
		c.errorf(key, "workdays is empty; list at least one day, such as [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]")
	}
	return w
}

func (c *checker) sections(key []string, m map[string][]string) map[string][]string {
	out := map[string][]string{}
	for kind, names := range m {
		k := strings.ToLower(kind)
		if !slices.Contains(SectionKinds, k) {
			hint := strings.Join(SectionKinds, ", ")
			if s := closest(k, SectionKinds); s != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
			} else {
				hint = "use one of " + hint
			}
			c.errorf(append(key, kind), "unknown section kind %q; %s", kind, hint)
			continue
		}
		out[k] = append(out[k], names...)
	}
	return out
}

// prompt reads a team's own check-in questions, one per section kind
// ({done = "What did you ship?"}), in the order of SectionKinds, and
// adds each question to sections so a reply is read by it.
func (c *checker) prompt(key []string, m map[string]string, sections map[string][]string) []Question {
	var out []Question
	for kind, ask := range m {
		k := strings.ToLower(kind)
		switch {
		case !slices.Contains(SectionKinds, k):
			hint := "use one of " + strings.Join(SectionKinds, ", ")
			if s := closest(k, SectionKinds); s != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
			}
			c.errorf(append(key, kind), "unknown section kind %q for a check-in question; %s", kind, hint)
		case strings.TrimSpace(ask) == "" || strings.ContainsAny(ask, "\r\n"):
			c.errorf(append(key, kind), "check-in question for %q must be one line of text, e.g. %s = \"What did you ship?\"", k, k)
		default:
			out = append(out, Question{Kind: k, Ask: strings.TrimSpace(ask)})
			sections[k] = append(sections[k], strings.TrimSpace(ask))
		}
	}
	slices.SortFunc(out, func(a, b Question) int {
		return slices.Index(SectionKinds, a.Kind) - slices.Index(SectionKinds, b.Kind)
	})
	return out
}

// away parses dates ("2026-12-24") and inclusive ranges
// ("2026-12-24..2027-01-02", at most a year long).
func (c *checker) away(key []string, items []string) []schedule.Date {
	var out []schedule.Date
	for _, s := range items {
		a, b, isRange := strings.Cut(s, "..")
		from, err1 := time.Parse(time.DateOnly, strings.TrimSpace(a))
		to := from
		var err2 error
		if isRange {
			to, err2 = time.Parse(time.DateOnly, strings.TrimSpace(b))
		}
		if err1 != nil || err2 != nil || to.Before(from) || to.Sub(from) > 366*24*time.Hour {
			c.errorf(key, "away %q is not a date or range; use \"2026-12-24\" or \"2026-12-24..2027-01-02\"", s)
			continue
		}
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			out = append(out, schedule.DateOf(d))
		}
	}
	return out
}

func slug(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(name)) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

func validLocal(s string) bool {
	if s == "" || len(s) > 64 || s[0] == '.' || s[len(s)-1] == '.' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}
