package digest

import (
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/schedule"
)

func TestWrap(t *testing.T) {
	tests := []struct {
		name, in, first, rest string
		width                 int
		want                  string
	}{
		{"fits", "short line", "- ", "  ", 20, "- short line\n"},
		{"hanging indent", "one two three four five six", "- ", "  ", 12, "- one two\n  three four\n  five six\n"},
		{"long word alone", "see Donaudampfschifffahrtsgesellschaft now", "", "", 10, "see\nDonaudampfschifffahrtsgesellschaft\nnow\n"},
		{"URL never broken", "docs at https://example.com/a/very/long/path?q=1 ok", "  ", "  ", 20, "  docs at\n  https://example.com/a/very/long/path?q=1\n  ok\n"},
		{"address never broken", "reply to platform+u1.k3@baton.example", "", "", 12, "reply to\nplatform+u1.k3@baton.example\n"},
		{"CJK breaks between characters", "日本語のテキストを折り返す", "", "", 10, "日本語のテ\nキストを折\nり返す\n"},
		{"CJK keeps closing punctuation", "ああああ。い", "", "", 8, "あああ\nあ。い\n"},
		{"wide counts double", "漢字 ab", "", "", 6, "漢字\nab\n"},
		{"glue keeps words together", "x Reply:" + string(glue) + "a@b", "", "", 9, "x\nReply: a@b\n"},
		{"spaces collapse", "  a   b  ", "", "", 10, "a b\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			wrap(&b, tt.in, tt.first, tt.rest, tt.width)
			if got := b.String(); got != tt.want {
				t.Errorf("wrap = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestAge(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "under an hour"},
		{59 * time.Minute, "under an hour"},
		{time.Hour, "1 hour"},
		{23*time.Hour + 59*time.Minute, "23 hours"},
		{24 * time.Hour, "1 day"},
		{3*24*time.Hour + 5*time.Hour, "3 days"},
		{13 * 24 * time.Hour, "13 days"},
		{14 * 24 * time.Hour, "2 weeks"},
		{400 * 24 * time.Hour, "57 weeks"},
	}
	for _, tt := range tests {
		if got := age(tt.d); got != tt.want {
			t.Errorf("age(%v) = %q; want %q", tt.d, got, tt.want)
		}
		if len(age(tt.d)) > maxAgeWidth {
			t.Errorf("age(%v) is wider than maxAgeWidth", tt.d)
		}
	}
}

func TestSubject(t *testing.T) {
	day := schedule.MustDate("2026-11-24")
	tests := []struct {
		teams []string
		c     counts
		want  string
	}{
		{[]string{"Platform"}, counts{Updates: 7, Decisions: 2, Blockers: 1}, "[Platform] Tue 24 Nov — 7 updates, 2 decisions, 1 blocker"},
		{[]string{"Platform"}, counts{Updates: 1, Decisions: 1, Blockers: 2, Questions: 1}, "[Platform] Tue 24 Nov — 1 update, 1 decision, 2 blockers, 1 open question"},
		{[]string{"Platform", "Data"}, counts{Questions: 3}, "[Platform, Data] Tue 24 Nov — 3 open questions"},
		{[]string{"Platform"}, counts{}, "[Platform] Tue 24 Nov — nothing new"},
	}
	for _, tt := range tests {
		if got := subject(tt.teams, day, tt.c); got != tt.want {
			t.Errorf("subject = %q; want %q", got, tt.want)
		}
	}
}

func TestSince(t *testing.T) {
	ny := mustLoc(t, "America/New_York")
	until := time.Date(2026, 11, 24, 8, 0, 0, 0, ny)
	tests := []struct {
		since time.Time
		want  string
	}{
		{until.Add(-24 * time.Hour), "since Mon 08:00 your time"},
		{until.Add(-8 * 24 * time.Hour), "since Mon 16 Nov 08:00 your time"},
		{time.Time{}, "since the start"},
	}
	for _, tt := range tests {
		if got := sincePhrase(tt.since, until, ny); got != tt.want {
			t.Errorf("Since = %q; want %q", got, tt.want)
		}
	}
}

func TestRenderRules(t *testing.T) {
	in := scenarios(t)[0].in
	r := render(in, in.Until)
	if strings.Contains(r.Text, "Too fresh") || strings.Contains(r.Text, "Answered already") || strings.Contains(r.Text, "VPN") {
		t.Error("digest shows an answered, too recent or resolved item")
	}
	forYou, _, _ := strings.Cut(r.Text, "\nBlockers\n")
	for _, want := range []string{"Need Ana to approve", "Is the staging proxy back?\n  Answered by Chris Doe", "(to you)", "Looks good, ship it."} {
		if !strings.Contains(forYou, want) {
			t.Errorf("For you lacks %q:\n%s", want, forYou)
		}
	}
	if strings.Contains(r.Text, "Answered before your last digest") || strings.Contains(r.Text, "Seen before your last digest") || strings.Contains(r.Text, "Drafted the rota") {
		t.Error("digest shows an answer or reply the reader saw, or the reader's own update unfolded")
	}
	if strings.Index(r.Text, "Can we drop Node 18") > strings.Index(r.Text, "Who owns the on-call") {
		t.Error("questions are not oldest first")
	}
	if strings.Contains(r.Text, "Staging is read-only") {
		t.Error("an update's own blockers section is shown twice")
	}
	in2 := in
	in2.Until = in.Until.Add(time.Hour)
	if again := render(in2, in2.Until); again.MessageID != r.MessageID {
		t.Errorf("Message-ID changed within a local date: %s, %s", r.MessageID, again.MessageID)
	}
	in2.Recipient.Email = "bo@example.com"
	if other := render(in2, in2.Until); other.MessageID == r.MessageID {
		t.Error("two recipients share a Message-ID")
	}
	if !strings.HasPrefix(r.MessageID, "<digest.2026-11-24.") || r.Header["Message-Id"] != r.MessageID {
		t.Errorf("Message-ID = %q", r.MessageID)
	}
}

func TestRendererShares(t *testing.T) {
	rd := NewRenderer()
	for _, sc := range scenarios(t) {
		want := render(sc.in, sc.in.Until)
		for range 2 {
			if got := rd.Render(sc.in, sc.in.Until); got.Text != want.Text || got.HTML != want.HTML {
				t.Errorf("%s: a shared Renderer renders differently", sc.name)
			}
		}
	}
}

// TestHoleInjection checks that user text cannot forge a hole mark.
func TestHoleInjection(t *testing.T) {
	evil := string(holeClock) + string(holeIndex+5) + string(glue) + "x"
	in := Digest{Recipient: Person{Email: "a@example.com"}, Until: time.Unix(0, 0), Domain: "d",
		Teams: []Team{{Name: evil, Updates: []Update{{ID: "u", Author: Person{Name: evil},
			Sections: []parser.Section{sec(parser.Done, evil)}}}}}}
	r := render(in, in.Until)
	if strings.ContainsAny(r.Text+r.HTML+r.Subject, string(holeClock)+string(glue)) {
		t.Error("a hole mark survived from user text")
	}
}

func TestPrompt(t *testing.T) {
	ktm := mustLoc(t, "Asia/Kathmandu")
	p := PromptInput{Member: Person{"Sita Sharma", "sita@example.com", ktm}, Team: "Platform",
		ListID: "platform.baton.example", ReplyTo: "platform+sita.k1@baton.example", Domain: "baton.example",
		At: time.Date(2026, 11, 24, 17, 30, 0, 0, ktm)}
	r := Prompt(p)
	golden(t, "prompt.golden.txt", dump(r))
	golden(t, "prompt.golden.html", r.HTML)
	p.At = p.At.Add(time.Hour)
	if Prompt(p).MessageID != r.MessageID {
		t.Error("prompt Message-ID changed within a local date")
	}
	p.ListID = "data.baton.example"
	if Prompt(p).MessageID == r.MessageID {
		t.Error("prompts for two teams share a Message-ID")
	}
	// One prompt for two teams, the first with its own questions.
	p.ListID = "platform.baton.example"
	p.Questions = []PromptQuestion{{"done", "What did you ship?"}, {"blockers", "What's in your way?"}}
	p.Others = []PromptTeam{{Name: "Data"}}
	r = Prompt(p)
	golden(t, "prompt_two_teams.golden.txt", dump(r))
	golden(t, "prompt_two_teams.golden.html", r.HTML)
}
