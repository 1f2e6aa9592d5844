package main

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/baton-mail/baton/config"
)

// TestRestartOnly names the changed settings a reload cannot apply, and
// none of those it can.
func TestRestartOnly(t *testing.T) {
	base, err := os.ReadFile("../../baton.example.toml")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir() // one directory: data_dir is relative to it
	n := 0
	load := func(edit func(string) string) *config.Config {
		t.Helper()
		n++
		path := filepath.Join(dir, fmt.Sprintf("baton%d.toml", n))
		if err := os.WriteFile(path, []byte(edit(string(base))), 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, err := config.Load(path)
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}
	same := func(s string) string { return s }
	// replace edits the example config, failing when it no longer
	// holds what the edit expects.
	replace := func(s, old, new string) string {
		t.Helper()
		if !strings.Contains(s, old) {
			t.Fatalf("the example config has no %s; update this test", old)
		}
		return strings.ReplaceAll(s, old, new)
	}
	old := load(same)
	for _, tt := range []struct {
		name string
		edit func(string) string
		want []string
	}{
		{"nothing", same, nil},
		{"a member's zone and the DKIM and SPF policies", func(s string) string {
			s = replace(s, `"Asia/Singapore"`, `"Asia/Tokyo"`)
			s = replace(s, `spf = "off"`, `spf = "require"`)
			return replace(s, `dkim = "off"`, `dkim = "record"`)
		}, nil},
		{"the SMTP port and the admin listener", func(s string) string {
			s = replace(s, `listen = "127.0.0.1:2525"`, `listen = "127.0.0.1:2526"`)
			return s + "\n[admin]\nlisten = \"127.0.0.1:8025\"\n"
		}, []string{"[smtp]", "[admin] listen"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := restartOnly(old, load(tt.edit)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}
