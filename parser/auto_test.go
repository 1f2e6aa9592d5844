package parser

import (
	"strings"
	"testing"
)

// TestAutoReason: header signals decide as before; a subject phrase
// alone classifies only mail without update structure, and ordinary
// words at the start of a subject are not out-of-office phrases.
func TestAutoReason(t *testing.T) {
	const update = "Done:\n- Billing tests added\n\nNext:\n- Review with Bo\n"
	const prose = "I am out until Monday and will read my mail then.\n"
	cases := []struct {
		name, from, subject, header, body string
		want                              string
	}{
		{"absence of tests is an update", "ana@example.com", "Absence of tests in billing: update", "", update, ""},
		{"absence of tests in prose is mail", "ana@example.com", "Absence of tests in billing", "", "We have none for the export path.\n", ""},
		{"assente venerdì with sections", "giulia@example.it", "Assente venerdì", "", "Fatto:\n- Rilascio 5.3\n\nProssimi passi:\n- Test\n", ""},
		{"poissa huomenna with sections", "aino@example.fi", "Poissa huomenna", "", "Tehty:\n- Lokit\n\nHuomenna:\n- Hälytykset\n", ""},
		{"out of office with a question", "ana@example.com", "Out of office Friday", "", "Questions:\n- Can Bo cover the release?\n", ""},
		{"real ooo subject and prose", "ana@example.com", "Out of Office: back Monday", "", prose, ReasonOutOfOffice},
		{"assente prose only", "giulia@example.it", "Assente venerdì", "", "Sono fuori ufficio, rispondo lunedì.\n", ReasonOutOfOffice},
		{"poissa prose only", "aino@example.fi", "Poissa huomenna", "", "Vastaan maanantaina.\n", ReasonOutOfOffice},
		{"abwesend bis", "jonas@example.de", "Abwesend bis 3.12.", "", "Ich bin ab Montag wieder da.\n", ReasonOutOfOffice},
		{"absent alone", "ana@example.com", "Absent", "", prose, ReasonOutOfOffice},
		{"absentee is a word", "ana@example.com", "Absentee ballots for the offsite", "", prose, ""},
		{"header decides over structure", "ana@example.com", "Re: check-in", "Auto-Submitted: auto-replied\r\n", update, ReasonOutOfOffice},
		{"x-autoreply decides", "ana@example.com", "Re: check-in", "X-Autoreply: yes\r\n", update, ReasonOutOfOffice},
		{"precedence bulk decides", "ana@example.com", "Weekly report", "Precedence: bulk\r\n", update, ReasonBulk},
		{"exchange suppress decides", "ana@example.com", "Re: check-in", "X-Auto-Response-Suppress: All\r\n", prose, ReasonAutoSubmitted},
		{"bounce subject from a person with sections", "ana@example.com", "Delivery failure of the EU exports", "", update, ""},
		{"bounce subject without structure", "ana@example.com", "Undelivered Mail Returned to Sender", "", "The mail system could not deliver it.\n", ReasonBounce},
		{"bounce sender decides", "mailer-daemon@example.com", "Delivery failure", "", update, ReasonBounce},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw := "From: " + c.from + "\r\nTo: team@baton.example.com\r\nSubject: " + c.subject + "\r\n" + c.header +
				"Content-Type: text/plain; charset=utf-8\r\n\r\n" + strings.ReplaceAll(c.body, "\n", "\r\n")
			m := Parse([]byte(raw), testOptions)
			if m.AutoReason != c.want || m.Auto != (c.want != "") {
				t.Errorf("AutoReason = %q (Auto %v), want %q", m.AutoReason, m.Auto, c.want)
			}
		})
	}
}
