package outmail

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-message/mail"
)

// TestComposeTransferEncoding checks that each part goes out 7bit when
// it can and quoted-printable when it cannot, and reads back as written.
func TestComposeTransferEncoding(t *testing.T) {
	long := strings.Repeat("x", maxLine+1)
	for _, tc := range []struct {
		name, text, html string
		want             []string // each part's Content-Transfer-Encoding
	}{
		{"ascii", "Done:\n- shipped\n", "<p>shipped &#183; ok</p>\n", []string{"7bit", "7bit"}},
		{"text only", "Done:\n- shipped\n", "", []string{"7bit"}},
		{"utf-8 text", "Zoë shipped — finally\n", "<p>Zo&#235;</p>", []string{"quoted-printable", "7bit"}},
		{"long line", long + "\nshort\n", "<p>" + long + "</p>", []string{"quoted-printable", "quoted-printable"}},
		// quoted-printable makes a bare CR a line break
		{"carriage return", "a\rb\n", "", []string{"quoted-printable"}},
		{"longest line", strings.Repeat("y", maxLine) + "\n", "", []string{"7bit"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw, err := Compose(Message{
				From: "Baton <baton@baton.test>", To: "zoe@example.com", ReplyTo: "platform+tok@baton.test",
				Subject: "[Équipe] Tue 24 Nov — 1 update", Text: tc.text, HTML: tc.html,
				MessageID: "d.1@baton.test", Date: time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC),
				Header: map[string]string{"List-Id": "Platform <platform.baton.test>"},
			})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(raw, []byte("From: ")) {
				t.Errorf("the header does not start with From: %.40q", raw)
			}
			for _, line := range bytes.Split(raw, []byte("\r\n")) {
				if len(line) > maxLine || bytes.ContainsAny(line, "\r\n") {
					t.Fatalf("line of %d bytes, or a bare CR or LF: %.60q", len(line), line)
				}
			}
			r, err := mail.CreateReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			if subj, _ := r.Header.Subject(); subj != "[Équipe] Tue 24 Nov — 1 update" {
				t.Errorf("Subject %q", subj)
			}
			if id, _ := r.Header.MessageID(); id != "d.1@baton.test" {
				t.Errorf("Message-ID %q", id)
			}
			if to, _ := r.Header.AddressList("Reply-To"); len(to) != 1 || to[0].Address != "platform+tok@baton.test" {
				t.Errorf("Reply-To %v", to)
			}
			for _, k := range []string{"Auto-Submitted", "List-Id", "MIME-Version"} {
				if r.Header.Get(k) == "" {
					t.Errorf("no %s", k)
				}
			}
			bodies := []string{tc.text, tc.html}
			var got []string
			for i := 0; ; i++ {
				p, err := r.NextPart()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, p.Header.Get("Content-Transfer-Encoding"))
				b, _ := io.ReadAll(p.Body)
				want := strings.ReplaceAll(strings.ReplaceAll(bodies[i], "\r", "\n"), "\n", "\r\n")
				if string(b) != want {
					t.Errorf("part %d reads back as %.80q, want %.80q", i, b, want)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("transfer encodings %v, want %v", got, tc.want)
			}
		})
	}
}
