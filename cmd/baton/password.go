package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// runPassword makes one line of the submission passwords file. The
// password is read from the first line of stdin, so it never shows in
// the process list or the shell's history.
func runPassword(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("password", stderr)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || !strings.Contains(fs.Arg(0), "@") {
		fs.Usage()
		return errUsage
	}
	fmt.Fprintf(stderr, "password for %s (one line on stdin): ", fs.Arg(0))
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	pw := strings.TrimRight(line, "\r\n")
	fmt.Fprintln(stderr)
	if len(pw) < 8 || len(pw) > 72 {
		return errors.New("a password needs 8 to 72 bytes")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s:%s\n", strings.ToLower(fs.Arg(0)), hash)
	return nil
}
