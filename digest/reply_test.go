package digest

import (
	"fmt"
	"html/template"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// withReplies returns a copy of in whose items' reply addresses are
// addr of their old ones, as the gateway signs them per recipient.
func withReplies(in Digest, addr func(string) string) Digest {
	in.Teams = append([]Team(nil), in.Teams...)
	for i := range in.Teams {
		t := &in.Teams[i]
		t.Updates = append([]Update(nil), t.Updates...)
		for j := range t.Updates {
			t.Updates[j].ReplyTo = addr(t.Updates[j].ReplyTo)
		}
		t.Blockers = append([]Blocker(nil), t.Blockers...)
		for j := range t.Blockers {
			t.Blockers[j].ReplyTo = addr(t.Blockers[j].ReplyTo)
		}
		t.Decisions = append([]Decision(nil), t.Decisions...)
		for j := range t.Decisions {
			t.Decisions[j].ReplyTo = addr(t.Decisions[j].ReplyTo)
		}
		t.Questions = append([]Question(nil), t.Questions...)
		for j := range t.Questions {
			t.Questions[j].ReplyTo = addr(t.Questions[j].ReplyTo)
		}
	}
	return in
}

// TestRendererPerRecipientReplies renders one digest for recipients
// whose reply addresses differ, short and long, with one Renderer: each
// gets their own addresses, laid out as a fresh Renderer lays them out.
func TestRendererPerRecipientReplies(t *testing.T) {
	var full Digest
	for _, sc := range scenarios(t) {
		if sc.name == "multi_team" {
			full = sc.in
		}
	}
	signed := func(who string) func(string) string {
		return func(a string) string {
			if a == "" {
				return ""
			}
			local, domain, _ := strings.Cut(a, "@")
			return local + "." + who + "@" + domain
		}
	}
	recipients := []string{"ana", "bo", strings.Repeat("x", 60), "", "e"}
	rd := NewRenderer()
	for round := range 2 {
		for _, who := range recipients {
			in := full
			if who != "" {
				in = withReplies(full, signed(who))
			} else {
				in = withReplies(full, func(string) string { return "" })
			}
			got, want := rd.Render(in, in.Until), render(in, in.Until)
			if got.Text != want.Text || got.HTML != want.HTML {
				t.Fatalf("round %d, %q: shared Renderer differs from a fresh one\n--- shared:\n%s\n--- fresh:\n%s", round, who, got.Text, want.Text)
			}
			checkText(t, got.Text)
			for _, tm := range in.Teams {
				for _, u := range tm.Updates {
					if u.ReplyTo != "" && !strings.Contains(got.Text, u.ReplyTo) {
						t.Errorf("%q: text lacks %s", who, u.ReplyTo)
					}
					if mailto := "mailto:" + strings.ReplaceAll(u.ReplyTo, "+", "&#43;"); u.ReplyTo != "" && !strings.Contains(got.HTML, mailto) {
						t.Errorf("%q: HTML lacks %s", who, mailto)
					}
				}
			}
			for _, other := range recipients {
				if other != who && len(other) > 1 && strings.Contains(got.Text+got.HTML, "."+other+"@") {
					t.Errorf("%q's digest shows %q's reply address", who, other)
				}
			}
			if who == "" && strings.Contains(got.Text+got.HTML, "Reply:") {
				t.Error("a digest without item addresses shows a reply line")
			}
		}
	}
}

// TestRendererContentChange renders an update again when a reply
// arrives under the same ID, as when the gateway keeps one Renderer
// for a window that grows.
func TestRendererContentChange(t *testing.T) {
	in := scenarios(t)[0].in
	rd := NewRenderer()
	before := rd.Render(in, in.Until)
	in2 := withReplies(in, func(a string) string { return a })
	in2.Teams[0].Updates[1].Replies = append([]Reply{{Author: Person{Name: "Dee Park"}, At: in.Until.Add(-time.Minute), Text: "Late reply"}}, in2.Teams[0].Updates[1].Replies...)
	after := rd.Render(in2, in2.Until)
	if !strings.Contains(after.Text, "Late reply") || strings.Contains(before.Text, "Late reply") {
		t.Errorf("a new reply under the same ID did not show:\n%s", after.Text)
	}
	if again := rd.Render(in, in.Until); again.Text != before.Text {
		t.Error("the original content renders differently after the change")
	}
}

// TestReplyHoleInjection checks that user text holding a reply hole's
// mark renders as text, with the mark dropped, and never as an
// address.
func TestReplyHoleInjection(t *testing.T) {
	mark := string(holeReply) + string(holeIndex)
	evil := "before" + mark + "after" + string(holeReply) + string(holeIndex+1) + " end"
	in := scenarios(t)[0].in
	in = withReplies(in, func(a string) string { return a })
	tm := &in.Teams[0]
	tm.Blockers[0].Text = evil
	tm.Updates[0].Sections[0].Items = []string{evil}
	tm.Questions[0].Text = evil
	tm.Updates[0].Replies = []Reply{{Author: Person{Name: evil}, At: in.Until.Add(-time.Hour), Text: evil}}
	rd := NewRenderer()
	for _, r := range []Rendered{rd.Render(in, in.Until), render(in, in.Until)} {
		all := r.Text + r.HTML + r.Subject
		if strings.ContainsRune(all, holeReply) || strings.ContainsRune(all, holeIndex) {
			t.Fatal("a reply hole mark survived from user text")
		}
		if n := strings.Count(r.Text, "beforeafter end"); n < 4 {
			t.Errorf("user text shows %d times, want at least 4:\n%s", n, r.Text)
		}
		// Each address shows once in text, once in HTML: user text
		// pulled none in.
		for _, a := range []string{tm.Blockers[0].ReplyTo, tm.Updates[0].ReplyTo, tm.Questions[0].ReplyTo} {
			if n := strings.Count(r.Text, a); n != 1 {
				t.Errorf("%s shows %d times in text", a, n)
			}
		}
	}
}

// TestReplyWrap holds the reply line to what wrap makes of it when the
// address is known while wrapping, for addresses of every length and
// some with spaces and wide characters.
func TestReplyWrap(t *testing.T) {
	addrs := []string{"a b", "チーム+長い長い長い長い長い長い長い長い長い長い長い長い長い@例え.jp", "x@y z", "\tq@example.com"}
	for n := 1; n < 90; n++ {
		addrs = append(addrs, strings.Repeat("p", n)+"@b.example")
	}
	since := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	now := since.Add(50 * time.Hour)
	ageMark := string(holeAge) + string(holeIndex)
	for _, raw := range addrs {
		addr := clean(raw)
		for _, author := range []Person{{Name: "Bo"}, {Name: strings.Repeat("Long Name ", 4)}} {
			b := Blocker{ID: "b", Text: "Staging", Author: author, Since: since, ReplyTo: raw}
			var got strings.Builder
			NewRenderer().blocker(&b).text.write(&got, time.UTC, now, addr)
			var want strings.Builder
			want.WriteString("- Staging\n")
			wrap(&want, name(author)+", blocked for "+ageMark+". Reply:"+string(glue)+addr, "  ", "  ", textWidth)
			if w := strings.Replace(want.String(), ageMark, age(now.Sub(since)), 1); got.String() != w {
				t.Errorf("blocker, %q:\n got %q\nwant %q", raw, got.String(), w)
			}

			u := Update{ID: "u", Author: author, At: since, ReplyTo: raw}
			got.Reset()
			NewRenderer().update(&u).text.write(&got, time.UTC, now, addr)
			want.Reset()
			wrap(&want, "Reply: "+addr, "  ", "  ", textWidth)
			if !strings.HasSuffix(got.String(), want.String()) {
				t.Errorf("update, %q:\n got %q\nwant suffix %q", raw, got.String(), want.String())
			}
		}
	}
}

// escapeOracle is how html/template escapes the values the HTML part
// holds: text and a mailto: address in an attribute.
var escapeOracle = template.Must(template.New("").Parse(`{{.T}}|<a href="mailto:{{.A}}">`))

func checkEscape(t *testing.T, s string) {
	var want strings.Builder
	if err := escapeOracle.Execute(&want, struct{ T, A string }{s, s}); err != nil {
		t.Fatal(err)
	}
	// escapeHTML also spells everything outside ASCII as a character
	// reference, read by a browser as it reads html/template's raw
	// UTF-8 (U+FFFD for bytes that are not UTF-8).
	var wantASCII strings.Builder
	for _, r := range want.String() {
		if r < utf8.RuneSelf {
			wantASCII.WriteRune(r)
		} else {
			fmt.Fprintf(&wantASCII, "&#%d;", r)
		}
	}
	var got strings.Builder
	escapeHTML(&got, s)
	got.WriteString(`|<a href="mailto:`)
	writeMailto(&got, s)
	got.WriteString(`">`)
	if got.String() != wantASCII.String() {
		t.Errorf("escaping %q:\n got %q\nwant %q", s, got.String(), wantASCII.String())
	}
}

func TestEscapeMatchesTemplate(t *testing.T) {
	for _, s := range []string{"", "plain", "platform+u2.k7@baton.example", `<b>"x" & 'y'</b>`, "a\x00b",
		"100%", "%4", "%41%zz%", "mailto:a@b?subject=hi there&body=x", "Łukasz 山田 🚀", "\xff\xfe bad utf-8",
		"javascript:alert(1)", "a\tb\nc\r", "()`{}|\\^~!#$*,/:;=?@[]", "\uFDD0\uFFFE"} {
		checkEscape(t, s)
	}
}

func FuzzEscape(f *testing.F) {
	f.Add("platform+u2.k7@baton.example")
	f.Add(`<script>alert('x')</script> & "q" %2 %41`)
	f.Fuzz(checkEscape)
}
