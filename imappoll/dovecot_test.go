package imappoll

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"

	"github.com/baton-mail/baton/internal/testenv"
	"github.com/baton-mail/baton/store"
)

// dovecot is a Dovecot started by a test on loopback, serving one user
// whose INBOX is a Maildir the test writes into.
type dovecot struct {
	addr    string
	maildir string
	uid     int
	gid     int
}

// startDovecot writes a minimal dovecot.conf into a temp dir and runs
// Dovecot in the foreground until the test ends. Dovecot never runs mail
// processes as root, so when the test is root the mailbox belongs to
// nobody.
func startDovecot(t *testing.T) *dovecot {
	t.Helper()
	const bin = "/usr/sbin/dovecot"
	if _, err := os.Stat(bin); err != nil {
		t.Skip("Dovecot is not installed (apt-get install dovecot-imapd)")
	}
	root := t.TempDir()
	d := &dovecot{maildir: filepath.Join(root, "home", imapTestUser, "Maildir"), uid: os.Getuid(), gid: os.Getgid()}
	users := ""
	if d.uid == 0 {
		nobody, err := user.Lookup("nobody")
		if err != nil {
			t.Skipf("no user to run Dovecot's mail processes as: %v", err)
		}
		d.uid, _ = strconv.Atoi(nobody.Uid)
		d.gid, _ = strconv.Atoi(nobody.Gid)
		// Dovecot's login and internal processes run as the dovenull
		// and dovecot users that the Debian package creates.
		if _, err := user.Lookup("dovenull"); err != nil {
			t.Skipf("Dovecot's dovenull user is missing: %v", err)
		}
		// nobody must reach the Maildir through the test's temp dirs.
		for dir := root; dir != os.TempDir() && dir != "/"; dir = filepath.Dir(dir) {
			os.Chmod(dir, 0o755)
		}
	} else {
		me, err := user.Current()
		if err != nil {
			t.Fatal(err)
		}
		users = fmt.Sprintf("default_login_user = %s\ndefault_internal_user = %s\n", me.Username, me.Username)
	}
	for _, sub := range []string{"new", "cur", "tmp"} {
		if err := os.MkdirAll(filepath.Join(d.maildir, sub), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	chownTree(t, filepath.Join(root, "home"), d.uid, d.gid)
	if err := os.WriteFile(filepath.Join(root, "passwd"), []byte(imapTestUser+":{PLAIN}"+imapTestPassword+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	d.addr = fmt.Sprintf("127.0.0.1:%d", port)

	conf := fmt.Sprintf(`protocols = imap
listen = 127.0.0.1
base_dir = %[1]s/run
state_dir = %[1]s/state
log_path = %[1]s/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
%[2]smail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN %[1]s/passwd
}
userdb {
  driver = static
  args = uid=%[3]d gid=%[4]d home=%[1]s/home/%%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = %[5]d
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`, root, users, d.uid, d.gid, port)
	confPath := filepath.Join(root, "dovecot.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-F", "-c", confPath)
	out := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start Dovecot: %v", err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			log, _ := os.ReadFile(filepath.Join(root, "dovecot.log"))
			t.Logf("Dovecot output:\n%s%s", out, log)
		}
	})
	testenv.WaitFor(t, "Dovecot to listen on "+d.addr, func() bool {
		select {
		case <-exited:
			t.Fatalf("Dovecot exited: %s", out)
		default:
		}
		c, err := net.Dial("tcp", d.addr)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
	return d
}

// deliver drops raw into the Maildir's new/ as a local delivery agent
// would: written in tmp/, then renamed.
func (d *dovecot) deliver(t *testing.T, name string, raw []byte) {
	t.Helper()
	tmp := filepath.Join(d.maildir, "tmp", name)
	if err := os.WriteFile(tmp, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(tmp, d.uid, d.gid); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, filepath.Join(d.maildir, "new", name)); err != nil {
		t.Fatal(err)
	}
}

func chownTree(t *testing.T, dir string, uid, gid int) {
	t.Helper()
	err := filepath.WalkDir(dir, func(path string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, uid, gid)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestIMAPDovecot polls a real Dovecot: mail already in the Maildir is
// stored once and marked \Seen, and mail delivered while the poller
// idles arrives too.
func TestIMAPDovecot(t *testing.T) {
	d := startDovecot(t)
	d.deliver(t, "1763892000.M1P1.baton", imapMsg("Ana Souza <ana@example.com>", "dc1@example.com", "one"))
	d.deliver(t, "1763892001.M2P1.baton", imapMsg("Bo Chen <bo@example.com>", "dc2@example.com", "two"))
	d.deliver(t, "1763892002.M3P1.baton", imapMsg("Eve <eve@elsewhere.example>", "dc3@example.com", "not a member"))
	flags := func() map[imap.UID][]imap.Flag {
		return mailboxFlags(t, d.addr, imapTestUser, imapTestPassword, "INBOX")
	}

	tp := newTestPoller(t, imapConfig(t, d.addr, ""), time.Time{})
	stop := startPoller(t, tp.Poller)
	got := waitStored(t, tp.db, 3)
	waitSeen(t, flags, 3)
	wantClass := []string{store.ClassUpdate, store.ClassUpdate, store.ClassRefused}
	for i, m := range got {
		if m.Class != wantClass[i] {
			t.Errorf("message %d (%s): class %q; want %q", i, m.MessageID, m.Class, wantClass[i])
		}
	}

	d.deliver(t, "1763892003.M4P1.baton", imapMsg("Dana Kim <dana@example.com>", "dc4@example.com", "while idle"))
	waitStored(t, tp.db, 4)
	waitSeen(t, flags, 4)
	stop()

	// A restart fetches nothing again.
	startPoller(t, tp.Poller)
	d.deliver(t, "1763892004.M5P1.baton", imapMsg("Ana Souza <ana@example.com>", "dc5@example.com", "after restart"))
	waitSeen(t, flags, 5)
	if got := imapStored(t, tp.db); len(got) != 5 {
		t.Errorf("%d messages stored; want 5, each once", len(got))
	}
	st, err := tp.db.GetIMAPState("INBOX")
	if err != nil || st.LastUID != 5 {
		t.Errorf("state %+v, %v; want last UID 5", st, err)
	}
}
