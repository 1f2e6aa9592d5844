package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/baton-mail/baton/config"
)

func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("check", stderr)
	loadConfig := configFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	printSummary(stdout, cfg, time.Now())
	return nil
}

// printSummary shows what the config means: where mail goes and when
// each member hears from Baton. It never shows secrets.
func printSummary(w io.Writer, cfg *config.Config, now time.Time) {
	fmt.Fprintf(w, "%s: OK\n", cfg.File)
	fmt.Fprintf(w, "  SMTP listens on %s for @%s; data in %s\n", cfg.SMTP.Listen, cfg.Domain, cfg.DataDir)
	if cfg.SMTP.SPF != config.PolicyOff || cfg.SMTP.DKIM != config.PolicyOff {
		fmt.Fprintf(w, "  checks senders of mail to team addresses: spf %s, dkim %s\n", cfg.SMTP.SPF, cfg.SMTP.DKIM)
	}
	if cfg.IMAP != nil {
		fmt.Fprintf(w, "  polls %s on %s (%s) as %s\n", cfg.IMAP.Mailbox, cfg.IMAP.Address, cfg.IMAP.TLS, cfg.IMAP.Username)
	}
	if sub := cfg.Submission; sub != nil {
		auth := "after STARTTLS"
		if cfg.SMTP.TLSCert == "" {
			auth = "without TLS, loopback only"
		}
		fmt.Fprintf(w, "  submission listens on %s, AUTH %s; accounts: %d\n", sub.Listen, auth, len(sub.Users))
	}
	if cfg.Relay != nil {
		fmt.Fprintf(w, "  sends through %s (%s)\n", cfg.Relay.Address, cfg.Relay.TLS)
	} else {
		fmt.Fprintf(w, "  sends nothing out: outbound mail is written to the Maildir %s/outbox\n", cfg.DataDir)
	}
	for _, t := range cfg.Teams {
		fmt.Fprintf(w, "\nteam %s <%s@%s>: check-in %s, digest %s, %s, response window %s\n",
			t.Name, t.Address, cfg.Domain, t.CheckIn, t.Digest, days(t.Workdays), shortDuration(t.ResponseWindow))
		for _, m := range t.Members {
			fmt.Fprintf(w, "  %s <%s> %s\n", m.Name, m.Email, m.Location)
			if first := m.Teams[0]; first != t {
				// One prompt and one digest a day, on the first team's rhythm.
				fmt.Fprintf(w, "    prompt and digest for both teams follow team %s\n", first.Name)
			}
			for _, kind := range []string{config.KindPrompt, config.KindDigest} {
				at, _ := m.Teams[0].Next(m, kind, now)
				if at.IsZero() {
					fmt.Fprintf(w, "    next %-7s never (no workday within a year)\n", kind+":")
					continue
				}
				fmt.Fprintf(w, "    next %-7s %s local, %s UTC\n", kind+":", at.Format("Mon 2006-01-02 15:04 MST"), at.UTC().Format("Mon 2006-01-02 15:04"))
			}
		}
	}
}

func days(w [7]bool) string {
	var names []string
	for i := 1; i <= 7; i++ { // Monday first
		if d := time.Weekday(i % 7); w[d] {
			names = append(names, d.String()[:3])
		}
	}
	return strings.Join(names, " ")
}

// shortDuration prints 24h rather than 24h0m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
