package scheduler

import (
	"bytes"
	"flag"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/cryptotest"
	"time"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/parser"
	"github.com/baton-mail/baton/report"
	"github.com/baton-mail/baton/store"
)

var (
	update     = flag.Bool("update", false, "rewrite the README's example blocks with what the code renders")
	digestHTML = flag.String("digest-html", "", "write the README digest's HTML part to this file (scripts/digest-screenshot.sh)")
)

// readmeExample is a README block a test keeps true: the fenced block
// after the line "<!-- example: NAME -->".
var readmeExample = regexp.MustCompile("(?s)(<!-- example: ([a-z]+) -->\n```[a-z]*\n)(.*?)(```\n)")

// TestREADMEExamples files a short day of the example team's mail, as
// the README's config and commands would, at fixed instants, and
// compares the prompt, the digest and `baton status` it renders with
// the README's example blocks. With -update it rewrites the blocks.
func TestREADMEExamples(t *testing.T) {
	// The reply-token key is the store's first random bytes: seeded, the
	// reply addresses are the same on every run.
	cryptotest.SetGlobalRandom(t, 1)
	src, err := os.ReadFile("../baton.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	cfg := testenv.Config(t, strings.Replace(string(src), `listen = "127.0.0.1:2525"`, `listen = "127.0.0.1:0"`, 1))
	// Monday 2026-11-23, 16:05 in Lisbon (UTC).
	start := time.Date(2026, 11, 23, 16, 5, 0, 0, time.UTC)
	ts := newTestScheduler(t, cfg, start)
	for _, m := range []struct {
		after time.Duration
		msg   string
	}{
		{0, "From: Ana Souza <ana@example.com>\r\nTo: platform@baton.example.com\r\nSubject: Monday\r\nMessage-ID: <m1@example.com>\r\n\r\n" +
			"Done:\r\n- billing migration\r\n\r\nNext:\r\n- invoice export\r\n\r\nBlockers:\r\n- staging DB is read-only, @bo can you look?\r\n"},
		{5 * time.Hour, "From: Dana Kim <dana@example.com>\r\nTo: platform@baton.example.com\r\nSubject: Re: Monday\r\nMessage-ID: <m2@example.com>\r\nIn-Reply-To: <m1@example.com>\r\n\r\n" +
			"Done:\r\n- load test of the new API, p99 180 ms\r\n\r\nDecisions:\r\n- Keep Postgres 16 for the launch because the upgrade needs a freeze\r\n\r\nQuestions:\r\n- Can we drop Node 18 this sprint?\r\n"},
	} {
		ts.clock.Advance(m.after)
		if _, err := ts.filer.File([]byte(m.msg)); err != nil {
			t.Fatal(err)
		}
	}
	bo := cfg.Member("bo@example.com")
	got := map[string]string{}
	for _, kind := range []string{config.KindDigest, config.KindPrompt} {
		for _, j := range plan(cfg, ts.clock.Now()) {
			if j.kind != kind || j.member != bo || j.team.Address != "platform" {
				continue
			}
			ts.clock.Advance(j.next.Sub(ts.clock.Now()))
			if failed := ts.runDue(cfg, []*job{j}, j.next); len(failed) > 0 {
				t.Fatalf("%s for Bo not queued", kind)
			}
			text, html := queuedMessage(t, ts.db, kind, bo.Email)
			got[kind] = text
			if kind == config.KindDigest && *digestHTML != "" {
				if err := os.WriteFile(*digestHTML, []byte(html), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	s, err := report.BuildStatus(cfg, ts.db, ts.clock.Now().Add(5*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := s.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	got["status"] = b.String()
	checkREADME(t, "../README.md", got)
}

// queuedMessage returns the subject and text part, and the HTML part,
// of the one message of kind queued for rcpt.
func queuedMessage(t *testing.T, db *store.DB, kind, rcpt string) (text, html string) {
	t.Helper()
	var id uint64
	err := db.ListOutbound(func(o *store.Outbound) bool {
		if o.Kind == kind && o.To[0] == rcpt {
			id = o.ID
		}
		return true
	})
	if err != nil || id == 0 {
		t.Fatalf("no %s queued for %s: %v", kind, rcpt, err)
	}
	raw, err := db.OutboundRaw(id)
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	_, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var r io.Reader = p
		if p.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
			r = quotedprintable.NewReader(p)
		}
		body, err := io.ReadAll(r)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.ReplaceAll(string(body), "\r\n", "\n")
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") {
			html = s
		} else {
			text = "Subject: " + subject + "\n\n" + s
		}
	}
	return text, html
}

// checkREADME compares each example block of the README with got, or
// rewrites the blocks with -update.
func checkREADME(t *testing.T, path string, got map[string]string) {
	t.Helper()
	readme, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	out := readmeExample.ReplaceAllStringFunc(string(readme), func(block string) string {
		m := readmeExample.FindStringSubmatch(block)
		name, want := m[2], m[3]
		seen[name] = true
		g, ok := got[name]
		if !ok {
			t.Errorf("README example %q: no such example; use one of digest, prompt, status", name)
			return block
		}
		g = strings.TrimRight(g, "\n") + "\n"
		if !*update && g != want {
			t.Errorf("README example %q differs from what Baton renders (go test ./gateway -run TestREADMEExamples -update)\n--- README\n%s--- rendered\n%s", name, want, g)
		}
		return m[1] + g + m[4]
	})
	for name := range got {
		if !seen[name] {
			t.Errorf("README has no <!-- example: %s --> block", name)
		}
	}
	if *update && out != string(readme) {
		if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestREADMEUrgent: each way the README gives to mark mail urgent does,
// and a plain update is not.
func TestREADMEUrgent(t *testing.T) {
	for _, tc := range []struct {
		name, header, body string
		want               bool
	}{
		{"subject tag", "Subject: [urgent] staging is down", "Blockers:\r\n- staging DB refuses writes", true},
		{"subject prefix", "Subject: Urgent: staging is down", "x", true},
		{"body line", "Subject: Monday", "Done:\r\n- x\r\n\r\nUrgent: staging is down", true},
		{"body list item", "Subject: Monday", "Blockers:\r\n- Urgent: staging is down", true},
		{"Importance", "Subject: Monday\r\nImportance: high", "x", true},
		{"Priority", "Subject: Monday\r\nPriority: urgent", "x", true},
		{"X-Priority 2", "Subject: Monday\r\nX-Priority: 2 (High)", "x", true},
		{"plain", "Subject: Monday", "Done:\r\n- not urgent at all", false},
	} {
		raw := "From: ana@example.com\r\nTo: platform@baton.example.com\r\n" + tc.header + "\r\n\r\n" + tc.body + "\r\n"
		if got := parser.Parse([]byte(raw), parser.Options{}).Urgent; got != tc.want {
			t.Errorf("%s: urgent %v, want %v", tc.name, got, tc.want)
		}
	}
}
