package config

import (
	"errors"
	"fmt"
	"net"
	"net/mail"
	"os"
	"strconv"
	"strings"
	"time"
)

func (c *checker) config(fc *fileConfig) *Config {
	cfg := &Config{
		Domain:  strings.ToLower(strings.TrimSpace(fc.Domain)),
		DataDir: c.path(or(fc.DataDir, DefaultDataDir)),
		Grace:   c.duration([]string{"grace"}, fc.Grace, DefaultGrace),
	}
	if cfg.Domain == "" {
		c.errorf(nil, "domain is not set; add domain = \"updates.example.com\", the domain of the team addresses")
	} else if !validDomain(cfg.Domain) {
		c.errorf([]string{"domain"}, "domain %q is not a valid mail domain; use a name such as \"updates.example.com\"", fc.Domain)
	}
	if fc.Password != "" {
		c.errorf([]string{"password"}, "passwords may not be written in the config file; use password_file or password_env in [relay] or [imap]")
	}
	cfg.From = c.from(fc.From, cfg.Domain)
	cfg.SMTP = c.smtp(&fc.SMTP)
	if fc.IMAP != nil {
		cfg.IMAP = c.imap(fc.IMAP)
	}
	if fc.Relay != nil {
		cfg.Relay = c.relay(fc.Relay)
	}
	cfg.Admin = c.admin(fc.Admin)
	cfg.Retention = c.retention(fc.Retention)
	cfg.Teams = c.teams(fc.Teams)
	cfg.Submission = c.submission(fc.Submission, cfg.SMTP)
	return cfg
}

func (c *checker) from(s, domain string) string {
	if s == "" {
		return "Baton <baton@" + domain + ">"
	}
	a, err := mail.ParseAddress(s)
	if err != nil {
		c.errorf([]string{"from"}, "from %q is not a mail address; use a form such as \"Baton <baton@%s>\"", s, domain)
		return s
	}
	return a.String()
}

func (c *checker) smtp(f *fileSMTP) SMTP {
	k := func(name string) []string { return []string{"smtp", name} }
	s := SMTP{
		Listen:         or(f.Listen, DefaultListen),
		MaxMessageSize: c.size(k("max_message_size"), f.MaxMessageSize, DefaultMaxMessageSize),
		MaxRecipients:  c.positive(k("max_recipients"), f.MaxRecipients, DefaultMaxRecipients),
		MaxConnections: c.positive(k("max_connections"), f.MaxConnections, DefaultMaxConnections),
		MaxLineLength:  c.positive(k("max_line_length"), f.MaxLineLength, DefaultMaxLineLength),
		RatePerMinute:  c.positive(k("rate_per_minute"), f.RatePerMinute, DefaultRatePerMinute),
		ReadTimeout:    c.duration(k("read_timeout"), f.ReadTimeout, DefaultTimeout),
		WriteTimeout:   c.duration(k("write_timeout"), f.WriteTimeout, DefaultTimeout),
		TLSCert:        c.path(f.TLSCert),
		TLSKey:         c.path(f.TLSKey),
	}
	if c.listen != "" {
		s.Listen = c.listen
		c.flagHostPort("-listen", c.listen, "127.0.0.1:2526")
	} else {
		c.hostPort(k("listen"), s.Listen, "127.0.0.1:2525")
	}
	c.limits(f, &s)
	s.DKIM = c.policy(k("dkim"), f.DKIM)
	s.SPF = c.policy(k("spf"), f.SPF)
	if (s.TLSCert == "") != (s.TLSKey == "") {
		c.errorf(k("tls_cert"), "tls_cert and tls_key go together; set both to enable STARTTLS, or neither")
	}
	for _, p := range [][2]string{{"tls_cert", s.TLSCert}, {"tls_key", s.TLSKey}} {
		if p[1] == "" {
			continue
		}
		if _, err := os.Stat(p[1]); err != nil {
			c.errorf(k(p[0]), "cannot read %s: %v; give the path of a readable PEM file", p[0], pathErr(err))
		}
	}
	return s
}

func (c *checker) imap(f *fileIMAP) *IMAP {
	k := func(name string) []string { return []string{"imap", name} }
	m := &IMAP{
		Address:      f.Address,
		TLS:          c.tlsMode(k("tls"), f.TLS, TLSImplicit),
		Username:     f.Username,
		Mailbox:      or(f.Mailbox, "INBOX"),
		MoveTo:       f.MoveTo,
		PollInterval: c.duration(k("poll_interval"), f.PollInterval, DefaultPollInterval),
	}
	c.hostPort(k("address"), f.Address, "imap.example.com:993")
	if f.Username == "" {
		c.errorf([]string{"imap"}, "[imap] needs username; the mailbox's login name")
	}
	m.Password = c.secret([]string{"imap"}, &f.fileSecret, true)
	return m
}

func (c *checker) relay(f *fileRelay) *Relay {
	r := &Relay{
		Address:  f.Address,
		TLS:      c.tlsMode([]string{"relay", "tls"}, f.TLS, TLSStartTLS),
		Username: f.Username,
	}
	c.hostPort([]string{"relay", "address"}, f.Address, "smtp.example.com:587")
	r.Password = c.secret([]string{"relay"}, &f.fileSecret, f.Username != "")
	return r
}

// secret reads a password from password_file or password_env; with
// NoSecrets it only checks that one is set where needed.
func (c *checker) secret(table []string, f *fileSecret, required bool) Secret {
	k := func(name string) []string { return append(append([]string{}, table...), name) }
	switch {
	case f.Password != "":
		c.errorf(k("password"), "passwords may not be written in the config file; put it in a file named by password_file, or an environment variable named by password_env")
	case f.PasswordFile != "" && f.PasswordEnv != "":
		c.errorf(k("password_env"), "password_file and password_env are both set; keep one")
	case c.getenv == nil && (f.PasswordFile != "" || f.PasswordEnv != ""):
		// NoSecrets: checked for form only.
	case f.PasswordFile != "":
		b, err := os.ReadFile(c.path(f.PasswordFile))
		if err != nil {
			c.errorf(k("password_file"), "cannot read password_file %q: %v; check the path and that the daemon's user may read it", f.PasswordFile, pathErr(err))
			return Secret{}
		}
		return Secret{strings.TrimRight(string(b), "\r\n")}
	case f.PasswordEnv != "":
		v := c.getenv(f.PasswordEnv)
		if v == "" {
			c.errorf(k("password_env"), "environment variable %s is empty or unset; export it before starting baton serve", f.PasswordEnv)
		}
		return Secret{v}
	case required:
		c.errorf(table, "[%s] needs a password; set password_file or password_env", strings.Join(table, "."))
	}
	return Secret{}
}

func (c *checker) tlsMode(key []string, s, def string) string {
	switch s {
	case "":
		return def
	case TLSImplicit, TLSStartTLS, TLSNone:
		return s
	}
	c.errorf(key, "tls %q is not a TLS mode; use \"implicit\", \"starttls\" or \"none\"", s)
	return def
}

func (c *checker) hostPort(key []string, s, example string) {
	if s == "" {
		c.errorf(key[:len(key)-1], "%s is not set; use host:port, e.g. %q", strings.Join(key, "."), example)
		return
	}
	if msg := checkHostPort(key[len(key)-1], s, example); msg != "" {
		c.errorf(key, "%s", msg)
	}
}

// flagHostPort checks an address given on the command line; its error
// names the flag where a file's names a line.
func (c *checker) flagHostPort(flag, s, example string) {
	if msg := checkHostPort("listen", s, example); msg != "" {
		c.errs = append(c.errs, &Error{File: c.file, Msg: flag + " flag: " + msg})
	}
}

// checkHostPort says what is wrong with host:port s, or "" when
// nothing is. name is the key; a "listen" key may ask for port 0.
func checkHostPort(name, s, example string) string {
	_, port, err := net.SplitHostPort(s)
	if err != nil || port == "" {
		return fmt.Sprintf("%s %q is not host:port; use e.g. %q", name, s, example)
	}
	n, err := strconv.Atoi(port)
	if err != nil {
		if n, err = net.LookupPort("tcp", port); err != nil {
			return fmt.Sprintf("%s %q: %q is not a port number; use e.g. %q", name, s, port, example)
		}
	}
	low := 1
	if name == "listen" {
		low = 0 // a listener may ask for any free port; a server to dial may not
	}
	if n < low || n > 65535 {
		return fmt.Sprintf("%s %q: port %d is out of range; use 1 to 65535, e.g. %q", name, s, n, example)
	}
	return ""
}

func (c *checker) duration(key []string, s string, def time.Duration) time.Duration {
	if s == "" {
		return def
	}
	d, ok := parseDays(s)
	if !ok {
		c.errorf(key, "%s %q is not a duration; use a positive number with a unit, such as \"30s\", \"15m\", \"24h\" or \"2d\"", key[len(key)-1], s)
		return def
	}
	return d
}

// policy checks a dkim or spf policy; unset means off.
func (c *checker) policy(key []string, p string) string {
	switch p {
	case "":
		return PolicyOff
	case PolicyOff, PolicyRecord, PolicyRequire:
		return p
	}
	c.errorf(key, "%s %q is not a policy; use \"off\", \"record\" or \"require\"", key[len(key)-1], p)
	return PolicyOff
}

func (c *checker) positive(key []string, n, def int) int {
	if n == 0 {
		return def
	}
	if n < 0 {
		c.errorf(key, "%s is %d; use a positive number", key[len(key)-1], n)
		return def
	}
	return n
}

// size parses "25MB", "512KiB" or a plain number of bytes.
func (c *checker) size(key []string, s string, def int64) int64 {
	if s == "" {
		return def
	}
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		m      int64
	}{{"KIB", 1 << 10}, {"MIB", 1 << 20}, {"GIB", 1 << 30}, {"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSpace(strings.TrimSuffix(t, u.suffix)), u.m
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		c.errorf(key, "%s %q is not a size; use e.g. \"25MB\" or \"10MiB\"", key[len(key)-1], s)
		return def
	}
	return n * mult
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func validDomain(d string) bool {
	if len(d) > 253 || !strings.Contains(d, ".") && d != "localhost" {
		return false
	}
	for _, label := range strings.Split(d, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
				return false
			}
		}
	}
	return true
}

// pathErr drops the path from an *os.PathError: the message names the
// key and the path as the file wrote it.
func pathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
