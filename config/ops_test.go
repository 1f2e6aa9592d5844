package config

import (
	"strings"
	"testing"
	"time"
)

func TestParseDays(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"365d", 365 * 24 * time.Hour, true},
		{"1d", 24 * time.Hour, true},
		{"8760h", 8760 * time.Hour, true},
		{"0d", 0, false},
		{"-3d", 0, false},
		{"1.5d", 0, false},
		{"d", 0, false},
		{"a year", 0, false},
		{"-1h", 0, false},
	} {
		got, ok := parseDays(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseDays(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestAdminAndRetention(t *testing.T) {
	const base = "domain = \"baton.test\"\n%s\n[[team]]\nname = \"P\"\naddress = \"p\"\n[[team.member]]\nname = \"Ana\"\nemail = \"ana@example.com\"\ntimezone = \"UTC\"\n"
	cfg, err := parse("baton.toml", strings.Replace(base, "%s", "", 1), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Admin != nil || cfg.Retention != 0 {
		t.Errorf("defaults: admin %+v retention %v; want off and forever", cfg.Admin, cfg.Retention)
	}
	cfg, err = parse("baton.toml", strings.Replace(base, "%s", "retention = \"30d\"\n[admin]\nlisten = \"127.0.0.1:8025\"\n", 1), noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Admin == nil || cfg.Admin.Listen != "127.0.0.1:8025" || cfg.Retention != 30*24*time.Hour {
		t.Errorf("admin %+v retention %v", cfg.Admin, cfg.Retention)
	}
	// Every duration takes days as retention does.
	cfg, err = parse("baton.toml", strings.Replace(base, "%s", "grace = \"1d\"\n", 1)+"[[team]]\nname = \"Q\"\naddress = \"q\"\nresponse_window = \"2d\"\n[[team.member]]\nemail = \"bo@example.com\"\ntimezone = \"UTC\"\n", noEnv)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Grace != 24*time.Hour || cfg.Teams[1].ResponseWindow != 48*time.Hour {
		t.Errorf("grace %v, response_window %v; want 24h and 48h", cfg.Grace, cfg.Teams[1].ResponseWindow)
	}
}

func noEnv(string) string { return "" }
