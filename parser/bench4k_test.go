package parser

import (
	"fmt"
	"html"
	"strings"
	"testing"
)

// statusBody is the text of a list-heavy status reply of about 3 KB:
// a greeting, five headed sections with 36 bullets (some wrapped over
// two lines), a decision and a question, a sign-off and a signature.
func statusBody() string {
	var b strings.Builder
	b.WriteString("Hi team,\n\nHere is my update for the week.\n\n")
	section := func(title string, items []string) {
		b.WriteString(title + "\n")
		for _, it := range items {
			b.WriteString("- " + it + "\n")
		}
		b.WriteString("\n")
	}
	var done []string
	for i := range 14 {
		if i%4 == 1 {
			done = append(done, fmt.Sprintf("Migrated billing shard %02d to the new ledger; totals match\n  to the cent and the old tables are archived.", i))
			continue
		}
		done = append(done, fmt.Sprintf("Shard %02d: %d of %d invoices checked against the ledger export, totals match and no orphans found.", i, 1000+i*37, 1000+i*37))
	}
	section("Done:", done)
	var next []string
	for i := range 12 {
		if i%5 == 2 {
			next = append(next, fmt.Sprintf("Backfill batch %d of the 2024 invoices, starting with the EU\n  shard, then APAC once the replica catches up.", i))
			continue
		}
		next = append(next, fmt.Sprintf("Review runbook step %d (rollback of a half-finished migration) with Bo before Thursday.", i+1))
	}
	section("## Next", next)
	section("**Blockers**", []string{
		"Need read access to the archive bucket; asked infra on Monday.",
		"Staging replica lags by 40 minutes during the nightly export,\n  which stalls the backfill.",
		"Waiting on the new API keys from the payments provider.",
	})
	section("Decisions:", []string{
		"Decision: keep the old ledger read-only for 30 days because finance wants to compare month-end numbers.",
		"We decided to run backfills at night only.",
	})
	section("Questions:", []string{
		"@dana can we move the retro to Friday?",
		"Ana, do you still need the CSV export of the EU shard?",
		"Is the audit log in scope for this quarter?",
	})
	b.WriteString("Thanks,\nChidi\n\n-- \nChidi Okafor | Billing platform\n+1 555 0100\n")
	return b.String()
}

// quotedHistory is the short quoted previous message under the reply.
const quotedHistory = "On Mon, 23 Nov 2026 at 09:00, Baton <digest@baton.test> wrote:\n" +
	"> Good morning! Reply to this email with your status update.\n" +
	"> Use Done, Next and Blockers, or just write.\n" +
	">\n> Yesterday's digest: 4 updates, 2 blockers.\n"

// message4KB builds a status reply of about 4 KB: plain text, or
// multipart/alternative with the same text and an HTML variant.
func message4KB(multipart bool) []byte {
	text := strings.ReplaceAll(statusBody()+"\n"+quotedHistory, "\n", "\r\n")
	var b strings.Builder
	b.WriteString("From: Chidi Okafor <chidi@example.com>\r\nTo: Platform <platform@baton.test>\r\n" +
		"Subject: Re: Status for Monday\r\nDate: Tue, 24 Nov 2026 16:42:07 +0000\r\n" +
		"Message-ID: <bench-4k@example.com>\r\nIn-Reply-To: <digest-1@baton.test>\r\n" +
		"References: <digest-1@baton.test>\r\nMIME-Version: 1.0\r\n")
	if !multipart {
		b.WriteString("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
		b.WriteString(text)
		return []byte(b.String())
	}
	b.WriteString("Content-Type: multipart/alternative; boundary=\"b4k\"\r\n\r\n" +
		"--b4k\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(text)
	b.WriteString("\r\n--b4k\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<div dir=\"ltr\">")
	for _, p := range strings.Split(statusBody(), "\n\n") {
		lines := strings.Split(strings.TrimSpace(p), "\n")
		if strings.HasPrefix(lines[len(lines)-1], "- ") || strings.HasPrefix(lines[len(lines)-1], "  ") {
			b.WriteString("<p>" + html.EscapeString(lines[0]) + "</p><ul>")
			for _, l := range lines[1:] {
				b.WriteString("<li>" + html.EscapeString(strings.TrimPrefix(l, "- ")) + "</li>")
			}
			b.WriteString("</ul>\r\n")
			continue
		}
		b.WriteString("<p>" + html.EscapeString(strings.Join(lines, " ")) + "</p>\r\n")
	}
	b.WriteString("</div><br><div class=\"gmail_quote\">" + html.EscapeString(strings.Split(quotedHistory, "\n")[0]) +
		"<blockquote>Good morning! Reply to this email with your status update.</blockquote></div>\r\n--b4k--\r\n")
	return []byte(b.String())
}

// BenchmarkParse4KB parses one list-heavy status reply of about 4 KB,
// as plain text and as multipart/alternative with an HTML variant, and
// reports messages per second.
func BenchmarkParse4KB(b *testing.B) {
	for _, bc := range []struct {
		name      string
		multipart bool
	}{{"text", false}, {"multipart", true}} {
		b.Run(bc.name, func(b *testing.B) {
			raw := message4KB(bc.multipart)
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				Parse(raw, testOptions)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "msgs/s")
		})
	}
}

// TestMessage4KB keeps the benchmark message realistic: about 4 KB,
// trimmed of its quote and signature, with every section found.
func TestMessage4KB(t *testing.T) {
	for _, multipart := range []bool{false, true} {
		raw := message4KB(multipart)
		if !multipart && (len(raw) < 3800 || len(raw) > 4400) {
			t.Errorf("text message is %d bytes, want about 4 KB", len(raw))
		}
		m := Parse(raw, testOptions)
		if strings.Contains(m.Body, "wrote:") || strings.Contains(m.Body, "Billing platform") {
			t.Errorf("multipart=%v: body not trimmed:\n%s", multipart, m.Body)
		}
		kinds := map[Kind]int{}
		for _, s := range m.Sections {
			kinds[s.Kind] += len(s.Items)
		}
		if kinds[Done] != 14 || kinds[Next] != 12 || kinds[Blockers] != 3 || kinds[Decisions] != 2 || kinds[Questions] != 3 {
			t.Errorf("multipart=%v: items per kind = %v", multipart, kinds)
		}
		if len(m.Decisions) != 2 || len(m.Questions) != 3 {
			t.Errorf("multipart=%v: decisions %v, questions %v", multipart, m.Decisions, m.Questions)
		}
	}
}
