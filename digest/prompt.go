package digest

import (
	"strings"
	"time"

	"github.com/baton-mail/baton/schedule"
)

// PromptInput is what a check-in prompt needs.
type PromptInput struct {
	Member Person
	Team   string // the first team, whose address the reply goes to
	ListID string
	// Questions are the team's own check-in questions; none: the
	// built-in Done / Next / Blockers.
	Questions []PromptQuestion
	// Others are the member's other teams the prompt also asks about,
	// each under its own name.
	Others []PromptTeam
	// ReplyTo is the member's own reply address: a reply to the prompt
	// files their update.
	ReplyTo string
	Domain  string
	// At is when the prompt is sent; Day is the member's local date it
	// belongs to, zero meaning At's local date.
	At  time.Time
	Day schedule.Date
}

// PromptQuestion is a team's own check-in question; the parser reads
// the answer under it as a section of its kind.
type PromptQuestion struct{ Kind, Ask string }

// PromptTeam is another team a prompt asks about.
type PromptTeam struct {
	Name      string
	Questions []PromptQuestion
}

// builtinQuestions are the headings of a team without its own
// questions; the parser knows them.
var builtinQuestions = []PromptQuestion{{"done", "Done:"}, {"next", "Next:"}, {"blockers", "Blockers:"}}

// skeleton is the part the member fills in for one team.
func skeleton(qs []PromptQuestion) []string {
	if len(qs) == 0 {
		qs = builtinQuestions
	}
	var out []string
	for i, q := range qs {
		if i > 0 {
			out = append(out, "")
		}
		out = append(out, clean(q.Ask), "- ")
	}
	return out
}

// Prompt renders the check-in prompt for one member of one team. Its
// Message-ID is stable per member, team and local date, so a retry or a
// restart never makes a second one.
func Prompt(p PromptInput) Rendered {
	loc := p.Member.Loc
	if loc == nil {
		loc = time.UTC
	}
	day := p.Day
	if day.IsZero() {
		day = schedule.DateOf(p.At.In(loc))
	}
	team := clean(p.Team)
	date := dayName(day)
	v := promptView{
		Greeting: "Hi " + firstName(name(p.Member)) + ",",
		Ask:      "What did you get done, what's next, anything blocking you? Reply to this email.",
		Hint:     "Keep the headings you need and delete the rest. Your reply becomes your " + team + " update for " + date + ".",
		Skeleton: skeleton(p.Questions),
	}
	if len(p.Questions) > 0 {
		v.Ask = "Answer under each question and reply to this email."
	}
	if len(p.Others) > 0 {
		names := []string{team}
		v.Skeleton = append([]string{team}, v.Skeleton...)
		for _, o := range p.Others {
			names = append(names, clean(o.Name))
			v.Skeleton = append(append(v.Skeleton, "", clean(o.Name)), skeleton(o.Questions)...)
		}
		v.Hint = "Write under each team's name and keep the headings you need. Your reply becomes your " +
			strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1] + " updates for " + date + "."
		team = strings.Join(names, ", ")
	}
	id := messageID("checkin", day, p.Member.Email+"\x00"+p.ListID, p.Domain)
	h := baseHeader("checkin", id, p.At.In(loc), day)
	if p.ReplyTo != "" {
		h["Reply-To"] = p.ReplyTo
	}
	if l := ListID(team, p.ListID); l != "" {
		h["List-Id"] = l
	}
	return Rendered{
		Subject:   "[" + team + "] Check-in for " + date,
		Text:      v.text(),
		HTML:      v.html(),
		MessageID: id,
		Header:    h,
	}
}

type promptView struct {
	Greeting, Ask, Hint string
	Skeleton            []string
}

func (v *promptView) text() string {
	var b strings.Builder
	b.WriteString(v.Greeting + "\n\n")
	wrap(&b, v.Ask, "", "", textWidth)
	b.WriteByte('\n')
	wrap(&b, v.Hint, "", "", textWidth)
	b.WriteString("\n" + strings.Join(v.Skeleton, "\n") + "\n")
	return b.String()
}

func (v *promptView) html() string {
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html>
<html><head><meta charset="utf-8"></head>
<body style="margin:0;padding:16px;` + font + `font-size:15px;line-height:1.5;color:#1f2328;">
<p style="margin:0 0 12px 0;">`)
	escapeHTML(&b, v.Greeting)
	b.WriteString("</p>\n" + `<p style="margin:0 0 12px 0;">`)
	escapeHTML(&b, v.Ask)
	b.WriteString("</p>\n" + `<p style="margin:0 0 12px 0;` + muted + `">`)
	escapeHTML(&b, v.Hint)
	b.WriteString("</p>\n" + `<p style="margin:0;font-family:Menlo,Consolas,monospace;font-size:14px;">`)
	for _, l := range v.Skeleton {
		escapeHTML(&b, l)
		b.WriteString("<br>")
	}
	b.WriteString("</p>\n</body></html>\n")
	return b.String()
}

// firstName returns the first word of a display name, or the local part
// of an address.
func firstName(n string) string {
	if i := strings.IndexByte(n, '@'); i > 0 {
		return n[:i]
	}
	if f := strings.Fields(n); len(f) > 0 {
		return f[0]
	}
	return "there"
}
