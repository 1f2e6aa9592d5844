package parser

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Reply-reading floors on testdata/corpus: the share of
// messages whose new text is kept exactly, and the F1 of their section
// items.
const (
	corpusBodyFloor    = 0.97
	corpusSectionFloor = 0.97
)

// corpusMessage is one message of testdata/corpus with its want file,
// labelled by the rules of testdata/holdout/README.md.
type corpusMessage struct {
	name string
	raw  []byte
	want holdoutWant
}

func readCorpus(t testing.TB) []corpusMessage {
	t.Helper()
	msgs := readLabelled(t, "testdata/corpus")
	if len(msgs) == 0 {
		t.Fatal("no corpus in testdata/corpus")
	}
	return msgs
}

// readLabelled reads the messages of dir, each NAME.eml with its
// expected result in NAME.want.json.
func readLabelled(t testing.TB, dir string) []corpusMessage {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.eml"))
	if err != nil {
		t.Fatal(err)
	}
	out := make([]corpusMessage, 0, len(files))
	for _, file := range files {
		name := strings.TrimSuffix(file, ".eml")
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		wb, err := os.ReadFile(name + ".want.json")
		if err != nil {
			t.Fatal(err)
		}
		c := corpusMessage{name: filepath.Base(name), raw: raw}
		if err := json.Unmarshal(wb, &c.want); err != nil {
			t.Fatalf("%s.want.json: %v", name, err)
		}
		out = append(out, c)
	}
	return out
}

// sectionPairs lists "kind: item" for every item, white space
// normalised, sorted.
func sectionPairs(m *Message) []string {
	var out []string
	for _, s := range m.Sections {
		for _, it := range s.Items {
			out = append(out, string(s.Kind)+": "+normSpace(it))
		}
	}
	sort.Strings(out)
	return out
}

// wantPairs is sectionPairs of an expected result.
func wantPairs(w holdoutWant) []string {
	var out []string
	for _, s := range w.Sections {
		for _, it := range s.Items {
			out = append(out, string(s.Kind)+": "+normSpace(it))
		}
	}
	sort.Strings(out)
	return out
}

// overlap counts the pairs two sorted lists share, as multisets.
func overlap(a, b []string) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// TestCorpus measures reply reading on testdata/corpus: exact new text
// (white space normalised) and section F1 over all items, each held
// above its floor; and no message whose unquoted text comes out empty.
func TestCorpus(t *testing.T) {
	msgs := readCorpus(t)
	exact, tp, got, want := 0, 0, 0, 0
	for _, c := range msgs {
		m := Parse(c.raw, testOptions)
		if normSpace(m.Body) == normSpace(c.want.Body) {
			exact++
		} else {
			t.Logf("%s: body\n got %q\nwant %q", c.name, m.Body, c.want.Body)
		}
		if c.want.Body != "" && strings.TrimSpace(m.Body) == "" {
			t.Errorf("%s: body empty, want %q", c.name, c.want.Body)
		}
		wp, gp := wantPairs(c.want), sectionPairs(m)
		n := overlap(wp, gp)
		tp, got, want = tp+n, got+len(gp), want+len(wp)
		if n != len(wp) || n != len(gp) {
			t.Logf("%s: sections\n got %q\nwant %q", c.name, gp, wp)
		}
		checkDecisionsVerbatim(t, c.name, m)
	}
	body := float64(exact) / float64(len(msgs))
	p, r := float64(tp)/float64(max(got, 1)), float64(tp)/float64(max(want, 1))
	f1 := 2 * p * r / max(p+r, 1e-9)
	t.Logf("corpus: %d messages, new text exact %d (%.1f%%), sections F1 %.3f (precision %.3f, recall %.3f)",
		len(msgs), exact, 100*body, f1, p, r)
	if body < corpusBodyFloor || f1 < corpusSectionFloor {
		t.Errorf("corpus under the floor: new text %.1f%% (floor %.0f%%), sections F1 %.3f (floor %.2f)",
			100*body, 100*corpusBodyFloor, f1, corpusSectionFloor)
	}
}

// checkDecisionsVerbatim fails when a decision says what the body does
// not: the parser never invents or translates text.
func checkDecisionsVerbatim(t *testing.T, name string, m *Message) {
	t.Helper()
	body := normSpace(m.Body)
	seen := map[string]bool{}
	for _, d := range m.Decisions {
		for _, s := range []string{d.Text, d.Rationale} {
			if s != "" && !strings.Contains(body, normSpace(lowerFirst(s))) && !strings.Contains(body, normSpace(s)) {
				t.Errorf("%s: decision text %q is not in the body", name, s)
			}
		}
		if seen[d.Text] {
			t.Errorf("%s: decision %q filed twice", name, d.Text)
		}
		seen[d.Text] = true
	}
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToLower(r)) + s[n:]
}

// BenchmarkParseReplies parses every message of testdata/corpus (the
// reply mix) per iteration and reports messages per second.
func BenchmarkParseReplies(b *testing.B) {
	msgs := readCorpus(b)
	size := 0
	for _, c := range msgs {
		size += len(c.raw)
	}
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, c := range msgs {
			Parse(c.raw, testOptions)
		}
	}
	b.ReportMetric(float64(b.N*len(msgs))/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64(size)/float64(len(msgs)), "bytes/msg")
}
