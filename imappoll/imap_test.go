package imappoll

import (
	"bytes"
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/baton-mail/baton/config"
	"github.com/baton-mail/baton/ingest"
	"github.com/baton-mail/baton/internal/clock/clocktest"
	"github.com/baton-mail/baton/internal/testcert"
	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/store"
)

const (
	imapTestUser     = "baton"
	imapTestPassword = "test-password"
)

var (
	// capsRev2 offers IDLE and MOVE; capsRev1 offers IDLE but no MOVE.
	capsRev2 = imap.CapSet{imap.CapIMAP4rev1: {}, imap.CapIMAP4rev2: {}}
	capsRev1 = imap.CapSet{imap.CapIMAP4rev1: {}}
)

// imapConfig is testenv.TwoTeams polling addr without TLS; extra is added to
// the [imap] table.
func imapConfig(t *testing.T, addr, extra string) *config.Config {
	return imapConfigFrom(t, testenv.TwoTeams, addr, extra)
}

func imapConfigFrom(t *testing.T, base, addr, extra string) *config.Config {
	t.Helper()
	pw := filepath.Join(t.TempDir(), "imap-password")
	if err := os.WriteFile(pw, []byte(imapTestPassword+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return testenv.Config(t, fmt.Sprintf("%s\n[imap]\naddress = %q\ntls = \"none\"\nusername = %q\npassword_file = %q\n%s\n", base, addr, imapTestUser, pw, extra))
}

// imapMsg is a message as a mail client writes it.
func imapMsg(from, id, subject string) []byte {
	s := fmt.Sprintf("From: %s\nTo: Platform <platform@baton.test>\nSubject: %s\nMessage-ID: <%s>\nDate: Mon, 23 Nov 2026 10:00:00 +0000\nContent-Type: text/plain; charset=utf-8\n\nDone:\n- %s\n\nNext:\n- more of it\n", from, subject, id, subject)
	return []byte(strings.ReplaceAll(s, "\n", "\r\n"))
}

// testPoller is a poller on a temp store, with the ingest path that
// files what it fetches.
type testPoller struct {
	*Poller
	db    *store.DB
	clock *clocktest.Fake
}

// newTestPoller opens a store in cfg's data dir and builds a poller on
// a fake clock at now (zero: the real clock).
func newTestPoller(t testing.TB, cfg *config.Config, now time.Time) *testPoller {
	t.Helper()
	e, c := testenv.Env(t, cfg, now)
	return &testPoller{Poller: New(e, ingest.New(e, nil)), db: e.DB, clock: c}
}

// newMemPoller is a poller on a fresh store whose commits m checks
// against.
func newMemPoller(t *testing.T, m *memIMAP, cfg *config.Config) *testPoller {
	t.Helper()
	tp := newTestPoller(t, cfg, time.Time{})
	m.mu.Lock()
	m.committed = func(msgID string, uid imap.UID) bool {
		if _, err := tp.db.Lookup(msgID); err != nil {
			return false
		}
		st, err := tp.db.GetIMAPState(cfg.IMAP.Mailbox)
		return err == nil && st.LastUID >= uint32(uid)
	}
	m.mu.Unlock()
	return tp
}

// startPoller runs Run until the returned stop is called or the
// test ends.
func startPoller(t *testing.T, pl *Poller) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		pl.Run(ctx)
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Error("Run did not return after its context ended")
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// imapStored lists the messages that came in by IMAP.
func imapStored(t *testing.T, db *store.DB) []*store.Message {
	t.Helper()
	var out []*store.Message
	err := db.ListMessages(0, func(m *store.Message) bool {
		if m.Envelope.Source == "imap" {
			out = append(out, m)
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func waitStored(t *testing.T, db *store.DB, n int) []*store.Message {
	t.Helper()
	var got []*store.Message
	testenv.WaitFor(t, fmt.Sprintf("%d messages stored", n), func() bool {
		got = imapStored(t, db)
		return len(got) >= n
	})
	return got
}

// mailboxFlags reads each message's flags over IMAP, read-only.
func mailboxFlags(t *testing.T, addr, user, password, mailbox string) map[imap.UID][]imap.Flag {
	t.Helper()
	c, err := imapclient.DialInsecure(addr, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login(user, password).Wait(); err != nil {
		t.Fatal(err)
	}
	sel, err := c.Select(mailbox, &imap.SelectOptions{ReadOnly: true}).Wait()
	if err != nil {
		t.Fatalf("select %s: %v", mailbox, err)
	}
	out := map[imap.UID][]imap.Flag{}
	if sel.NumMessages == 0 {
		return out
	}
	var all imap.SeqSet
	all.AddRange(1, 0)
	bufs, err := c.Fetch(all, &imap.FetchOptions{UID: true, Flags: true}).Collect()
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range bufs {
		out[b.UID] = b.Flags
	}
	c.Logout().Wait()
	return out
}

func (m *memIMAP) flags(t *testing.T, mailbox string) map[imap.UID][]imap.Flag {
	return mailboxFlags(t, m.addr, imapTestUser, imapTestPassword, mailbox)
}

// waitSeen waits until n messages in mailbox carry \Seen and none
// carries \Deleted.
func waitSeen(t *testing.T, flags func() map[imap.UID][]imap.Flag, n int) {
	t.Helper()
	testenv.WaitFor(t, fmt.Sprintf("%d messages marked \\Seen", n), func() bool {
		seen := 0
		for uid, fl := range flags() {
			if slices.Contains(fl, imap.FlagDeleted) {
				t.Fatalf("UID %d is flagged \\Deleted", uid)
			}
			if slices.Contains(fl, imap.FlagSeen) {
				seen++
			}
		}
		return seen == n
	})
}

func TestIMAPCatchUpThenIdle(t *testing.T) {
	m := startMemIMAP(t, capsRev2)
	for i := range 3 {
		m.add(imapMsg("Ana Souza <ana@example.com>", fmt.Sprintf("catchup-%d@example.com", i), fmt.Sprintf("shipped part %d", i)))
	}
	tp := newMemPoller(t, m, imapConfig(t, m.addr, ""))
	startPoller(t, tp.Poller)

	got := waitStored(t, tp.db, 3)
	waitSeen(t, func() map[imap.UID][]imap.Flag { return m.flags(t, "INBOX") }, 3)
	for i, msg := range got {
		if msg.Class != store.ClassUpdate || msg.Author != "ana@example.com" || msg.Team != "platform" {
			t.Errorf("message %d: class %q author %q team %q; want an update from ana on platform", i, msg.Class, msg.Author, msg.Team)
		}
		if want := fmt.Sprintf("catchup-%d@example.com", i); msg.MessageID != want {
			t.Errorf("message %d is %q; want %q (UID order)", i, msg.MessageID, want)
		}
	}

	// New mail while the poller idles: the EXISTS wakes it.
	testenv.WaitFor(t, "the poller to IDLE", func() bool { return m.idleCount() > 0 })
	uid := m.add(imapMsg("Bo Chen <bo@example.com>", "idle@example.com", "arrived during IDLE"))
	waitStored(t, tp.db, 4)
	waitSeen(t, func() map[imap.UID][]imap.Flag { return m.flags(t, "INBOX") }, 4)

	st, err := tp.db.GetIMAPState("INBOX")
	if err != nil {
		t.Fatal(err)
	}
	if st.LastUID != uint32(uid) || st.UIDValidity == 0 {
		t.Errorf("state %+v; want last UID %d and a UIDVALIDITY", st, uid)
	}
	for u := imap.UID(1); u <= uid; u++ {
		if n := m.fetchCount(u); n != 1 {
			t.Errorf("UID %d body fetched %d times; want 1", u, n)
		}
	}
}

func TestIMAPExactlyOnceAcrossRestart(t *testing.T) {
	m := startMemIMAP(t, capsRev2)
	m.add(imapMsg("Ana Souza <ana@example.com>", "r1@example.com", "one"))
	m.add(imapMsg("Bo Chen <bo@example.com>", "r2@example.com", "two"))
	tp := newMemPoller(t, m, imapConfig(t, m.addr, ""))

	stop := startPoller(t, tp.Poller)
	waitStored(t, tp.db, 2)
	waitSeen(t, func() map[imap.UID][]imap.Flag { return m.flags(t, "INBOX") }, 2)
	stop()

	st, err := tp.db.GetIMAPState("INBOX")
	if err != nil || st.LastUID != 2 {
		t.Fatalf("watermark after stop: %+v, %v; want last UID 2", st, err)
	}
	m.add(imapMsg("Dana Kim <dana@example.com>", "r3@example.com", "three"))
	m.add(imapMsg("Ana Souza <ana@example.com>", "r4@example.com", "four"))

	startPoller(t, tp.Poller)
	got := waitStored(t, tp.db, 4)
	waitSeen(t, func() map[imap.UID][]imap.Flag { return m.flags(t, "INBOX") }, 4)
	if len(got) != 4 {
		t.Errorf("%d messages stored; want 4", len(got))
	}
	for uid := imap.UID(1); uid <= 4; uid++ {
		if n := m.fetchCount(uid); n != 1 {
			t.Errorf("UID %d body fetched %d times across the restart; want 1", uid, n)
		}
	}
}

// TestIMAPNoMarkWithoutCommit breaks the store as the first message is
// fetched: the poller must leave the message unread on the server.
func TestIMAPNoMarkWithoutCommit(t *testing.T) {
	m := startMemIMAP(t, capsRev2)
	m.add(imapMsg("Ana Souza <ana@example.com>", "fail@example.com", "never committed"))
	tp := newMemPoller(t, m, imapConfig(t, m.addr, ""))
	var once sync.Once
	m.mu.Lock()
	m.onFetch = func() { once.Do(func() { tp.db.Close() }) }
	m.mu.Unlock()

	startPoller(t, tp.Poller)
	testenv.WaitFor(t, "the poller to give up the connection", func() bool {
		_, closed := m.counts()
		return closed >= 1
	})
	if marks, _ := m.counts(); marks != 0 {
		t.Errorf("%d STORE/MOVE/COPY commands after a failed commit; want none", marks)
	}
	for uid, fl := range m.flags(t, "INBOX") {
		if len(fl) != 0 {
			t.Errorf("UID %d has flags %v after a failed commit; want none", uid, fl)
		}
	}
}

func TestIMAPMoveTo(t *testing.T) {
	for _, tc := range []struct {
		name string
		caps imap.CapSet
		move bool
	}{
		{"move", capsRev2, true},
		{"copy without MOVE", capsRev1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := startMemIMAP(t, tc.caps)
			m.add(imapMsg("Ana Souza <ana@example.com>", "mv1@example.com", "one"))
			m.add(imapMsg("Bo Chen <bo@example.com>", "mv2@example.com", "two"))
			tp := newMemPoller(t, m, imapConfig(t, m.addr, `move_to = "Baton/Processed"`))
			startPoller(t, tp.Poller)

			waitStored(t, tp.db, 2)
			testenv.WaitFor(t, "2 messages in Baton/Processed", func() bool {
				st, err := m.user.Status("Baton/Processed", &imap.StatusOptions{NumMessages: true})
				return err == nil && *st.NumMessages == 2
			})
			for uid, fl := range m.flags(t, "Baton/Processed") {
				if slices.Contains(fl, imap.FlagDeleted) {
					t.Errorf("moved UID %d is flagged \\Deleted", uid)
				}
			}
			src := m.flags(t, "INBOX")
			if tc.move {
				if len(src) != 0 {
					t.Errorf("INBOX keeps %d messages after MOVE; want 0", len(src))
				}
				return
			}
			// Without MOVE the poller copies, then marks \Seen.
			testenv.WaitFor(t, "INBOX marked \\Seen", func() bool {
				src = m.flags(t, "INBOX")
				for _, fl := range src {
					if !slices.Contains(fl, imap.FlagSeen) {
						return false
					}
				}
				return true
			})
			if len(src) != 2 {
				t.Fatalf("INBOX has %d messages after COPY; want both kept", len(src))
			}
			for uid, fl := range src {
				if !slices.Contains(fl, imap.FlagSeen) || slices.Contains(fl, imap.FlagDeleted) {
					t.Errorf("INBOX UID %d flags %v; want \\Seen and never \\Deleted", uid, fl)
				}
			}
		})
	}
}

func TestIMAPUIDValidityChange(t *testing.T) {
	m := startMemIMAP(t, capsRev2)
	a := imapMsg("Ana Souza <ana@example.com>", "v1@example.com", "one")
	b := imapMsg("Bo Chen <bo@example.com>", "v2@example.com", "two")
	m.add(a)
	m.add(b)
	tp := newMemPoller(t, m, imapConfig(t, m.addr, ""))
	stop := startPoller(t, tp.Poller)
	waitStored(t, tp.db, 2)
	waitSeen(t, func() map[imap.UID][]imap.Flag { return m.flags(t, "INBOX") }, 2)
	stop()
	before, _ := tp.db.GetIMAPState("INBOX")

	// The mailbox is rebuilt (a server migration): same mail, new
	// UIDVALIDITY, and one message more.
	m.recreateInbox()
	m.add(b)
	m.add(a)
	m.add(imapMsg("Dana Kim <dana@example.com>", "v3@example.com", "three"))

	startPoller(t, tp.Poller)
	waitSeen(t, func() map[imap.UID][]imap.Flag { return m.flags(t, "INBOX") }, 3)
	got := imapStored(t, tp.db)
	if len(got) != 3 {
		t.Errorf("%d messages stored after the resync; want 3 (no duplicates)", len(got))
	}
	after, _ := tp.db.GetIMAPState("INBOX")
	if after.UIDValidity == before.UIDValidity || after.LastUID != 3 {
		t.Errorf("state %+v after resync from %+v; want the new UIDVALIDITY and last UID 3", after, before)
	}
}

func TestIMAPNonMemberRefused(t *testing.T) {
	m := startMemIMAP(t, capsRev2)
	m.add(imapMsg("Eve <eve@elsewhere.example>", "eve@elsewhere.example", "let me in"))
	tp := newMemPoller(t, m, imapConfig(t, m.addr, ""))
	startPoller(t, tp.Poller)

	got := waitStored(t, tp.db, 1)
	waitSeen(t, func() map[imap.UID][]imap.Flag { return m.flags(t, "INBOX") }, 1)
	if got[0].Class != store.ClassRefused || !strings.Contains(got[0].Reason, "eve@elsewhere.example is not a member") {
		t.Errorf("class %q reason %q; want refused naming the sender", got[0].Class, got[0].Reason)
	}
}

func TestIMAPOversizedRecordedAsRefused(t *testing.T) {
	m := startMemIMAP(t, capsRev2)
	big := imapMsg("Ana Souza <ana@example.com>", "big@example.com", "huge attachment")
	big = append(big, bytes.Repeat([]byte("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\r\n"), 100)...)
	m.add(big)
	m.add(imapMsg("Ana Souza <ana@example.com>", "small@example.com", "small one"))
	base := strings.Replace(testenv.TwoTeams, `listen = "127.0.0.1:0"`, "listen = \"127.0.0.1:0\"\nmax_message_size = \"2KB\"", 1)
	tp := newMemPoller(t, m, imapConfigFrom(t, base, m.addr, ""))
	startPoller(t, tp.Poller)

	got := waitStored(t, tp.db, 2)
	waitSeen(t, func() map[imap.UID][]imap.Flag { return m.flags(t, "INBOX") }, 2)
	if got[0].MessageID != "big@example.com" || got[0].Class != store.ClassRefused || !strings.Contains(got[0].Reason, "over this gateway's limit") {
		t.Errorf("oversized: %q class %q reason %q; want refused for its size", got[0].MessageID, got[0].Class, got[0].Reason)
	}
	if got[1].MessageID != "small@example.com" || got[1].Class != store.ClassUpdate {
		t.Errorf("after it: %q class %q; want the small update", got[1].MessageID, got[1].Class)
	}
	if n := m.fetchCount(1); n != 0 {
		t.Errorf("oversized body fetched %d times; want 0", n)
	}
}

func TestIMAPReconnect(t *testing.T) {
	m := startMemIMAP(t, capsRev2)
	m.add(imapMsg("Ana Souza <ana@example.com>", "c1@example.com", "before the drop"))
	proxy := startProxy(t, m.addr, false)
	tp := newMemPoller(t, m, imapConfig(t, proxy.addr, ""))
	startPoller(t, tp.Poller)
	waitStored(t, tp.db, 1)

	proxy.dropAll() // the poller's connection breaks
	m.add(imapMsg("Bo Chen <bo@example.com>", "c2@example.com", "after the drop"))
	waitStored(t, tp.db, 2)
	waitSeen(t, func() map[imap.UID][]imap.Flag { return m.flags(t, "INBOX") }, 2)
	if n := m.fetchCount(1); n != 1 {
		t.Errorf("UID 1 body fetched %d times; want 1", n)
	}
	if n := proxy.accepted(); n < 2 {
		t.Errorf("%d connections; want a reconnection", n)
	}
}

// TestIMAPPolling hides IDLE behind a proxy: the poller must fall back
// to polling every poll_interval.
func TestIMAPPolling(t *testing.T) {
	m := startMemIMAP(t, capsRev1) // IMAP4rev2 would imply IDLE
	m.add(imapMsg("Ana Souza <ana@example.com>", "p1@example.com", "first"))
	proxy := startProxy(t, m.addr, true)
	tp := newMemPoller(t, m, imapConfig(t, proxy.addr, `poll_interval = "50ms"`))
	startPoller(t, tp.Poller)
	waitStored(t, tp.db, 1)
	m.add(imapMsg("Ana Souza <ana@example.com>", "p2@example.com", "second"))
	waitStored(t, tp.db, 2)
	waitSeen(t, func() map[imap.UID][]imap.Flag { return m.flags(t, "INBOX") }, 2)
	if n := m.idleCount(); n != 0 {
		t.Errorf("%d IDLE commands to a server without IDLE; want 0", n)
	}
}

// TestIMAPDialTLS connects with implicit TLS and with STARTTLS.
func TestIMAPDialTLS(t *testing.T) {
	serverTLS, roots := testcert.Server(t)
	for _, mode := range []string{config.TLSImplicit, config.TLSStartTLS} {
		t.Run(mode, func(t *testing.T) {
			user := imapmemserver.NewUser(imapTestUser, imapTestPassword)
			user.Create("INBOX", nil)
			opts := &imapserver.Options{
				NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
					return imapmemserver.NewUserSession(user), nil, nil
				},
				Caps:   capsRev2,
				Logger: discardLogger{},
			}
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			if mode == config.TLSImplicit {
				ln = tls.NewListener(ln, serverTLS)
			} else {
				opts.TLSConfig = serverTLS
			}
			srv := imapserver.New(opts)
			go srv.Serve(ln)
			t.Cleanup(func() { srv.Close() })

			cfg := &config.IMAP{Address: ln.Addr().String(), TLS: mode, Username: imapTestUser, Mailbox: "INBOX"}
			c, err := dialIMAP(cfg, &imapclient.Options{TLSConfig: &tls.Config{RootCAs: roots}})
			if err != nil {
				t.Fatalf("dial: %v", err)
			}
			defer c.Close()
			// Without TLS the server refuses LOGIN (InsecureAuth is off).
			if err := c.Login(imapTestUser, imapTestPassword).Wait(); err != nil {
				t.Fatalf("login: %v", err)
			}
			if _, err := c.Select("INBOX", nil).Wait(); err != nil {
				t.Fatalf("select: %v", err)
			}
		})
	}
}

// TestIMAPUIDValidityChangeWhileIdle: a mailbox rebuilt under a poller
// that is idling, which hears nothing of it, is noticed at the next
// periodic check, within imapIdleCheck, and its new mail is filed.
func TestIMAPUIDValidityChangeWhileIdle(t *testing.T) {
	m := startMemIMAP(t, capsRev2)
	a := imapMsg("Ana Souza <ana@example.com>", "w1@example.com", "one")
	m.add(a)
	cfg := imapConfig(t, m.addr, "")
	tp := newTestPoller(t, cfg, testenv.Quiet)
	startPoller(t, tp.Poller)
	waitStored(t, tp.db, 1)
	testenv.WaitFor(t, "the poller to idle", func() bool { return m.idleCount() > 0 })
	tp.clock.WaitIdle(t, 1)

	m.recreateInbox()
	m.add(a)
	m.add(imapMsg("Bo Chen <bo@example.com>", "w2@example.com", "two"))
	if got := imapStored(t, tp.db); len(got) != 1 {
		t.Fatalf("%d messages stored before the check; the rebuilt mailbox went unnoticed until then, want 1", len(got))
	}
	tp.clock.Advance(imapIdleCheck)
	// The check fails on the new UIDVALIDITY; the poller reconnects
	// (after its backoff, on the same clock) and starts over.
	backoff := 0
	testenv.WaitFor(t, "the rebuilt mailbox's new message", func() bool {
		if len(imapStored(t, tp.db)) >= 2 {
			return true
		}
		if tp.clock.Waiters() > 0 && backoff < 30 { // at most 30 s more
			tp.clock.Advance(time.Second)
			backoff++
		}
		return false
	})
	if got := imapStored(t, tp.db); len(got) != 2 {
		t.Errorf("%d messages stored after the resync; want 2 (no duplicates)", len(got))
	}
	if st, _ := tp.db.GetIMAPState("INBOX"); st.LastUID != 2 {
		t.Errorf("state %+v after the resync; want last UID 2 of the new mailbox", st)
	}
}

// TestIMAPAuthorChecksReturnPath: mail from the polled mailbox is
// filed under its header From, unless the Return-Path its server wrote
// names another member; the file and import paths take the header.
func TestIMAPAuthorChecksReturnPath(t *testing.T) {
	cfg := testenv.Config(t, testenv.TwoTeams)
	tp := newTestPoller(t, cfg, testenv.Quiet)
	for i, c := range []struct {
		source     store.Source
		returnPath string
		from       string
		class      string
		author     string
	}{
		{store.SourceIMAP, "<ana@example.com>", "ana@example.com", store.ClassUpdate, "ana@example.com"},
		{store.SourceIMAP, "", "ana@example.com", store.ClassUpdate, "ana@example.com"},
		{store.SourceIMAP, "<bounces+srs=x@lists.example.org>", "ana@example.com", store.ClassUpdate, "ana@example.com"},
		{store.SourceIMAP, "<bo@example.com>", "ana@example.com", store.ClassRefused, ""},
		{store.SourceIMAP, "<bo@example.com>", "bo.chen@home.example", store.ClassUpdate, "bo@example.com"},
		{store.SourceFile, "", "dana@example.com", store.ClassUpdate, "dana@example.com"},
	} {
		raw := "Return-Path: " + c.returnPath + "\r\n" + testenv.Message(c.from, "platform@baton.test", fmt.Sprintf("imap%d@example.com", i), "Done:\r\n- x")
		if c.returnPath == "" {
			raw = raw[strings.Index(raw, "\n")+1:]
		}
		env := store.Envelope{Source: c.source, MailFrom: returnPath([]byte(raw))}
		res, err := tp.filer.Ingest([]byte(raw), env, nil)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if res.Class != c.class || res.Author != c.author {
			t.Errorf("%d: Return-Path %q, From %s: class %s author %q (%s), want %s %q", i, c.returnPath, c.from, res.Class, res.Author, res.Reason, c.class, c.author)
		}
	}
}
