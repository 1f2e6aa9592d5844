package config

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// Submission configures the optional authenticated submission listener:
// members whose own mail server cannot reach Baton send their updates
// through it, signing in with their address and a password. It is off
// unless the file has a [submission] table.
type Submission struct {
	Listen string
	// Users maps a member's address to the bcrypt hash of their
	// password, read from passwords_file. Never logged.
	Users map[string][]byte
}

// submission checks [submission] once the members are known: every
// account must be a member, and passwords never cross a network in the
// clear.
func (c *checker) submission(f *fileSubmission, smtp SMTP) *Submission {
	if f == nil {
		return nil
	}
	k := func(name string) []string { return []string{"submission", name} }
	c.hostPort(k("listen"), f.Listen, "127.0.0.1:5587")
	if host, _, err := net.SplitHostPort(f.Listen); err == nil && smtp.TLSCert == "" && !loopback(host) {
		c.errorf(k("listen"), "submission listens on %q without TLS, so passwords would cross the network in the clear; set tls_cert and tls_key in [smtp], or listen on 127.0.0.1", f.Listen)
	}
	if f.PasswordsFile == "" {
		c.errorf([]string{"submission"}, "[submission] needs passwords_file, lines of \"member@example.com:BCRYPT-HASH\" (make one with: baton password)")
		return nil
	}
	data, err := os.ReadFile(c.path(f.PasswordsFile))
	// Errors name the file as the config does, relative to the config's
	// directory.
	path := f.PasswordsFile
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(c.file), path)
	}
	if err != nil {
		c.errorf(k("passwords_file"), "cannot read passwords_file %q: %v; check the path and that the daemon's user may read it", f.PasswordsFile, pathErr(err))
		return nil
	}
	s := &Submission{Listen: f.Listen, Users: map[string][]byte{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		bad := func(format string, args ...any) {
			c.errs = append(c.errs, &Error{File: path, Line: n, Msg: fmt.Sprintf(format, args...)})
		}
		user, hash, ok := strings.Cut(line, ":")
		user = strings.ToLower(strings.TrimSpace(user))
		switch _, err := bcrypt.Cost([]byte(hash)); {
		case !ok:
			bad("not \"member@example.com:BCRYPT-HASH\"; make a line with: baton password")
		case c.members[user] == nil:
			bad("%q is not a member of any team; add the member to the config, or remove the line", user)
		case err != nil:
			bad("the password of %q is not a bcrypt hash; make one with: baton password", user)
		case s.Users[user] != nil:
			bad("%q has a second line; keep one", user)
		default:
			s.Users[user] = []byte(hash)
		}
	}
	return s
}

func loopback(host string) bool {
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}
