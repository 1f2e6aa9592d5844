package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baton-mail/baton/internal/testenv"
)

// secretsConfig adds a relay and an IMAP mailbox whose passwords come
// from the environment to threadConfig. Neither server exists: serve
// retries them in the background, and nothing else needs them.
const secretsConfig = threadConfig + `
[relay]
address = "127.0.0.1:1"
username = "baton"
password_env = "BATON_TEST_RELAY_PW"

[imap]
address = "127.0.0.1:1"
tls = "none"
username = "updates"
password_env = "BATON_TEST_IMAP_PW"
`

// TestReadOnlyCommandsNeedNoSecrets: serve refuses to start without the
// relay's and the mailbox's passwords, naming each at its line; started
// with them, it takes mail over SMTP, and status, export, digest,
// thread and decisions run without them, while serve runs and after it
// stopped.
func TestReadOnlyCommandsNeedNoSecrets(t *testing.T) {
	for _, v := range []string{"BATON_TEST_RELAY_PW", "BATON_TEST_IMAP_PW"} {
		t.Setenv(v, "") // this process, and so the commands, lack them
	}
	dir := t.TempDir()
	addr := testenv.FreeAddr(t)
	cfgPath := filepath.Join(dir, "baton.toml")
	src := fmt.Sprintf(secretsConfig, filepath.Join(dir, "data"), addr)
	if err := os.WriteFile(cfgPath, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	lineOf := func(s string) int { return strings.Count(src[:strings.Index(src, s)], "\n") + 1 }

	code, out := runCmd("serve", "-config", cfgPath)
	if code != exitFailure {
		t.Fatalf("serve without secrets: exit %d\n%s", code, out)
	}
	wantAll(t, "serve without secrets", out,
		fmt.Sprintf("baton.toml:%d: environment variable BATON_TEST_RELAY_PW is empty or unset; export it before starting baton serve", lineOf("BATON_TEST_RELAY_PW")),
		fmt.Sprintf("baton.toml:%d: environment variable BATON_TEST_IMAP_PW is empty or unset", lineOf("BATON_TEST_IMAP_PW")))

	srv := &daemon{t: t, args: []string{"serve", "-config", cfgPath}, addr: addr, logDir: dir,
		env: []string{"BATON_TEST_RELAY_PW=relay-secret", "BATON_TEST_IMAP_PW=imap-secret"}}
	t.Cleanup(srv.cleanup)
	srv.start()
	for _, m := range []struct{ from, msg string }{
		{"ana@example.com", opsMessage("Ana Souza <ana@example.com>", "s1@example.com", "", "Done:\r\n- rotated keys\r\n\r\nDecisions:\r\n- Keep secrets out of the config")},
		{"bo@example.com", opsMessage("Bo Chen <bo@example.com>", "s2@example.com", "In-Reply-To: <s1@example.com>\r\n", "Agreed.")},
	} {
		if err := testenv.Send(addr, m.from, []string{"platform@baton.test"}, m.msg); err != nil {
			t.Fatal(err)
		}
	}
	readAll := func(how string) {
		t.Helper()
		wantAll(t, how+" status", mustRun(t, "status", "-config", cfgPath), "Messages: 2 stored")
		wantAll(t, how+" export", mustRun(t, "export", "-config", cfgPath), "- rotated keys")
		// A message, or on a day off why there is none: either way it ran.
		wantAll(t, how+" digest", mustRun(t, "digest", "-config", cfgPath, "-for", "bo@example.com"), "bo@example.com")
		wantAll(t, how+" thread", mustRun(t, "thread", "-config", cfgPath, "s1@example.com"), "#2 Bo Chen")
		wantAll(t, how+" decisions", mustRun(t, "decisions", "-config", cfgPath), "Keep secrets out of the config")
	}
	readAll("serving")
	srv.terminate()
	readAll("stopped")
	for _, s := range []string{"relay-secret", "imap-secret"} {
		if n := srv.countLogLines(s); n != 0 {
			t.Errorf("serve logged a password %d times", n)
		}
	}
}
