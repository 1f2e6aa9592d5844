package gateway

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/internal/testenv"
)

// scrape fetches url and returns the body.
func scrape(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// metricValue returns the value of the sample named series (with its
// labels exactly as exposed), or 0 when absent.
func metricValue(t *testing.T, body, series string) float64 {
	t.Helper()
	re := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`)
	m := re.FindStringSubmatch(body)
	if m == nil {
		return 0
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

const adminConfig = testenv.TwoTeams + `
[admin]
listen = "127.0.0.1:0"
`

// TestMetricsMoveAsMailArrives scrapes /metrics before and after mail
// arrives over SMTP: accepted, refused by reason, auto-mail and the
// commit histogram move; queue depth and the Go runtime are exposed.
func TestMetricsMoveAsMailArrives(t *testing.T) {
	cfg := testenv.Config(t, adminConfig)
	tg := newTestGateway(t, cfg, testenv.Quiet)
	tg.Start(t)
	url := "http://" + tg.AdminAddr() + "/metrics"
	code, before := scrape(t, url)
	if code != 200 {
		t.Fatalf("/metrics: %d\n%s", code, before)
	}
	for _, want := range []string{"baton_outbound_queue_depth 0", "baton_smtp_up 1", "baton_imap_lag_seconds 0", "go_goroutines"} {
		if !strings.Contains(before, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	accepted := `baton_messages_accepted_total{class="update",source="smtp"}`
	if v := metricValue(t, before, accepted); v != 0 {
		t.Errorf("%s = %v before any mail", accepted, v)
	}
	for i, id := range []string{"m1@example.com", "m2@example.com", "m3@example.com"} {
		msg := testenv.Message("ana@example.com", "platform@baton.test", id, "Done:\r\n- item "+strconv.Itoa(i))
		if err := testenv.Send(tg.addr, "ana@example.com", []string{"platform@baton.test"}, msg); err != nil {
			t.Fatal(err)
		}
	}
	auto := "From: ana@example.com\r\nTo: platform@baton.test\r\nSubject: Out of office\r\nAuto-Submitted: auto-replied\r\nMessage-ID: <ooo@example.com>\r\n\r\nAway.\r\n"
	if err := testenv.Send(tg.addr, "ana@example.com", []string{"platform@baton.test"}, auto); err != nil {
		t.Fatal(err)
	}
	if err := testenv.Send(tg.addr, "eve@example.com", []string{"platform@baton.test"}, testenv.Message("eve@example.com", "platform@baton.test", "e@example.com", "hi")); err == nil {
		t.Fatal("a non-member's mail was accepted")
	}
	if err := testenv.Send(tg.addr, "chidi@example.com", []string{"platform@baton.test"}, testenv.Message("chidi@example.com", "platform@baton.test", "c@example.com", "hi")); err == nil {
		t.Fatal("mail to another team was accepted")
	}
	_, after := scrape(t, url)
	for series, want := range map[string]float64{
		accepted: 3,
		`baton_messages_accepted_total{class="auto",source="smtp"}`: 1,
		`baton_auto_mail_filtered_total`:                            1,
		`baton_messages_refused_total{reason="not_member"}`:         1,
		`baton_messages_refused_total{reason="not_on_team"}`:        1,
	} {
		if got := metricValue(t, after, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	if n := metricValue(t, after, "baton_store_commit_seconds_count"); n < 4 {
		t.Errorf("commit histogram counted %v commits, want at least 4", n)
	}
}

// TestAdminHealthz answers 200 while serving and 503 once the store
// is closed.
func TestAdminHealthz(t *testing.T) {
	tg := newTestGateway(t, testenv.Config(t, adminConfig), testenv.Quiet)
	tg.Start(t)
	base := "http://" + tg.AdminAddr()
	if code, body := scrape(t, base+"/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("/healthz: %d %q", code, body)
	}
	tg.db.Close()
	if code, body := scrape(t, base+"/healthz"); code != 503 || !strings.Contains(body, "store not writable") {
		t.Errorf("/healthz with the store closed: %d %q", code, body)
	}
}

// TestAdminOffByDefault: without [admin] nothing listens.
func TestAdminOffByDefault(t *testing.T) {
	tg := newTestGateway(t, testenv.Config(t, testenv.TwoTeams), testenv.Quiet)
	tg.Start(t)
	if a := tg.AdminAddr(); a != "" {
		t.Errorf("admin listening on %s without [admin]", a)
	}
}

// TestAdminHealthzIMAP: with [imap], /healthz turns 503 once the
// mailbox has gone unpolled for longer than the poller ever waits; here
// the server refuses every connection.
func TestAdminHealthzIMAP(t *testing.T) {
	t.Setenv("BATON_TEST_IMAP_PW", "secret")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close() // nothing listens here now
	tg := newTestGateway(t, testenv.Config(t, adminConfig+fmt.Sprintf("\n[imap]\naddress = %q\ntls = \"none\"\nusername = \"baton\"\npassword_env = \"BATON_TEST_IMAP_PW\"\n", closed)), testenv.Quiet)
	tg.Start(t)
	base := "http://" + tg.AdminAddr()
	if code, body := scrape(t, base+"/healthz"); code != 200 {
		t.Errorf("/healthz just after start: %d %q", code, body)
	}
	// Twice the poll interval (1m), as the README says, not 51 minutes.
	tg.clock.Advance(2 * time.Minute)
	if code, body := scrape(t, base+"/healthz"); code != 200 {
		t.Errorf("/healthz two minutes after start: %d %q", code, body)
	}
	tg.clock.Advance(time.Second)
	if code, body := scrape(t, base+"/healthz"); code != 503 || !strings.Contains(body, "imap mailbox INBOX not polled for 2m1s") {
		t.Errorf("/healthz after 2m1s without a poll: %d %q", code, body)
	}
}
