package outmail

import (
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
)

// TestHeaderSafe: control characters from a member's text never reach
// a header Baton writes, encoded or not.
func TestHeaderSafe(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Tuesday", "Tuesday"},
		{"Tue\vsday", "Tue sday"},
		{"red \x1b[31malert", "red [31malert"},
		{"two\nlines\r\nhere", "two lines here"},
		{"c1 \u0085next \u009bline", "c1 next line"},
		{"tab\tand\x00nul\x7fdel", "tab and nul del"},
		{"Zoë — fine", "Zoë — fine"},
	} {
		if got := headerSafe(tc.in); got != tc.want {
			t.Errorf("headerSafe(%q) = %q; want %q", tc.in, got, tc.want)
		}
	}
	raw, err := Compose(Message{
		From: "Baton <baton@baton.test>", To: "bo@example.com",
		Subject: "[Platform] Urgent from Ana: db\vdown\x1b[2J\nBcc: x@example.com\u0085", Text: "body\n",
		MessageID: "u.1@baton.test", Date: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC),
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := mail.CreateReader(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	subj, _ := r.Header.Subject()
	if want := "[Platform] Urgent from Ana: db down [2J Bcc: x@example.com"; subj != want {
		t.Errorf("subject %q; want %q", subj, want)
	}
	if r.Header.Get("Bcc") != "" {
		t.Error("a header was injected")
	}
}
