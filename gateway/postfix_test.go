package gateway

import (
	"fmt"
	"net"
	"net/mail"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/internal/testenv"
)

// postfix is a Postfix instance of the test's own: its own config
// directory, queue and log in a temp dir, one smtpd on a loopback port.
// Nothing of the system's Postfix (/etc/postfix/main.cf, port 25) is
// used or touched.
type postfix struct {
	t    *testing.T
	bin  string // the postfix command
	dir  string // config directory
	addr string // the smtpd listener
}

// postfixCommand finds Postfix's command, also where sbin is off PATH.
func postfixCommand(name string) string {
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	if p := "/usr/sbin/" + name; fileExists(p) {
		return p
	}
	return ""
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// postfixMainCF is the README's "Behind Postfix" and "Relay out through
// Postfix" setup, with the paths and ports of a test instance. %[1]s is
// the instance directory, with the config in etc/.
const postfixMainCF = `compatibility_level = 3.6
queue_directory = %[1]s/queue
data_directory = %[1]s/data
maillog_file = %[1]s/maillog
maillog_file_prefixes = %[1]s
myhostname = mx.postfix.test
mydomain = postfix.test
mydestination =
inet_interfaces = loopback-only
inet_protocols = ipv4
alias_maps =
alias_database =
smtp_dns_support_level = disabled
smtp_host_lookup = native

# Behind Postfix: mail for the team addresses goes to Baton.
relay_domains = baton.test
transport_maps = hash:%[1]s/etc/transport
# Only team addresses, reply addresses (platform+TOKEN) and Baton's own
# get past Postfix.
relay_recipient_maps = hash:%[1]s/etc/baton_recipients
recipient_delimiter = +

# Relay out through Postfix: Baton connects from loopback.
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
`

// postfixMasterCF runs the daemons unchrooted (the chroot would need
// copies of /etc files in the queue) and one smtpd on %[1]s.
const postfixMasterCF = `%[1]s inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
`

// startPostfix runs a Postfix instance on addr whose transport map sends
// baton.test to Baton at batonAddr and every other domain the test
// mails (the members' example.com, a stranger's elsewhere.test) to the
// sink at sinkAddr. It skips where Postfix is not installed or the test
// is not root (Postfix's master starts as root), and stops Postfix when
// the test ends.
func startPostfix(t *testing.T, addr, batonAddr, sinkAddr string) *postfix {
	t.Helper()
	p := &postfix{t: t, bin: postfixCommand("postfix"), addr: addr}
	postmap := postfixCommand("postmap")
	if p.bin == "" || postmap == "" {
		t.Skip("Postfix is not installed (apt-get install postfix; .ci/run does)")
	}
	if os.Geteuid() != 0 {
		t.Skip("Postfix's master must start as root; run the tests as root (CI does)")
	}
	owner, err := user.Lookup("postfix")
	if err != nil {
		t.Skip("no postfix user: the postfix package is not fully installed")
	}
	// Not t.TempDir: the postfix user must reach the queue and the maps,
	// and t.TempDir's parent is root's alone.
	top, err := os.MkdirTemp("", "baton-postfix-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(top) }) // after stop, which is registered later
	os.Chmod(top, 0o755)
	p.dir = filepath.Join(top, "etc")
	os.Mkdir(p.dir, 0o755)
	files := map[string]string{
		"main.cf":   fmt.Sprintf(postfixMainCF, top),
		"master.cf": fmt.Sprintf(postfixMasterCF, p.addr),
		"transport": fmt.Sprintf("baton.test      smtp:[%s]:%s\nexample.com     smtp:[%[3]s]:%[4]s\nelsewhere.test  smtp:[%[3]s]:%[4]s\n",
			hostOf(batonAddr), portOf(batonAddr), hostOf(sinkAddr), portOf(sinkAddr)),
		"baton_recipients": "platform@baton.test  OK\ndata@baton.test      OK\nbaton@baton.test     OK\n",
	}
	// The queue is root's, its subdirectories (made by postfix start)
	// and the data directory the postfix user's.
	os.Mkdir(filepath.Join(top, "queue"), 0o755)
	os.Mkdir(filepath.Join(top, "data"), 0o700)
	uid, _ := strconv.Atoi(owner.Uid)
	gid, _ := strconv.Atoi(owner.Gid)
	os.Chown(filepath.Join(top, "data"), uid, gid)
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(p.dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p.run(postmap, "-c", p.dir, filepath.Join(p.dir, "transport"))
	p.run(postmap, "-c", p.dir, filepath.Join(p.dir, "baton_recipients"))
	p.run(p.bin, "-c", p.dir, "start")
	t.Cleanup(p.stop)
	testenv.WaitFor(t, "Postfix's smtpd to accept on "+p.addr, func() bool {
		c, err := net.DialTimeout("tcp", p.addr, time.Second)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
	return p
}

// run runs a Postfix command, failing the test with its output.
func (p *postfix) run(name string, args ...string) {
	p.t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		p.t.Fatalf("%s %s: %v\n%s%s", filepath.Base(name), strings.Join(args, " "), err, out, p.log())
	}
}

// stop stops the instance and waits for its master to be gone, so the
// temp dir can be removed.
func (p *postfix) stop() {
	if p.t.Failed() {
		p.t.Logf("Postfix log:\n%s", p.log())
	}
	exec.Command(p.bin, "-c", p.dir, "stop").Run()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		// "postfix status" exits non-zero once the master is gone.
		if exec.Command(p.bin, "-c", p.dir, "status").Run() != nil {
			return
		}
		time.Sleep(50 * time.Millisecond) // polling, with the deadline above
	}
	exec.Command(p.bin, "-c", p.dir, "abort").Run()
	p.t.Errorf("Postfix in %s still running 20s after postfix stop", p.dir)
}

// log returns the instance's mail log.
func (p *postfix) log() string {
	b, _ := os.ReadFile(filepath.Join(p.dir, "..", "maillog"))
	return string(b)
}

func hostOf(addr string) string { h, _, _ := net.SplitHostPort(addr); return h }
func portOf(addr string) string { _, p, _ := net.SplitHostPort(addr); return p }

// TestBehindPostfix is the README's deployment with Debian's Postfix in
// front: a member's update relayed by Postfix is filed; a stranger's
// mail comes back to the stranger as Postfix's bounce carrying Baton's
// 550 5.7.1 reason; and a digest Baton sends out through Postfix as its
// relay reaches the member's mail server.
func TestBehindPostfix(t *testing.T) {
	sink := testenv.NewRelay(t) // the members' and the stranger's own mail servers
	batonAddr := testenv.FreeAddr(t)
	pfAddr := testenv.FreeAddr(t) // known before Baton's config is written
	cfg := strings.Replace(testenv.TwoTeams, `listen = "127.0.0.1:0"`, fmt.Sprintf("listen = %q", batonAddr), 1)
	cfg += fmt.Sprintf("\n[relay]\naddress = %q\ntls = \"none\"\n", pfAddr)
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC) // a Monday, 00:00 UTC
	tg := newTestGateway(t, testenv.Config(t, cfg), start)
	tg.Start(t)
	pf := startPostfix(t, pfAddr, batonAddr, sink.Addr)

	t0 := time.Now()
	update := testenv.Message("Ana Souza <ana@example.com>", "platform@baton.test", "through-postfix@example.com",
		"Done:\r\n- put Baton behind Postfix\r\n\r\nBlockers:\r\n- none, it works")
	if err := testenv.Send(pf.addr, "ana@example.com", []string{"platform@baton.test"}, update); err != nil {
		t.Fatalf("Postfix refused a member's update: %v", err)
	}
	waitForPostfix(t, pf, "the member's update filed", func() bool {
		_, err := tg.db.Lookup("through-postfix@example.com")
		return err == nil
	})
	t.Logf("member's update: Postfix to Baton, filed in %v", time.Since(t0).Round(time.Millisecond))

	t0 = time.Now()
	stranger := testenv.Message("Mallory <mallory@elsewhere.test>", "platform@baton.test", "stranger@elsewhere.test", "let me in")
	if err := testenv.Send(pf.addr, "mallory@elsewhere.test", []string{"platform@baton.test"}, stranger); err != nil {
		t.Fatalf("Postfix refused the stranger's mail itself (it cannot know; Baton decides): %v", err)
	}
	waitForPostfix(t, pf, "the stranger's bounce", func() bool { return len(sink.To("mallory@elsewhere.test")) > 0 })
	bounce := sink.To("mallory@elsewhere.test")[0]
	if bounce.From != "" {
		t.Errorf("the bounce's envelope sender is %q, want the null sender", bounce.From)
	}
	for _, want := range []string{"550 5.7.1", "mallory@elsewhere.test is not a member of any team here", "ask the Baton admin"} {
		if !strings.Contains(unfold(bounce.Data), want) {
			t.Errorf("Postfix's bounce lacks Baton's %q:\n%s", want, bounce.Data)
		}
	}
	if _, err := tg.db.Lookup("stranger@elsewhere.test"); err == nil {
		t.Error("the stranger's mail was stored")
	}
	t.Logf("stranger's mail: refused by Baton, bounced by Postfix in %v", time.Since(t0).Round(time.Millisecond))

	// 00:30 UTC is Bo's 08:30 in Singapore: his digest, with Ana's update.
	t0 = time.Now()
	tg.clock.WaitIdle(t, 2) // scheduler and sender asleep
	tg.clock.Advance(30 * time.Minute)
	waitForPostfix(t, pf, "Bo's digest through Postfix", func() bool { return len(sink.To("bo@example.com")) > 0 })
	d := sink.To("bo@example.com")[0]
	if d.From != "baton@baton.test" {
		t.Errorf("digest envelope sender %q, want baton@baton.test", d.From)
	}
	for _, want := range []string{"Received: from", "put Baton behind Postfix", "Auto-Submitted: auto-generated"} {
		if !strings.Contains(d.Data, want) {
			t.Errorf("the digest Postfix relayed lacks %q", want)
		}
	}
	t.Logf("digest: Baton to Postfix to the member's server in %v", time.Since(t0).Round(time.Millisecond))

	// Bo answers the digest: its reply address passes Postfix's recipient
	// table by its team's name before the +, and Baton checks the token.
	msg, err := mail.ReadMessage(strings.NewReader(d.Data))
	if err != nil {
		t.Fatal(err)
	}
	replyTo, err := mail.ParseAddress(msg.Header.Get("Reply-To"))
	if err != nil || !strings.HasPrefix(replyTo.Address, "platform+") {
		t.Fatalf("the digest's Reply-To %q (%v) is no reply address", msg.Header.Get("Reply-To"), err)
	}
	reply := testenv.Message("Bo Chen <bo@example.com>", replyTo.Address, "bo-reply@example.com", "Nice, thanks.")
	if err := testenv.Send(pf.addr, "bo@example.com", []string{replyTo.Address}, reply); err != nil {
		t.Fatalf("Postfix refused Bo's reply to the digest: %v", err)
	}
	waitForPostfix(t, pf, "Bo's reply filed", func() bool {
		_, err := tg.db.Lookup("bo-reply@example.com")
		return err == nil
	})

	// An address no team has is refused by Postfix itself, during the
	// SMTP conversation: nothing to bounce later.
	err = testenv.Send(pf.addr, "ana@example.com", []string{"nobody@baton.test"}, testenv.Message("ana@example.com", "nobody@baton.test", "nobody@example.com", "hi"))
	testenv.WantSMTPError(t, err, 550, "Recipient address rejected")
}

// waitForPostfix waits up to 30s (Postfix's queue manager, not Baton,
// sets the pace) and shows Postfix's log when cond never holds.
func waitForPostfix(t *testing.T, p *postfix, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s; Postfix's log:\n%s", what, p.log())
		}
		time.Sleep(20 * time.Millisecond) // polling, with the deadline above
	}
}

// unfold joins folded header and bounce lines, so a reason Postfix
// wrapped reads as one line.
func unfold(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\n    ", " ")
	return strings.ReplaceAll(s, "\n ", " ")
}
