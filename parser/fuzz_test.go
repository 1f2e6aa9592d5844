package parser

import (
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzParse checks Parse's promises on any input: no panic (Parse's
// recover would report one as a warning), valid UTF-8 out, and every
// section kind one of the six.
func FuzzParse(f *testing.F) {
	for _, file := range corpus(f) {
		raw, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m := parseWithin(t, raw, 10*time.Second)
		for _, w := range m.Warnings {
			if w == "internal parser error" {
				t.Fatalf("Parse panicked")
			}
		}
		if !utf8.ValidString(m.Body) || !utf8.ValidString(m.Subject) || !utf8.ValidString(m.From.Name) {
			t.Errorf("invalid UTF-8 in result")
		}
		for _, s := range m.Sections {
			if !validKind(s.Kind) {
				t.Errorf("section kind %q", s.Kind)
			}
			if len(s.Items) == 0 {
				t.Errorf("empty section %q", s.Title)
			}
		}
	})
}

// parseWithin parses raw, failing the test if Parse does not return in
// time: a hang is a bug the fuzzer should keep as a crasher.
func parseWithin(t *testing.T, raw []byte, d time.Duration) *Message {
	t.Helper()
	done := make(chan *Message, 1)
	go func() { done <- Parse(raw, testOptions) }()
	select {
	case m := <-done:
		return m
	case <-time.After(d):
		t.Fatalf("Parse did not return within %v", d)
		return nil
	}
}

// FuzzTrim checks that trim never panics, keeps valid UTF-8 valid, and
// only removes text: every kept line comes from the input.
func FuzzTrim(f *testing.F) {
	for _, c := range trimCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := trim(in, "").text
		// trim drops NUL and CR bytes; lines come from what is left.
		in = strings.NewReplacer("\x00", "", "\r", "\n").Replace(in)
		if utf8.ValidString(in) && !utf8.ValidString(out) {
			t.Errorf("trim made invalid UTF-8")
		}
		for _, line := range strings.Split(out, "\n") {
			if line != "" && !strings.Contains(in, line) {
				t.Errorf("trim invented line %q", line)
			}
		}
	})
}
