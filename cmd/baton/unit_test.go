package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const unitPath = "../../deploy/baton.service"

// unitSettings reads the [Service] settings of the systemd unit; a key
// given twice keeps every value.
func unitSettings(t *testing.T) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(unitPath)
	if err != nil {
		t.Fatal(err)
	}
	set := map[string][]string{}
	section := ""
	for line := range strings.Lines(string(b)) {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || line[0] == '#':
		case line[0] == '[':
			section = line
		case section == "[Service]":
			k, v, _ := strings.Cut(line, "=")
			set[k] = append(set[k], v)
		}
	}
	return set
}

// TestUnitFile holds deploy/baton.service to what the README promises:
// readiness by notification, restarts on failure, reload by SIGHUP, its
// own user and state directory, and the sandbox.
func TestUnitFile(t *testing.T) {
	set := unitSettings(t)
	for k, want := range map[string]string{
		"Type":               "notify",
		"ExecStart":          "/usr/local/bin/baton serve -config /etc/baton/baton.toml",
		"ExecReload":         "/bin/kill -HUP $MAINPID",
		"Restart":            "on-failure",
		"DynamicUser":        "yes",
		"StateDirectory":     "baton",
		"ProtectSystem":      "strict",
		"ProtectHome":        "yes",
		"NoNewPrivileges":    "yes",
		"PrivateTmp":         "yes",
		"PrivateDevices":     "yes",
		"RestrictSUIDSGID":   "yes",
		"SystemCallFilter":   "@system-service",
		"UMask":              "0077",
		"StateDirectoryMode": "0700",
	} {
		if got := set[k]; len(got) == 0 || got[0] != want {
			t.Errorf("%s=%q, want %q", k, got, want)
		}
	}
	// SIGTERM waits up to gateway.ShutdownTimeout for messages in flight.
	if got := set["TimeoutStopSec"]; len(got) != 1 || got[0] != "45s" {
		t.Errorf("TimeoutStopSec=%q, want 45s (more than the 30s shutdown)", got)
	}
}

// TestUnitVerify runs systemd-analyze verify on the unit, with ExecStart
// pointing at this test binary (verify wants an executable there).
func TestUnitVerify(t *testing.T) {
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed (apt-get install systemd)")
	}
	b, err := os.ReadFile(unitPath)
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "baton.service")
	if err := os.WriteFile(path, []byte(strings.ReplaceAll(string(b), "/usr/local/bin/baton", self)), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(analyze, "verify", path).CombinedOutput()
	if err != nil || len(out) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}
}
