package main

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/store"
	"github.com/emersion/go-smtp"
)

// The crash test's shape: crashSenders clients, crashKills SIGKILLs.
const (
	crashSenders = 16
	crashKills   = 5
	// crashProgress is how many new 250s the senders must collect after
	// each start before the next kill, so every kill lands mid-traffic.
	crashProgress = 24
)

const crashConfig = `
domain = "baton.test"
data_dir = %q

[smtp]
listen = %q
max_connections = 64
rate_per_minute = 100000000

[[team]]
name = "Platform"
address = "platform"

[[team.member]]
name = "Ana Souza"
email = "ana@example.com"
timezone = "Europe/Lisbon"

[[team.member]]
name = "Bo Chen"
email = "bo@example.com"
timezone = "Asia/Singapore"

[[team.member]]
name = "Dana Kim"
email = "dana@example.com"
timezone = "America/New_York"

[[team.member]]
name = "Chidi Okafor"
email = "chidi@example.com"
timezone = "Africa/Lagos"
`

var crashMembers = []string{"ana@example.com", "bo@example.com", "dana@example.com", "chidi@example.com"}

// TestCrashSIGKILL is issue 4's crash test: 16 concurrent senders, the
// daemon killed with SIGKILL at random moments and restarted, and then
// every message that got a 250 is in the store exactly once. Senders
// resend a message whose transaction failed, with the same Message-ID,
// as an MTA would; it counts as acknowledged only once a 250 came back.
// Set BATON_CRASH_SEED to replay a run's kill timing.
func TestCrashSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test starts and kills the daemon several times")
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("BATON_CRASH_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("BATON_CRASH_SEED: %v", err)
		}
	}
	t.Logf("seed %d (replay with BATON_CRASH_SEED=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0))

	dir := t.TempDir()
	dataDir := filepath.Join(dir, "data")
	addr := testenv.FreeAddr(t)
	cfgPath := filepath.Join(dir, "baton.toml")
	if err := os.WriteFile(cfgPath, fmt.Appendf(nil, crashConfig, dataDir, addr), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := &daemon{t: t, args: []string{"serve", "-config", cfgPath}, addr: addr, logDir: dir}
	t.Cleanup(srv.cleanup)
	srv.start()

	l := &ledger{acked: map[string]int{}}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i := range crashSenders {
		s := &sender{id: i, from: crashMembers[i%len(crashMembers)], addr: addr, l: l, rng: rand.New(rand.NewPCG(seed, uint64(i+1)))}
		wg.Go(func() { s.run(stop) })
	}
	for k := range crashKills {
		l.waitProgress(t, crashProgress, fmt.Sprintf("before kill %d", k+1))
		time.Sleep(time.Duration(rng.IntN(300)) * time.Millisecond) // a random moment, not a wait for anything
		srv.kill()
		srv.start()
	}
	l.waitProgress(t, crashProgress, "after the last restart")
	close(stop)
	waitGroup(t, &wg, 20*time.Second, "senders to stop")
	srv.terminate()

	acked, errs, resent := l.result()
	t.Logf("%d messages acknowledged, %d failed transactions, %d resent after a failure (%d of those already stored)",
		len(acked), errs, resent, srv.countLogLines("duplicate=true"))
	if len(l.problems) > 0 {
		t.Errorf("unexpected replies:\n%s", strings.Join(l.problems, "\n"))
	}
	checkStored(t, filepath.Join(dataDir, "baton.db"), acked)
}

// checkStored asserts that every acknowledged Message-ID is stored, in
// full, and that no Message-ID is stored twice.
func checkStored(t *testing.T, path string, acked []string) {
	t.Helper()
	db, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	count := map[string]int{}
	if err := db.ListMessages(0, func(m *store.Message) bool {
		count[m.MessageID]++
		return true
	}); err != nil {
		t.Fatal(err)
	}
	var problems []string
	for id, n := range count {
		if n > 1 {
			problems = append(problems, fmt.Sprintf("%s: stored %d times", id, n))
		}
	}
	for _, msgID := range acked {
		if p := checkAcked(db, msgID, count[msgID]); p != "" {
			problems = append(problems, msgID+": "+p)
		}
	}
	t.Logf("%d messages in the store, %d of them acknowledged", len(count), len(acked))
	if len(problems) > 0 {
		slices.Sort(problems)
		t.Errorf("%d problems in the store; the first:\n%s", len(problems), strings.Join(problems[:min(len(problems), 10)], "\n"))
	}
}

// checkAcked says what is wrong with an acknowledged message, if
// anything: missing, cut short, or listed other than once.
func checkAcked(db *store.DB, msgID string, listed int) string {
	id, err := db.Lookup(msgID)
	if err != nil {
		return fmt.Sprintf("acknowledged but Lookup: %v", err)
	}
	raw, err := db.GetRaw(id)
	if err != nil {
		return fmt.Sprintf("acknowledged but GetRaw(%d): %v", id, err)
	}
	if !bytes.Contains(raw, []byte("end of "+msgID)) {
		return fmt.Sprintf("acknowledged but the stored body is cut short (%d bytes)", len(raw))
	}
	if listed != 1 {
		return fmt.Sprintf("acknowledged and listed %d times", listed)
	}
	return ""
}

// ledger records what the senders were told.
type ledger struct {
	mu       sync.Mutex
	acked    map[string]int // Message-ID -> 250s received (a resend may get a second)
	errs     int
	resent   int
	problems []string
	n        atomic.Int64 // 250s so far
}

func (l *ledger) ack(msgID string, resend bool) {
	l.mu.Lock()
	l.acked[msgID]++
	if resend {
		l.resent++
	}
	l.mu.Unlock()
	l.n.Add(1)
}

func (l *ledger) fail(problem string) {
	l.mu.Lock()
	l.errs++
	if problem != "" {
		l.problems = append(l.problems, problem)
	}
	l.mu.Unlock()
}

func (l *ledger) result() (acked []string, errs, resent int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for id := range l.acked {
		acked = append(acked, id)
	}
	return acked, l.errs, l.resent
}

// waitProgress waits until the senders have collected n more 250s.
func (l *ledger) waitProgress(t *testing.T, n int64, when string) {
	t.Helper()
	target := l.n.Load() + n
	deadline := time.Now().Add(15 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for l.n.Load() < target {
		if time.Now().After(deadline) {
			t.Fatalf("%s: no progress: %d of %d acknowledgements after 15s", when, l.n.Load(), target)
		}
		<-tick.C
	}
}

// sender is one client: one connection kept open, a new connection
// after any failure, the failed message sent again.
type sender struct {
	id   int
	from string
	addr string
	l    *ledger
	rng  *rand.Rand
}

func (s *sender) run(stop <-chan struct{}) {
	var c *smtp.Client
	defer func() {
		if c != nil {
			c.Quit()
			c.Close()
		}
	}()
	seq, msgID, resend := 0, "", false
	var msg []byte
	for {
		select {
		case <-stop:
			return
		default:
		}
		if c == nil {
			if c = dialSMTP(s.addr); c == nil {
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond): // the daemon is restarting
				}
				continue
			}
		}
		if msgID == "" {
			seq++
			msgID = fmt.Sprintf("crash-%02d-%06d@example.com", s.id, seq)
			msg = testenv.Update(s.from, msgID, 2048+s.rng.IntN(2048))
		}
		err := c.SendMail(s.from, []string{"platform@baton.test"}, bytes.NewReader(msg))
		if err == nil {
			s.l.ack(msgID, resend)
			msgID, resend = "", false
			continue
		}
		// Killed mid-transaction, or a temporary refusal: the message
		// may or may not be stored; send it again on a new connection.
		var se *smtp.SMTPError
		problem := ""
		if errors.As(err, &se) && se.Code >= 500 {
			problem = fmt.Sprintf("sender %d, %s: %v", s.id, msgID, err)
			msgID = ""
		}
		s.l.fail(problem)
		resend = msgID != ""
		c.Close()
		c = nil
	}
}

func dialSMTP(addr string) *smtp.Client {
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return nil
	}
	c := smtp.NewClient(conn)
	c.CommandTimeout, c.SubmissionTimeout = 10*time.Second, 10*time.Second
	if err := c.Hello("sender.example.com"); err != nil {
		c.Close()
		return nil
	}
	return c
}

func waitGroup(t *testing.T, wg *sync.WaitGroup, d time.Duration, what string) {
	t.Helper()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("waited %v for %s", d, what)
	}
}
