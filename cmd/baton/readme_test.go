package main

import (
	"os"
	"strings"
	"testing"
)

// TestREADMECommands: every command has its row in the README's
// command table, and the Quickstart's port aside names a flag serve has.
func TestREADMECommands(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for _, c := range commands {
		if !strings.Contains(readme, "| `baton "+c.name) && !strings.Contains(readme, "`baton "+c.name+"`, ") {
			t.Errorf("README's command table has no row for baton %s", c.name)
		}
	}
	if !strings.Contains(strings.Join(strings.Fields(readme), " "), "serve -config baton.example.toml -listen 127.0.0.1:2526") {
		t.Error("README lacks the Quickstart's -listen aside")
	}
	if code, out := runCmd("serve", "-h"); code != exitOK || !strings.Contains(out, "-listen") {
		t.Errorf("serve -h: exit %d, no -listen:\n%s", code, out)
	}
}
