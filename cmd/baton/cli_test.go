package main

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"
)

func runBaton(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestExitCodes(t *testing.T) {
	for _, c := range []struct {
		args []string
		code int
		want string // in stdout or stderr
	}{
		{nil, exitUsage, "Usage:"},
		{[]string{"help"}, exitOK, "baton serve"},
		{[]string{"frobnicate"}, exitUsage, `unknown command "frobnicate"`},
		{[]string{"version"}, exitOK, "baton "},
		{[]string{"check", "-h"}, exitOK, "Usage: baton check"},
		{[]string{"serve", "-h"}, exitOK, "-log-format"},
		{[]string{"check", "-nosuchflag"}, exitUsage, "flag provided but not defined"},
		{[]string{"check", "-config", "../../baton.example.toml"}, exitOK, "baton.example.toml: OK"},
		{[]string{"check", "-config", "missing.toml"}, exitFailure, "read config"},
		{[]string{"digest", "-config", "../../baton.example.toml"}, exitUsage, "Usage: baton digest"},
		{[]string{"backup", "-config", "../../baton.example.toml"}, exitUsage, "Usage: baton backup"},
	} {
		code, out, errs := runBaton(c.args...)
		if code != c.code || !strings.Contains(out+errs, c.want) {
			t.Errorf("baton %v: exit %d, want %d; output %q lacks %q", c.args, code, c.code, out+errs, c.want)
		}
	}
}

// TestCheckNamesEveryBadLine: a misspelled key, an unknown zone and a
// bad address are all reported, each with its line.
func TestCheckNamesEveryBadLine(t *testing.T) {
	code, _, errs := runBaton("check", "-config", "../../config/testdata/bad/issue-example.toml")
	if code != exitFailure {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{
		`issue-example.toml:10: unknown key "team.member.tmezone"; did you mean "timezone"?`,
		`issue-example.toml:14: member email "bo@@example" is not a plain mail address`,
		`issue-example.toml:20: member "dana@example.com": unknown time zone "Europe/Pariss"`,
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
}

func TestCheckSummary(t *testing.T) {
	cfg, err := os.ReadFile("../../baton.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "pw"), []byte("topsecret-relay-pw\n"), 0o600)
	src := strings.Replace(string(cfg), "# [relay]\n# address = \"smtp.example.com:587\"\n# tls = \"starttls\"                # \"starttls\", \"implicit\" (465) or \"none\"\n# username = \"baton@example.com\"\n# password_env = \"BATON_RELAY_PASSWORD\"   # or: password_file = \"...\"",
		"[relay]\naddress = \"smtp.example.com:587\"\nusername = \"baton@example.com\"\npassword_file = \"pw\"", 1)
	if src == string(cfg) {
		t.Fatal("example config's relay block changed; update this test")
	}
	hash, _ := bcrypt.GenerateFromPassword([]byte("ana's password"), bcrypt.MinCost)
	os.WriteFile(filepath.Join(dir, "users"), append([]byte("ana@example.com:"), hash...), 0o600)
	src += "\n[submission]\nlisten = \"127.0.0.1:5587\"\npasswords_file = \"users\"\n"
	src = strings.Replace(src, `spf = "off"`, `spf = "require"`, 1)
	path := filepath.Join(dir, "baton.toml")
	os.WriteFile(path, []byte(src), 0o600)
	code, out, errs := runBaton("check", "-config", path)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if strings.Contains(out, string(hash)) {
		t.Error("check printed a password hash")
	}
	for _, want := range []string{"team Platform <platform@baton.example.com>", "Bo Chen <bo@example.com> Asia/Singapore", "next digest:", "UTC", "sends through smtp.example.com:587",
		"submission listens on 127.0.0.1:5587, AUTH without TLS, loopback only; accounts: 1",
		"checks senders of mail to team addresses: spf require, dkim off"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "topsecret") {
		t.Error("check printed the relay password")
	}
}

func TestParseCommandPrintsJSON(t *testing.T) {
	dir := t.TempDir()
	msg := "From: Ana Souza <ana@example.com>\r\nSubject: Tuesday\r\nMessage-ID: <p1@example.com>\r\nDate: Tue, 24 Nov 2026 09:00:00 +0000\r\n\r\nDone:\r\n- billing migration\r\n"
	os.WriteFile(filepath.Join(dir, "m.eml"), []byte(msg), 0o600)
	code, out, errs := runBaton("parse", filepath.Join(dir, "m.eml"))
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		MessageID string `json:"message_id"`
		From      struct{ Address string }
		Sections  []struct {
			Kind  string
			Items []string
		}
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if got.MessageID != "p1@example.com" || got.From.Address != "ana@example.com" || len(got.Sections) != 1 || got.Sections[0].Kind != "done" {
		t.Errorf("parsed %+v", got)
	}
}

// TestServeExampleConfig runs the Quickstart's first command on a copy
// of the example config: it must accept a connection on
// 127.0.0.1:2525, and stop cleanly on SIGINT.
func TestServeExampleConfig(t *testing.T) {
	src, err := os.ReadFile("../../baton.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "baton.toml")
	os.WriteFile(path, src, 0o600)
	// The Quickstart's two commands may well run side by side: with the
	// port taken, this test would greet that daemon and stop itself.
	l, err := net.Listen("tcp", "127.0.0.1:2525")
	if err != nil {
		t.Skipf("127.0.0.1:2525 is in use (is baton serve running?): %v", err)
	}
	l.Close()
	done := make(chan int, 1)
	var errb bytes.Buffer
	go func() { done <- run([]string{"serve", "-config", path}, &bytes.Buffer{}, &errb) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case code := <-done:
			t.Fatalf("serve exited %d before listening: %s", code, errb.String())
		default:
		}
		c, err := net.Dial("tcp", "127.0.0.1:2525")
		if err == nil {
			buf := make([]byte, 64)
			n, _ := c.Read(buf)
			c.Close()
			if !strings.HasPrefix(string(buf[:n]), "220 ") {
				t.Errorf("greeting %q", buf[:n])
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve did not listen on 127.0.0.1:2525: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("serve exited %d: %s", code, errb.String())
		}
	case <-time.After(40 * time.Second):
		t.Fatal("serve did not stop on SIGINT")
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "baton-data", "baton.db")); err != nil {
		t.Errorf("no database in the data dir next to the config: %v", err)
	}
}

// TestPasswordLine: `baton password` turns a password on stdin into a
// passwords-file line that bcrypt accepts, and never prints the
// password.
func TestPasswordLine(t *testing.T) {
	cmd := batonCommand("password", "Ana@Example.com")
	cmd.Stdin = strings.NewReader("correct horse battery\n")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %s", err, stderr.String())
	}
	user, hash, ok := strings.Cut(strings.TrimSpace(stdout.String()), ":")
	if !ok || user != "ana@example.com" || bcrypt.CompareHashAndPassword([]byte(hash), []byte("correct horse battery")) != nil {
		t.Errorf("line %q does not verify", stdout.String())
	}
	if strings.Contains(stdout.String()+stderr.String(), "horse") {
		t.Error("the password was printed")
	}
	short := batonCommand("password", "ana@example.com")
	short.Stdin = strings.NewReader("short\n")
	if out, err := short.CombinedOutput(); err == nil || !strings.Contains(string(out), "8 to 72 bytes") {
		t.Errorf("short password: %v, %s", err, out)
	}
}
