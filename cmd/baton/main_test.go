package main

import (
	"os"
	"os/exec"
	"testing"
)

// execEnv, when set to 1, makes the test binary run baton's main instead
// of the tests: tests start the daemon as a real process without a
// separate go build.
const execEnv = "BATON_TEST_EXEC_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(execEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// batonCommand returns a command that runs baton with args in a child
// process (this test binary, re-executed as main).
func batonCommand(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), execEnv+"=1")
	return cmd
}
