package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestCheckEachProblemOnce runs baton check on configs with one problem
// of each kind the first week turned up: every problem is printed once,
// at its own line.
func TestCheckEachProblemOnce(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []string
	}{
		{"unknown-keys.toml", []string{
			`unknown-keys.toml:6: unknown key "team.sned_empty"`,
			`unknown-keys.toml:12: unknown key "team.member.tmezone"`,
			`unknown-keys.toml:18: unknown key "team.member.tmezone"`,
			`unknown-keys.toml:22: unknown key "team.sned_empty"`}},
		{"member.toml", []string{
			`member.toml:8: member email "ana@@example.com" is not a plain mail address`,
			`member.toml:9: member "ana@@example.com": unknown time zone "Europe/Pariss"`,
			`member.toml:10: working_hours "9-5" is not a range of times`}},
		{"ports.toml", []string{
			`ports.toml:4: listen "127.0.0.1:99999": port 99999 is out of range`,
			`ports.toml:14: address "smtp.example.com:0": port 0 is out of range`}},
		{"header.toml", []string{`header.toml:2: table header [smtp has no closing "]"; write [smtp]`}},
	} {
		code, out := runCmd("check", "-config", filepath.Join("../../config/testdata/bad", tc.file))
		if code != exitFailure {
			t.Errorf("%s: exit %d, want 1", tc.file, code)
		}
		for _, w := range tc.want {
			if n := strings.Count(out, w); n != 1 {
				t.Errorf("%s: %q printed %d times, want once:\n%s", tc.file, w, n, out)
			}
		}
		for l := range strings.Lines(out) {
			if strings.Count(out, l) != 1 {
				t.Errorf("%s: printed twice: %s", tc.file, l)
			}
		}
	}
}
