package mbox

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func readAll(t testing.TB, in string) ([]string, error) {
	t.Helper()
	r := NewReader(strings.NewReader(in))
	var out []string
	for {
		m, err := r.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, string(m))
	}
}

func TestReader(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   string
		want []string
		err  error
	}{
		{"empty file", "", nil, nil},
		{"one message", "From a@b Mon Nov 23 09:00:00 2026\nSubject: x\n\nbody\n", []string{"Subject: x\n\nbody\n"}, nil},
		{"two messages, separator dropped", "From a Mon Nov 23 09:00:00 2026\nS: 1\n\nb1\n\nFrom b Mon Nov 23 09:00:00 2026\nS: 2\n\nb2\n\n",
			[]string{"S: 1\n\nb1\n", "S: 2\n\nb2\n"}, nil},
		{"RFC 4155 quoting undone", "From a Mon Nov 23 09:00:00 2026\nS: 1\n\n>From here\n>>From there\n> From not\n",
			[]string{"S: 1\n\nFrom here\n>From there\n> From not\n"}, nil},
		{"From inside a paragraph does not split", "From a Mon Nov 23 09:00:00 2026\nS: 1\n\nline\nFrom me, hi\n",
			[]string{"S: 1\n\nline\nFrom me, hi\n"}, nil},
		{"CRLF kept", "From a Mon Nov 23 09:00:00 2026\r\nS: 1\r\n\r\nb\r\n\r\nFrom b Mon Nov 23 09:00:00 2026\r\nS: 2\r\n",
			[]string{"S: 1\r\n\r\nb\r\n", "S: 2\r\n"}, nil},
		{"leading blank lines", "\n\nFrom a Mon Nov 23 09:00:00 2026\nS: 1\n", []string{"S: 1\n"}, nil},
		{"no final newline", "From a Mon Nov 23 09:00:00 2026\nS: 1", []string{"S: 1"}, nil},
		{"not an mbox", "Subject: x\n\nbody\n", nil, ErrNotMbox},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readAll(t, tc.in)
			if !errors.Is(err, tc.err) {
				t.Fatalf("err %v, want %v", err, tc.err)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestReaderLongLine(t *testing.T) {
	long := strings.Repeat("x", 200<<10)
	got, err := readAll(t, "From a Mon Nov 23 09:00:00 2026\nS: 1\n\n"+long+"\n\nFrom b Mon Nov 23 09:00:00 2026\nS: 2\n")
	if err != nil || len(got) != 2 || got[0] != "S: 1\n\n"+long+"\n" {
		t.Fatalf("%d messages, %v", len(got), err)
	}
}

// roundTrip writes msgs and reads them back.
func roundTrip(t testing.TB, msgs [][]byte) [][]byte {
	var buf bytes.Buffer
	w := NewWriter(&buf)
	for _, m := range msgs {
		if err := w.Write("ana@example.com", time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), m); err != nil {
			t.Fatal(err)
		}
	}
	r := NewReader(&buf)
	var out [][]byte
	for {
		m, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatalf("read back: %v\n%q", err, buf.String())
		}
		out = append(out, m)
	}
}

// FuzzRoundTrip: whatever LF-terminated, non-empty messages the Writer
// writes, the Reader returns exactly, however they quote "From ".
func FuzzRoundTrip(f *testing.F) {
	f.Add("Subject: a\n\nFrom me\n>From you\n", "S: b\n\n\n")
	f.Add("x\n", "From \n")
	f.Fuzz(func(t *testing.T, a, b string) {
		var msgs [][]byte
		for _, s := range []string{a, b} {
			s = strings.ReplaceAll(s, "\r", "")
			if s == "" || !strings.HasSuffix(s, "\n") {
				s += "\n"
			}
			msgs = append(msgs, []byte(s))
		}
		got := roundTrip(t, msgs)
		if len(got) != len(msgs) {
			t.Fatalf("wrote %d messages, read %d: %q", len(msgs), len(got), got)
		}
		for i := range msgs {
			if !bytes.Equal(got[i], msgs[i]) {
				t.Errorf("message %d: got %q want %q", i, got[i], msgs[i])
			}
		}
	})
}

// FuzzReader: any input reads to the end without panic, and the
// messages never hold more bytes than the input.
func FuzzReader(f *testing.F) {
	f.Add("From a Mon Nov 23 09:00:00 2026\nS: 1\n\nb\n\nFrom b x\n>From\n")
	f.Add("\n\nFrom \n")
	f.Fuzz(func(t *testing.T, in string) {
		r := NewReader(strings.NewReader(in))
		total := 0
		for i := 0; ; i++ {
			m, err := r.Next()
			if err != nil {
				break
			}
			total += len(m)
			if i > len(in)+1 {
				t.Fatal("more messages than bytes")
			}
		}
		if total > len(in) {
			t.Fatalf("read %d bytes from %d", total, len(in))
		}
	})
}
