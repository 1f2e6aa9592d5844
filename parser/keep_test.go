package parser

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// keepCases are messages trimming used to empty: the sender's
// unquoted text must survive, with a warning when only the safety net
// kept it.
var keepCases = []struct {
	name, text, want string
}{
	{"only a sign-off", "Thanks,\nAna\n\nOn Mon, 23 Nov 2026 at 09:00, Baton <b@x.com> wrote:\n> hello", "Thanks,"},
	{"only a footer-like line", "Sent from the train, more later.\n\n> hello", "Sent from the train, more later."},
}

func TestKeepUnquoted(t *testing.T) {
	for _, c := range keepCases {
		t.Run(c.name, func(t *testing.T) {
			m := &Message{Body: ""}
			keepUnquoted(m, c.text)
			if !strings.HasPrefix(m.Body, c.want) {
				t.Errorf("body = %q, want it to start with %q", m.Body, c.want)
			}
		})
	}
	m := &Message{}
	keepUnquoted(m, "On Mon, Baton <b@x.com> wrote:\n> only quotes\n")
	if m.Body != "" || len(m.Warnings) != 0 {
		t.Errorf("quoted-only text: body %q, warnings %q", m.Body, m.Warnings)
	}
}

// TestNoEmptyBody parses every message in testdata: where the decoded
// text has a line that is neither quoted nor blank, the body must not
// come out empty.
func TestNoEmptyBody(t *testing.T) {
	var files []string
	for _, pat := range []string{"testdata/*.eml", "testdata/extra/*.eml", "testdata/holdout/*.eml", "testdata/corpus/*.eml"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var scratch Message
		_, _, text := decode(raw, &scratch)
		if len(unquotedLines(text)) == 0 {
			continue
		}
		if m := Parse(raw, testOptions); strings.TrimSpace(m.Body) == "" {
			t.Errorf("%s: body empty though the text has unquoted lines", file)
		}
	}
}
