package digest

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/schedule"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// render renders in with a new Renderer, as a digest for one recipient.
func render(in Digest, now time.Time) Rendered { return NewRenderer().Render(in, now) }

// golden compares got with testdata/file, or rewrites it under -update.
func golden(t *testing.T, file, got string) {
	t.Helper()
	path := filepath.Join("testdata", file)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(want, []byte(got)) {
		t.Errorf("%s differs from the rendering; run go test -update and review the diff\n--- got:\n%s", path, got)
	}
}

// dump shows a rendered message as a reviewer reads it: subject and
// headers, then the text part.
func dump(r Rendered) string {
	var b strings.Builder
	b.WriteString("Subject: " + r.Subject + "\n")
	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		b.WriteString(k + ": " + r.Header[k] + "\n")
	}
	if r.Empty {
		b.WriteString("(empty)\n")
	}
	b.WriteString("\n" + r.Text)
	return b.String()
}

func TestGolden(t *testing.T) {
	for _, sc := range scenarios(t) {
		t.Run(sc.name, func(t *testing.T) {
			r := render(sc.in, sc.in.Until)
			golden(t, sc.name+".golden.txt", dump(r))
			golden(t, sc.name+".golden.html", r.HTML)
			checkText(t, r.Text)
		})
	}
}

// checkText holds the text part to its promise: 72 columns, except for
// a line that is one unbreakable word after its indent.
func checkText(t *testing.T, text string) {
	t.Helper()
	for i, l := range strings.Split(text, "\n") {
		if strWidth(l) > textWidth && len(strings.Fields(l)) > 1 && !strings.Contains(l, "@") && !strings.Contains(l, "://") {
			t.Errorf("line %d is %d columns: %q", i+1, strWidth(l), l)
		}
	}
}

type scenario struct {
	name string
	in   Digest
}

func sec(k parser.Kind, items ...string) parser.Section {
	return parser.Section{Kind: k, Items: items}
}

func scenarios(t *testing.T) []scenario {
	london, ny, ktm := mustLoc(t, "Europe/London"), mustLoc(t, "America/New_York"), mustLoc(t, "Asia/Kathmandu")
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	ana := Person{"Ana Lima", "ana@example.com", london}
	bo := Person{"Bo Chen", "bo@example.com", ny}
	chris := Person{"Chris Doe", "chris@example.com", london}
	platform := Team{
		Name: "Platform", ListID: "platform.baton.example", Address: "platform@baton.example",
		ResponseWindow: 24 * time.Hour,
		Updates: []Update{{
			ID: "u2", Author: bo, At: at("2026-11-23T22:40:00Z"), ReplyTo: "platform+u2.k7@baton.example",
			Sections: []parser.Section{
				sec(parser.Next, "Load test the importer with last quarter's data"),
				sec(parser.Done, "Shipped the billing importer so finance can stop exporting spreadsheets by hand every Monday morning; details in https://wiki.example.com/platform/importer/rollout-plan-2026-11?tab=checklist#step-4",
					"Reviewed Chris's migration plan"),
				sec(parser.Blockers, "Staging is read-only"),
			},
			Replies: []Reply{{Author: chris, At: at("2026-11-24T07:05:00Z"), Text: "Nice! Does it handle the CSV exports from the old system too?",
				Replies: []Reply{{Author: bo, At: at("2026-11-24T07:30:00Z"), Text: "Yes, CSV and TSV.\n\n\n\nBoth tested."}}}},
		}, {
			// The reader's own: folded, its new reply in "For you".
			ID: "u3", Author: ana, At: at("2026-11-23T08:30:00Z"), ReplyTo: "platform+u3.k14@baton.example",
			Sections: []parser.Section{sec(parser.Done, "Drafted the rota"), sec(parser.Next, "Share it")},
			Replies: []Reply{{Author: bo, At: at("2026-11-23T07:00:00Z"), Text: "Seen before your last digest."},
				{Author: chris, At: at("2026-11-23T09:00:00Z"), Text: "Looks good, ship it."}},
		}, {
			ID: "u1", Author: chris, At: at("2026-11-23T09:15:00Z"), ReplyTo: "platform+u1.k3@baton.example", Urgent: true,
			Sections: []parser.Section{
				{Title: "Shipped", Kind: parser.Done, Items: []string{"Rotated the TLS certificates on the edge proxies"}},
				sec(parser.Notes, "Out on Friday afternoon."),
				// Notes again after another heading: one "Notes" heading.
				sec(parser.Next, "Hand the rota over to Ana"),
				sec(parser.Notes, "Back on Monday."),
			},
		}},
		Blockers: []Blocker{
			{ID: "b1", Text: "Staging database is read-only since Friday's migration, so nobody can test the importer end to end.",
				Author: bo, Since: at("2026-11-21T10:00:00Z"), ReplyTo: "platform+b1.k1@baton.example"},
			{ID: "b2", Text: "VPN flakiness", Author: ana, Since: at("2026-11-20T10:00:00Z"), Resolved: true},
			{ID: "b3", Text: "Need Ana to approve the firewall change", Author: chris, Since: at("2026-11-23T12:00:00Z"),
				To: []Person{ana}, ReplyTo: "platform+b3.k12@baton.example"},
		},
		Decisions: []Decision{
			{ID: "d1", Decision: parser.Decision{Text: "Adopt Postgres 17 for the new cluster", Rationale: "the logical replication fixes we need only ship there"},
				Author: chris, At: at("2026-11-23T14:02:00Z"), ReplyTo: "platform+d1.k2@baton.example"},
			{ID: "d0", Decision: parser.Decision{Text: "Freeze deploys on Fridays"}, Author: ana, At: at("2026-11-23T11:00:00Z"),
				State: "superseded", ReplyTo: "platform+d0.k9@baton.example"},
			{ID: "d3", Decision: parser.Decision{Text: "Friday deploys only behind a feature flag"}, Author: bo, At: at("2026-11-23T15:00:00Z"),
				Replaces: "Freeze deploys on Fridays", ReplyTo: "platform+d3.k10@baton.example"},
		},
		Questions: []Question{
			{ID: "q1", Text: "Who owns the on-call rota after March?", Author: ana, Asked: at("2026-11-22T09:00:00Z"), ReplyTo: "platform+q1.k4@baton.example", To: []Person{bo}},
			// Too fresh to nag the team, but put to the reader: shown.
			{ID: "q4", Text: "Ana, can you review the rota doc?", Author: bo, Asked: at("2026-11-24T07:00:00Z"), ReplyTo: "platform+q4.k11@baton.example", To: []Person{ana}},
			{ID: "q0", Text: "Can we drop Node 18 now?", Author: bo, Asked: at("2026-11-20T09:00:00Z"), ReplyTo: "platform+q0.k5@baton.example"},
			{ID: "q2", Text: "Answered already?", Author: bo, Asked: at("2026-11-20T09:00:00Z"), Answered: true},
			{ID: "q5", Text: "Is the staging proxy back?", Author: ana, Asked: at("2026-11-22T09:00:00Z"), Answered: true,
				AnsweredBy: chris, AnsweredAt: at("2026-11-23T10:00:00Z"), ReplyTo: "platform+q5.k13@baton.example"},
			{ID: "q6", Text: "Answered before your last digest?", Author: ana, Asked: at("2026-11-20T09:00:00Z"), Answered: true,
				AnsweredBy: chris, AnsweredAt: at("2026-11-21T10:00:00Z")},
			{ID: "q3", Text: "Too fresh to nag about?", Author: bo, Asked: at("2026-11-24T06:00:00Z")},
		},
		Silent: []Person{{Name: "Dee Park", Email: "dee@example.com"}, {Email: "eli@example.com"}, {Name: "Ana Lima", Email: "Ana@Example.com"}},
		Away:   []Away{{Person: Person{Name: "Fay Wu", Email: "fay@example.com"}, Until: schedule.Date{Year: 2026, Month: 11, Day: 30}}},
	}
	data := Team{
		Name: "Data", ListID: "data.baton.example", Address: "data@baton.example", ResponseWindow: 48 * time.Hour,
		Updates: []Update{{ID: "u9", Author: ana, At: at("2026-11-23T16:00:00Z"), ReplyTo: "data+u9.k8@baton.example",
			Sections: []parser.Section{sec(parser.Done, "Backfilled the events table")}}},
		Decisions: []Decision{{ID: "d9", Decision: parser.Decision{Text: "Keep raw events for 13 months"}, Author: ana,
			At: at("2026-11-23T16:00:00Z"), ReplyTo: "data+d9.k6@baton.example"}},
	}
	day := Digest{Recipient: ana, Since: at("2026-11-23T08:00:00Z"), Until: at("2026-11-24T08:00:00Z"),
		Domain: "baton.example", ReplyTo: "digest+ana.k0@baton.example", Teams: []Team{platform}}
	multi := day
	multi.Teams = []Team{platform, data}
	empty := day
	empty.Teams = []Team{{Name: "Platform", ListID: "platform.baton.example", Address: "platform@baton.example"}}
	kathmandu := day
	kathmandu.Recipient = Person{"Sita Sharma", "sita@example.com", ktm}
	kathmandu.Since, kathmandu.Until = at("2026-11-23T03:15:00Z"), at("2026-11-24T03:15:00Z")
	kathmandu.ReplyTo = ""
	return []scenario{
		{"full_day", day},
		{"multi_team", multi},
		{"empty", empty},
		{"kathmandu", kathmandu},
		{"unicode", unicodeScenario(t)},
	}
}

func unicodeScenario(t *testing.T) Digest {
	tokyo := mustLoc(t, "Asia/Tokyo")
	until := time.Date(2026, 11, 24, 9, 0, 0, 0, tokyo)
	zoe := Person{"Zoë Ångström", "zoe@example.com", tokyo}
	taro := Person{"山田 太郎", "taro@example.jp", tokyo}
	lukasz := Person{`Łukasz "Łuk" <Wiśniewski>`, "lukasz@example.pl", tokyo}
	return Digest{
		Recipient: taro, Since: until.Add(-24 * time.Hour), Until: until, Domain: "baton.example",
		Teams: []Team{{
			Name: "Ωmega & Co", ListID: "omega.baton.example", Address: "omega@baton.example",
			Updates: []Update{{
				ID: "u1", Author: taro, At: until.Add(-3 * time.Hour), ReplyTo: "omega+u1@baton.example",
				Sections: []parser.Section{
					{Title: "完了", Kind: parser.Done, Items: []string{"請求インポーターを本番環境にリリースしました。経理チームは毎週月曜日の朝に手作業でスプレッドシートを書き出す必要がなくなります。"}},
					{Title: "次", Kind: parser.Next, Items: []string{"先四半期のデータで負荷試験を行う（「重要」）"}},
				},
				Replies: []Reply{{Author: lukasz, At: until.Add(-2 * time.Hour), Text: "Świetnie! <script>alert('x')</script> & thanks"}},
			}, {
				ID: "u2", Author: zoe, At: until.Add(-time.Hour), ReplyTo: "omega+u2@baton.example",
				Sections: []parser.Section{sec(parser.Done, "Naïve café résumé — déjà vu, with an emoji 🚀 and a very long word: Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenhersteller")},
			}},
			Blockers: []Blocker{{ID: "b1", Text: "<b>Not bold</b> & waiting on Łukasz", Author: zoe, Since: until.Add(-30 * time.Minute)}},
		}},
	}
}
