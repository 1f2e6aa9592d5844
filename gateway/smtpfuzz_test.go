package gateway

import (
	"bufio"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/items"
)

// maxFuzzSession bounds one fuzzed session, so each input stays cheap.
const maxFuzzSession = 8 << 10

// fuzzStoreInputs is how many inputs arrive in one digest items.Lookback of
// the fuzz gateway's clock.
const fuzzStoreInputs = 1000

// replyLine is the shape of every SMTP reply line (RFC 5321 section 4.2).
var replyLine = regexp.MustCompile(`^[2-5][0-9][0-9][ -]`)

// FuzzSMTPSession plays whole SMTP sessions, commands and data, against
// one gateway per fuzz worker (its store on tmpfs when there is one, so
// a commit's fsync costs little), through the real listener, limits,
// parser and ingest path. Each input is written on a fresh loopback
// connection, whose write side is then closed; the server must answer
// every line with a well-formed reply, never 554 (a plain Go error
// leaking out of a session: STYLE.md), never 421 "Internal server
// error" (a panic), and close the connection.
func FuzzSMTPSession(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	tg, inputs := fuzzGateway(f), 0
	f.Fuzz(func(t *testing.T, session []byte) {
		if len(session) > maxFuzzSession {
			t.Skip()
		}
		// Ingest looks at the recent past (threading by subject): were
		// the fake clock to stand still, every input would cost more
		// than the one before. Now and then the past moves on.
		if inputs++; inputs%fuzzStoreInputs == 0 {
			tg.clock.Advance(items.Lookback + time.Hour)
		}
		c, err := net.Dial("tcp", tg.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(20 * time.Second))
		c.Write(session) // the server may close early (a too long line)
		c.(*net.TCPConn).CloseWrite()
		sc := bufio.NewScanner(c)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case !replyLine.MatchString(line):
				t.Fatalf("malformed reply %q", line)
			case strings.HasPrefix(line, "554"):
				t.Fatalf("554 reply %q: a session returned a plain error", line)
			case strings.Contains(line, "Internal server error"):
				t.Fatalf("the server panicked: %q", line)
			}
		}
		if err := sc.Err(); err != nil {
			t.Fatalf("reading replies: %v", err)
		}
	})
}

// fuzzGateway starts the gateway a fuzz worker reuses for every input.
func fuzzGateway(f *testing.F) *testGateway {
	dir := f.TempDir()
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		if d, err := os.MkdirTemp("/dev/shm", "baton-fuzz-"); err == nil {
			dir = d
			f.Cleanup(func() { os.RemoveAll(d) })
		}
	}
	src := strings.Replace(testenv.TwoTeams, `data_dir = "data"`, fmt.Sprintf("data_dir = %q", filepath.Join(dir, "data")), 1)
	src = strings.Replace(src, `listen = "127.0.0.1:0"`, `listen = "127.0.0.1:0"
max_message_size = "64KB"
rate_per_minute = 100000000
command_timeout = "5s"
data_timeout = "10s"`, 1)
	tg := newTestGateway(f, testenv.Config(f, src), testenv.Quiet)
	// Format every line as the daemon does, then drop it: a hundred
	// thousand sessions' worth of log would swamp the fuzz output.
	tg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	tg.Start(f)
	return tg
}

// fuzzSeeds are sessions that exercise each command and the ingest of
// real mail: a parser test message as DATA from a member, a bounce, a
// reply address, BDAT, and a few broken ones.
func fuzzSeeds(tb testing.TB) [][]byte {
	msg := testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "fuzz1@example.com", "Done:\r\n- fuzzed\r\n\r\nBlockers:\r\n- none")
	seeds := []string{
		"EHLO a\r\nMAIL FROM:<ana@example.com>\r\nRCPT TO:<platform@baton.test>\r\nDATA\r\n" + msg + ".\r\nQUIT\r\n",
		"HELO a\r\nMAIL FROM:<> SIZE=100\r\nRCPT TO:<baton@baton.test>\r\nDATA\r\nSubject: Undelivered\r\n\r\nbounce\r\n.\r\nQUIT\r\n",
		"EHLO a\r\nMAIL FROM:<bo@example.com> BODY=8BITMIME SMTPUTF8\r\nRCPT TO:<platform+abc@baton.test>\r\nRCPT TO:<nobody@elsewhere.test>\r\nRSET\r\nNOOP\r\nVRFY x\r\nQUIT\r\n",
		"EHLO a\r\nMAIL FROM:<ana@example.com>\r\nRCPT TO:<platform@baton.test>\r\nBDAT 20 LAST\r\nSubject: x\r\n\r\nhello\r\nQUIT\r\n",
		"EHLO a\r\nMAIL FROM:<ana@example.com> SIZE=99999999\r\nDATA\r\nSTARTTLS\r\nAUTH PLAIN AGFuYQB4\r\n",
		"EHLO a\r\nMAIL FROM:<ana@example.com>\r\nRCPT TO:<platform@baton.test>\r\nDATA\r\nSubject: cut off\r\n\r\nDone:\r\n- half",
	}
	files, _ := filepath.Glob("../parser/testdata/*.eml")
	for i, name := range files {
		if i%10 != 0 {
			continue // a sample: every tenth
		}
		b, err := os.ReadFile(name)
		if err != nil || len(b) > maxFuzzSession-200 {
			continue
		}
		body := strings.ReplaceAll(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n", "\r\n")
		body = strings.ReplaceAll("\r\n"+body, "\r\n.", "\r\n..")[2:]
		if !strings.HasSuffix(body, "\r\n") {
			body += "\r\n"
		}
		seeds = append(seeds, "EHLO a\r\nMAIL FROM:<dana@example.com>\r\nRCPT TO:<platform@baton.test>\r\nDATA\r\n"+body+".\r\nQUIT\r\n")
	}
	out := make([][]byte, len(seeds))
	for i, s := range seeds {
		out[i] = []byte(s)
	}
	return out
}
