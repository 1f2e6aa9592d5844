package parser

import (
	"testing"
	"time"
)

func TestReturnDate(t *testing.T) {
	sent := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC) // a Monday
	for _, c := range []struct{ text, want string }{
		{"I am out of the office until 14 December.", "2026-12-14"},
		{"Out of office until Monday, December 14", "2026-12-14"},
		{"I'm away through Dec 11th and back after that.", "2026-12-12"},
		{"Back on 2027-01-04.", "2027-01-04"},
		{"I'm on leave till 4 Jan, with limited access to email.", "2027-01-04"},
		{"Ich bin bis zum 14.12. nicht im Büro.", "2026-12-14"},
		{"Ich bin bis einschließlich 11. Dezember abwesend.", "2026-12-12"},
		{"Ab dem 14. Dezember bin ich wieder erreichbar.", "2026-12-14"},
		{"Je suis absente jusqu'au 14 décembre inclus.", "2026-12-15"},
		{"De retour le lundi 14 décembre.", "2026-12-14"},
		{"Estoy fuera de la oficina hasta el 14 de diciembre.", "2026-12-14"},
		{"Estou de férias até dia 14/12.", "2026-12-14"},
		{"Sono fuori ufficio fino al 14 dicembre.", "2026-12-14"},
		{"Ik ben afwezig tot en met 11 december.", "2026-12-12"},
		{"Ik ben terug op 14-12.", ""}, // not a date form we read
		{"Out until 12/14.", "2026-12-14"},
		{"I'm out of the office with no fixed return.", ""},
		{"Out until 31 November.", ""},
	} {
		if got := returnDate(c.text, sent); got != c.want {
			t.Errorf("returnDate(%q) = %q, want %q", c.text, got, c.want)
		}
	}
	if got := returnDate("until 14 December", time.Time{}); got != "" {
		t.Errorf("without a Date a yearless date is not guessed: %q", got)
	}
	if got := returnDate("until 2 January", sent); got != "2027-01-02" {
		t.Errorf("a date before the message is next year's: %q", got)
	}
}

func TestParseOutOfOfficeReturn(t *testing.T) {
	raw := "From: Ana <ana@example.com>\r\nSubject: Automatic reply: status\r\nAuto-Submitted: auto-replied\r\nDate: Mon, 07 Dec 2026 09:00:00 +0000\r\n\r\nI am out of the office until 14 December.\r\n"
	m := Parse([]byte(raw), Options{})
	if !m.Auto || m.AutoReason != ReasonOutOfOffice || m.Return != "2026-12-14" {
		t.Errorf("auto %v %q, return %q", m.Auto, m.AutoReason, m.Return)
	}
}
