package config

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/baton-mail/baton/schedule"
)

var update = flag.Bool("update", false, "rewrite testdata/bad/*.err with the current errors")

// TestBadConfigs loads each testdata/bad/NAME.toml and compares every
// reported problem with NAME.err.
func TestBadConfigs(t *testing.T) {
	files, _ := filepath.Glob("testdata/bad/*.toml")
	if len(files) == 0 {
		t.Fatal("no bad configs found")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			_, err := Load(file)
			var errs Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Load: got %v, want config Errors", err)
			}
			got := err.Error() + "\n"
			want := strings.TrimSuffix(file, ".toml") + ".err"
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			b, err := os.ReadFile(want)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(b) {
				t.Errorf("errors differ\ngot:\n%s\nwant:\n%s", got, b)
			}
		})
	}
}

func TestExampleConfig(t *testing.T) {
	cfg, err := Load("../baton.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.SMTP.Listen != "127.0.0.1:2525" || cfg.Relay != nil || cfg.IMAP != nil {
		t.Errorf("listen %q relay %v imap %v; want the laptop defaults", cfg.SMTP.Listen, cfg.Relay, cfg.IMAP)
	}
	if !filepath.IsAbs(cfg.DataDir) || filepath.Base(cfg.DataDir) != "baton-data" {
		t.Errorf("data dir %q, want an absolute path ending in baton-data", cfg.DataDir)
	}
	if len(cfg.Teams) != 2 {
		t.Fatalf("%d teams, want 2", len(cfg.Teams))
	}
	bo := cfg.Member("bo@example.com")
	if bo == nil || len(bo.Teams) != 2 || cfg.Teams[0].Members[1] != cfg.Teams[1].Members[0] {
		t.Errorf("bo is on both teams as one member: got %+v", bo)
	}
	ana := cfg.Member("ana@example.com")
	if !ana.HasWorkingHours() || ana.WorkStart != (schedule.Clock{Hour: 8}) || len(ana.Away) != 9 {
		t.Errorf("ana: hours %v-%v, %d away days; want 08:00-18:00 and 9 days", ana.WorkStart, ana.WorkEnd, len(ana.Away))
	}
	if ana.Location.String() != "Europe/Lisbon" {
		t.Errorf("ana's zone %v", ana.Location)
	}
	p := cfg.Team("platform")
	if p.CheckIn != (schedule.Clock{Hour: 16, Minute: 30}) || p.ResponseWindow != 24*time.Hour || p.Workdays[time.Saturday] || !p.Workdays[time.Monday] {
		t.Errorf("platform rhythm: %+v", p)
	}
	if got := p.Sections["done"]; len(got) != 1 || got[0] != "Shipped" {
		t.Errorf("sections: %v", p.Sections)
	}
}

func TestSecrets(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "imap-pw"), []byte("s3cret-imap\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	src := `domain = "example.com"
[imap]
address = "127.0.0.1:993"
username = "u"
password_file = "imap-pw"
[relay]
address = "127.0.0.1:587"
username = "r"
password_env = "RELAY_PW"
[[team]]
name = "T"
[[team.member]]
email = "a@example.com"
timezone = "UTC"
`
	env := map[string]string{"RELAY_PW": "s3cret-relay"}
	cfg, err := parse(filepath.Join(dir, "baton.toml"), src, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if cfg.IMAP.Password.Reveal() != "s3cret-imap" || cfg.Relay.Password.Reveal() != "s3cret-relay" {
		t.Errorf("secrets not read: %q %q", cfg.IMAP.Password.Reveal(), cfg.Relay.Password.Reveal())
	}
	for _, s := range []string{cfg.IMAP.Password.String(), cfg.Relay.Password.LogValue().String()} {
		if strings.Contains(s, "s3cret") {
			t.Errorf("secret printed: %q", s)
		}
	}
	b, _ := cfg.Relay.Password.MarshalText()
	if strings.Contains(string(b), "s3cret") {
		t.Errorf("secret marshalled: %q", b)
	}
	_, err = parse(filepath.Join(dir, "baton.toml"), src, func(string) string { return "" })
	if err == nil || !strings.Contains(err.Error(), "baton.toml:9: environment variable RELAY_PW is empty or unset") {
		t.Errorf("unset env: got %v", err)
	}
}

// TestNoSecrets: the read-only commands' Load checks where a password
// comes from but reads neither file nor variable; a missing one is
// still an error there, an unset one is not.
func TestNoSecrets(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "baton.toml")
	src := `domain = "example.com"
[imap]
address = "127.0.0.1:993"
username = "u"
password_file = "no-such-file"
[relay]
address = "127.0.0.1:587"
username = "r"
password_env = "BATON_TEST_UNSET_VARIABLE"
[[team]]
name = "T"
[[team.member]]
email = "a@example.com"
timezone = "UTC"
`
	if err := os.WriteFile(path, []byte(src), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(path, NoSecrets)
	if err != nil {
		t.Fatalf("Load(NoSecrets): %v", err)
	}
	if cfg.IMAP.Password.Reveal() != "" || cfg.Relay.Password.Reveal() != "" {
		t.Error("NoSecrets read a secret")
	}
	_, err = Load(path)
	for _, want := range []string{"baton.toml:5: cannot read password_file", "baton.toml:9: environment variable BATON_TEST_UNSET_VARIABLE is empty or unset; export it before starting baton serve"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load without NoSecrets: got %v, want %q", err, want)
		}
	}
	missing := strings.Replace(src, "password_env = \"BATON_TEST_UNSET_VARIABLE\"\n", "", 1)
	if err := os.WriteFile(path, []byte(missing), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path, NoSecrets); err == nil || !strings.Contains(err.Error(), "baton.toml:6: [relay] needs a password") {
		t.Errorf("a relay without any password, NoSecrets: got %v", err)
	}
}

func TestLineIndex(t *testing.T) {
	src := `a = 1
list = [
  "x",
  "y",
]
[t]
k = """
multi
"""
after = 2
[[arr]]
x = 1
[[arr]]
x = 2
[[arr.sub]]
y = 3
[arr.tbl]
z = 4
`
	idx := indexLines(src)
	for key, want := range map[string]int{"a": 1, "list": 2, "t.k": 7, "t.after": 10, "arr.0.x": 12, "arr.1.x": 14, "arr.1.sub.0.y": 16, "arr.1.tbl.z": 18} {
		if got := idx[key]; got != want {
			t.Errorf("line of %s = %d, want %d", key, got, want)
		}
	}
	if got := idx.line("arr", "1", "missing"); got != 13 {
		t.Errorf("fallback to parent: got %d, want 13", got)
	}
}

func TestClosest(t *testing.T) {
	for _, c := range []struct{ word, want string }{
		{"tmezone", "timezone"}, {"emial", "email"}, {"xyzzy", ""}, {"digets", "digest"},
	} {
		if got := closest(c.word, []string{"name", "email", "timezone", "digest", "checkin"}); got != c.want {
			t.Errorf("closest(%q) = %q, want %q", c.word, got, c.want)
		}
	}
}

// TestTypeErrors: a value of the wrong type is reported at its line,
// saying what to write instead, as every other config error is.
func TestTypeErrors(t *testing.T) {
	const team = "[[team]]\nname = \"P\"\naddress = \"p\"\n"
	for _, tc := range []struct{ src, want string }{
		{"domain = \"x.com\"\n\n[smtp]\nmax_recipients = \"fifty\"\n",
			`baton.toml:4: smtp.max_recipients is a quoted string here but must be a number without quotes; see baton.example.toml`},
		{"domain = \"x.com\"\nteam = \"P\"\n",
			`baton.toml:2: team is a quoted string here; write each one as a [[team]] table, as in baton.example.toml`},
		{"domain = \"x.com\"\n" + team + "member = [\"ana@example.com\"]\n",
			`baton.toml:5: team.member is a quoted string here; write each one as a [[team.member]] table, as in baton.example.toml`},
		{"domain = \"x.com\"\n" + team + "workdays = \"mon\"\n",
			`baton.toml:5: team.workdays is a quoted string here but must be a list; see baton.example.toml`},
		{"domain = \"x.com\"\n" + team + "send_empty = \"yes\"\n",
			`baton.toml:5: team.send_empty is a quoted string here but must be true or false; see baton.example.toml`},
	} {
		_, err := parse("baton.toml", tc.src, noEnv)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%q:\n got %v\nwant %s", tc.src, err, tc.want)
		}
	}
}
