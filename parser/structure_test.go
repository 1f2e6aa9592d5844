package parser

import (
	"reflect"
	"strings"
	"testing"
)

func TestSections(t *testing.T) {
	type sec struct {
		kind  Kind
		items []string
	}
	cases := []struct {
		name, body string
		want       []sec
	}{
		{"colon", "Done:\n- a\n- b\n\nNext:\n- c", []sec{{Done, []string{"a", "b"}}, {Next, []string{"c"}}}},
		{"inline", "Done: a\nNext: b\nBlockers: none", []sec{{Done, []string{"a"}}, {Next, []string{"b"}}}},
		{"caps", "DONE\n* a\n\nNEXT\n* b", []sec{{Done, []string{"a"}}, {Next, []string{"b"}}}},
		{"markdown", "## Yesterday\n- a\n## Today\n- b", []sec{{Done, []string{"a"}}, {Next, []string{"b"}}}},
		{"bold", "**Blockers**\n- a\n*Questions*\n- b?", []sec{{Blockers, []string{"a"}}, {Questions, []string{"b?"}}}},
		{"dash", "Today - a\nYesterday – b", []sec{{Next, []string{"a"}}, {Done, []string{"b"}}}},
		{"underlined", "Completed\n=========\n- a\n\nUp next\n-------\n- b", []sec{{Done, []string{"a"}}, {Next, []string{"b"}}}},
		{"accents and case", "DÉCISIONS :\n- a\nréalisé :\n- b", []sec{{Decisions, []string{"a"}}, {Done, []string{"b"}}}},
		{"team section", "Shipped:\n- a", []sec{{Done, []string{"a"}}}},
		{"emoji headings", "✅ Done\n- a\n\n🚧 Blockers\n- b\n\n➡️ Next\n- c", []sec{{Done, []string{"a"}}, {Blockers, []string{"b"}}, {Next, []string{"c"}}}},
		{"emoji bullets stay items", "Done:\n✅ a\n✅ b", []sec{{Done, []string{"a", "b"}}}},
		{"numbered headings", "1. Done\n- a\n2. Next\n- b", []sec{{Done, []string{"a"}}, {Next, []string{"b"}}}},
		{"it bloccanti", "Fatto:\n- a\n\nBloccanti:\n- b", []sec{{Done, []string{"a"}}, {Blockers, []string{"b"}}}},
		{"fuzzy title", "What I did yesterday:\n- a\nPlan for today:\n- b", []sec{{Done, []string{"a"}}, {Next, []string{"b"}}}},
		{"numbered and wrapped", "Done:\n1) first item\n   wraps here\n2) second\na) third", []sec{{Done, []string{"first item wraps here", "second", "third"}}}},
		{"bullets styles", "Next:\n• a\n+ b\n1. c\n(a) d", []sec{{Next, []string{"a", "b", "c", "d"}}}},
		{"paragraph wrap", "Done:\nThe migration went fine and we reopened writes at 07:09 after\nthe reconciliation job finished.", []sec{{Done, []string{"The migration went fine and we reopened writes at 07:09 after the reconciliation job finished."}}}},
		{"short lines are items", "Done:\nShipped login\nFixed flaky test", []sec{{Done, []string{"Shipped login", "Fixed flaky test"}}}},
		{"no headings", "Hi team,\n\nAll quiet today.\nNothing new.", []sec{{Notes, []string{"All quiet today.", "Nothing new."}}}},
		{"preamble note", "Hi all,\n\nShort week for me.\n\nDone:\n- a", []sec{{Notes, []string{"Short week for me."}}, {Done, []string{"a"}}}},
		{"tail after list", "Done:\n- a\n\nLet me know if anything looks off.", []sec{{Done, []string{"a"}}, {Notes, []string{"Let me know if anything looks off."}}}},
		{"unknown colon heading with bullets", "Infra:\n- a", []sec{{Notes, []string{"a"}}}},
		{"prose colon is not a heading", "The plan: ship it on Friday.", []sec{{Notes, []string{"The plan: ship it on Friday."}}}},
		{"url is not a heading", "https://example.com/x", []sec{{Notes, []string{"https://example.com/x"}}}},
		{"ja", "完了:\n・a\n\n次:\n・b", []sec{{Done, []string{"a"}}, {Next, []string{"b"}}}},
		{"ru", "Вчера:\n * a\nСегодня:\n * b", []sec{{Done, []string{"a"}}, {Next, []string{"b"}}}},
	}
	x := newHeadingIndex(testOptions)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []sec
			for _, s := range sections(c.body, x) {
				got = append(got, sec{s.Kind, s.Items})
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("sections(%q)\n got %v\nwant %v", c.body, got, c.want)
			}
		})
	}
}

func TestDecision(t *testing.T) {
	cases := []struct{ in, text, why string }{
		{"Decision: use Postgres because it is boring", "Use Postgres", "it is boring"},
		{"Decided: freeze on Friday since the team is out", "Freeze on Friday", "the team is out"},
		{"We decided to drop IE11 — usage is under 0.1%", "Drop IE11", "usage is under 0.1%"},
		{"We decided that staging stays on 3.4 so that QA can finish", "Staging stays on 3.4", "QA can finish"},
		{"Keep the export on the replica, as the primary is busy", "Keep the export on the replica", "the primary is busy"},
		{"Décision : on garde Argo parce que ça marche", "On garde Argo", "ça marche"},
		{"we go with Postgres 17 because of logical replication", "We go with Postgres 17", "logical replication"},
		{"Decision: keep Kafka, because of the audit log.", "Keep Kafka", "the audit log"},
		{"Decided: pin Go 1.26 given that 1.27 is not out", "Pin Go 1.26", "1.27 is not out"},
		{"We decided to stay on 3.4 owing to the freeze", "Stay on 3.4", "the freeze"},
		{"No rationale here.", "No rationale here", ""},
	}
	for _, c := range cases {
		d := decision(c.in)
		if d.Text != c.text || d.Rationale != c.why {
			t.Errorf("decision(%q) = %+v, want {%s %s}", c.in, d, c.text, c.why)
		}
	}
}

func TestExtract(t *testing.T) {
	body := "Done:\n- a\n- Decision: ship Friday because QA is done\n\nBlockers:\n- waiting on security\n\n" +
		"@bo can you review the PR?\nDana, is the freeze still on?\nWhy is CI slow?\n\nQuestions:\n- who owns Kafka?"
	m := &Message{Sections: sections(body, newHeadingIndex(testOptions))}
	extract(m, testOptions)
	if want := []Decision{{"Ship Friday", "QA is done"}}; !reflect.DeepEqual(m.Decisions, want) {
		t.Errorf("decisions = %+v, want %+v", m.Decisions, want)
	}
	if want := []string{"waiting on security"}; !reflect.DeepEqual(m.Blockers, want) {
		t.Errorf("blockers = %q, want %q", m.Blockers, want)
	}
	want := []string{"@bo can you review the PR?", "Dana, is the freeze still on?", "who owns Kafka?"}
	if !reflect.DeepEqual(m.Questions, want) {
		t.Errorf("questions = %q, want %q", m.Questions, want)
	}
}

func TestUrgent(t *testing.T) {
	cases := []struct {
		name                            string
		subject, imp, xprio, prio, body string
		want                            bool
	}{
		{"subject tag", "[URGENT] Re: check-in", "", "", "", "", true},
		{"importance", "Re: check-in", "High", "", "", "", true},
		{"x-priority 1", "Re: check-in", "", "1 (Highest)", "", "", true},
		{"x-priority 2", "Re: check-in", "", "2", "", "", true},
		{"x-priority 3", "Re: check-in", "", "3 (Normal)", "", "", false},
		{"body line", "Re: check-in", "", "", "", "Done: x\nUrgent: disk at 95%", true},
		{"word in prose", "Re: check-in", "", "", "", "nothing urgent today", false},
		{"normal", "Re: check-in", "Normal", "", "", "Done: x", false},
	}
	for _, c := range cases {
		if got := isUrgent(c.subject, c.imp, c.xprio, c.prio, c.body); got != c.want {
			t.Errorf("%s: urgent = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestAuto(t *testing.T) {
	cases := []struct {
		name, header, want string
	}{
		{"person", "From: ana@example.com\r\nSubject: Re: check-in\r\n", ""},
		{"auto-submitted no", "From: ana@example.com\r\nAuto-Submitted: no\r\nSubject: Re: x\r\n", ""},
		{"auto-replied", "From: ana@example.com\r\nAuto-Submitted: auto-replied\r\nSubject: Re: x\r\n", ReasonOutOfOffice},
		{"auto-generated", "From: ci@example.com\r\nAuto-Submitted: auto-generated\r\nSubject: build\r\n", ReasonAutoSubmitted},
		{"x-autoreply", "From: ana@example.com\r\nX-Autoreply: yes\r\nSubject: Re: x\r\n", ReasonOutOfOffice},
		{"x-autorespond", "From: ana@example.com\r\nX-Autorespond: yes\r\nSubject: Re: x\r\n", ReasonOutOfOffice},
		{"precedence bulk", "From: news@example.com\r\nPrecedence: bulk\r\nSubject: news\r\n", ReasonBulk},
		{"precedence junk", "From: bot@example.com\r\nPrecedence: junk\r\nSubject: x\r\n", ReasonBulk},
		{"precedence list", "From: bo@example.com\r\nPrecedence: list\r\nSubject: x\r\n", ReasonList},
		{"precedence auto_reply", "From: bo@example.com\r\nPrecedence: auto_reply\r\nSubject: x\r\n", ReasonOutOfOffice},
		{"exchange suppress", "From: bo@example.com\r\nX-Auto-Response-Suppress: All\r\nSubject: x\r\n", ReasonAutoSubmitted},
		{"list-id", "From: bo@example.com\r\nList-Id: <dev.lists.example.com>\r\nSubject: x\r\n", ReasonList},
		{"list-unsubscribe", "From: bo@example.com\r\nList-Unsubscribe: <mailto:u@example.com>\r\nSubject: x\r\n", ReasonList},
		{"mailer-daemon", "From: MAILER-DAEMON@example.com\r\nSubject: failure\r\n", ReasonBounce},
		{"postmaster", "From: postmaster@example.com\r\nSubject: x\r\n", ReasonBounce},
		{"dsn", "From: mail@example.com\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\nSubject: x\r\n", ReasonBounce},
		{"ooo en", "From: a@example.com\r\nSubject: Out of Office: Re: check-in\r\n", ReasonOutOfOffice},
		{"ooo automatic reply", "From: a@example.com\r\nSubject: Automatic reply: check-in\r\n", ReasonOutOfOffice},
		{"ooo de", "From: a@example.com\r\nSubject: Abwesenheitsnotiz: check-in\r\n", ReasonOutOfOffice},
		{"ooo fr", "From: a@example.com\r\nSubject: Réponse automatique : check-in\r\n", ReasonOutOfOffice},
		{"ooo es", "From: a@example.com\r\nSubject: Respuesta automática: check-in\r\n", ReasonOutOfOffice},
		{"ooo ja", "From: a@example.com\r\nSubject: =?UTF-8?B?6Ieq5YuV6L+U5L+hOiBjaGVjay1pbg==?=\r\n", ReasonOutOfOffice},
		{"ooo zh", "From: a@example.com\r\nSubject: 自动回复: check-in\r\n", ReasonOutOfOffice},
		{"ooo ru", "From: a@example.com\r\nSubject: Автоматический ответ: check-in\r\n", ReasonOutOfOffice},
		{"ooo ko", "From: a@example.com\r\nSubject: 자동 회신: check-in\r\n", ReasonOutOfOffice},
	}
	for _, c := range cases {
		raw := c.header + "Date: Mon, 23 Nov 2026 09:00:00 +0000\r\n\r\nhello\r\n"
		m := Parse([]byte(raw), Options{})
		if m.AutoReason != c.want || m.Auto != (c.want != "") {
			t.Errorf("%s: auto = %v %q, want %q", c.name, m.Auto, m.AutoReason, c.want)
		}
	}
}

func TestParseHeaders(t *testing.T) {
	raw := "From: =?ISO-8859-1?Q?Jos=E9_Garc=EDa?= <JOSE@Example.COM>\r\n" +
		"To: Team <Team@Example.com>, bo@example.com\r\n" +
		"Subject: =?UTF-8?B?UmU6IGNoZWNrLWluIOKckw==?=\r\n" +
		"Date: Mon, 23 Nov 2026 09:00:00 +0100\r\n" +
		"Message-ID: <abc@x>\r\nIn-Reply-To: <p@x>\r\nReferences: <a@x> <p@x>\r\n\r\nDone: x\r\n"
	m := Parse([]byte(raw), Options{})
	if m.From != (Address{"José García", "jose@example.com"}) {
		t.Errorf("from = %+v", m.From)
	}
	if len(m.To) != 2 || m.To[0].Address != "team@example.com" {
		t.Errorf("to = %+v", m.To)
	}
	if m.Subject != "Re: check-in ✓" {
		t.Errorf("subject = %q", m.Subject)
	}
	if m.MessageID != "abc@x" || m.InReplyTo != "p@x" || strings.Join(m.References, " ") != "a@x p@x" {
		t.Errorf("ids = %q %q %q", m.MessageID, m.InReplyTo, m.References)
	}
	if got := m.Date.Format("2006-01-02T15:04:05Z07:00"); got != "2026-11-23T09:00:00+01:00" {
		t.Errorf("date = %s", got)
	}
}

func TestUnflow(t *testing.T) {
	cases := []struct {
		in    string
		delsp bool
		want  string
	}{
		{"one \ntwo\nthree", false, "one two\nthree"},
		{"one\ntwo", false, "one\ntwo"},
		{"lo \nng", true, "long"},
		{"> quoted \n> more\nnew", false, "> quoted more\nnew"},
		{" >not quoted", false, ">not quoted"},
		{"-- \nsig", false, "-- \nsig"},
	}
	for _, c := range cases {
		if got := unflow(c.in, c.delsp); got != c.want {
			t.Errorf("unflow(%q, %v) = %q, want %q", c.in, c.delsp, got, c.want)
		}
	}
}

func TestHTMLToText(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"paragraphs", "<p>One</p><p>Two</p>", "One\n\nTwo"},
		{"list", "<p>Done:</p><ul><li>a</li><li>b</li></ul>", "Done:\n\n- a\n- b"},
		{"ordered", "<ol><li>a</li><li>b</li></ol>", "1. a\n2. b"},
		{"link", `<p>See <a href="https://x.example/pr/1">the PR</a>.</p>`, "See the PR (https://x.example/pr/1)."},
		{"bare link", `<a href="https://x.example">https://x.example</a>`, "https://x.example"},
		{"blockquote", "<div>New</div><blockquote>old</blockquote>", "New\n> old"},
		{"gmail quote", `<div>New</div><div class="gmail_quote"><div class="gmail_attr">On Mon wrote:</div><blockquote>old</blockquote></div>`, "New\n> On Mon wrote:\n> > old"},
		{"outlook divider", `<p>New</p><hr><div id="divRplyFwdMsg"><b>From:</b> X</div><div>old</div>`, "New\n\n> From: X\n> old"},
		{"br", "a<br>b", "a\nb"},
		{"style dropped", "<style>p{}</style><p>x</p>", "x"},
	}
	for _, c := range cases {
		if got := htmlToText(c.in); got != c.want {
			t.Errorf("%s: htmlToText = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestTeamQuestionHeading: a team's own check-in question, alone on a
// line, heads the answer under it with the kind it is mapped to.
func TestTeamQuestionHeading(t *testing.T) {
	o := Options{Sections: map[Kind][]string{Done: {"What did you ship?"}, Blockers: {"What is in your way?"}}}
	m := Parse([]byte("From: a@example.com\r\nSubject: x\r\n\r\nWhat did you ship?\r\n- the importer\r\n\r\nWhat is in your way?\r\n- staging\r\n\r\nWhat did Bo ship?\r\n"), o)
	if len(m.Sections) < 2 || m.Sections[0].Kind != Done || m.Sections[0].Items[0] != "the importer" || m.Sections[1].Kind != Blockers {
		t.Errorf("sections %+v", m.Sections)
	}
	if len(m.Blockers) != 1 || m.Blockers[0] != "staging" {
		t.Errorf("blockers %q", m.Blockers)
	}
}
