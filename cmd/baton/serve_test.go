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
	old := load(same)
	for _, tt := range []struct {
		name string
		edit func(string) string
		want []string
	}{
		{"nothing", same, nil},
		{"a member's zone and the DKIM and SPF policies", func(s string) string {
			s = strings.ReplaceAll(s, `"Asia/Singapore"`, `"Asia/Tokyo"`)
			s = strings.Replace(s, `spf = "off"`, `spf = "require"`, 1)
			return strings.Replace(s, `dkim = "off"`, `dkim = "record"`, 1)
		}, nil},
		{"the SMTP port and the admin listener", func(s string) string {
			s = strings.Replace(s, `listen = "127.0.0.1:2525"`, `listen = "127.0.0.1:2526"`, 1)
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
