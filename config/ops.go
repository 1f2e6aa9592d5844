package config

import (
	"strconv"
	"strings"
	"time"
)

// Admin configures the admin HTTP listener (/healthz, /metrics). It is
// off unless the file has an [admin] table with listen set.
type Admin struct {
	Listen string // host:port; keep it on loopback or a private network
}

func (c *checker) admin(f *fileAdmin) *Admin {
	if f == nil {
		return nil
	}
	c.hostPort([]string{"admin", "listen"}, f.Listen, "127.0.0.1:8025")
	return &Admin{Listen: f.Listen}
}

// retention reads how long raw message bytes are kept: a Go duration
// ("8760h") or a whole number of days ("365d"). Empty keeps them
// forever (0).
func (c *checker) retention(s string) time.Duration {
	if s == "" {
		return 0
	}
	d, ok := parseDays(s)
	if !ok {
		c.errorf([]string{"retention"}, "retention %q is not a period; use days such as \"365d\" or hours such as \"8760h\"", s)
		return 0
	}
	if d < 24*time.Hour {
		c.errorf([]string{"retention"}, "retention %q is under a day; keep raw mail at least \"1d\", or remove the key to keep it forever", s)
		return 0
	}
	return d
}

// parseDays parses a positive duration written as whole days ("30d")
// or as time.ParseDuration accepts it ("720h"). Every duration in the
// config is read this way.
func parseDays(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.Atoi(n)
		if err != nil || days <= 0 || days > 100*366 {
			return 0, false
		}
		return time.Duration(days) * 24 * time.Hour, true
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, false
	}
	return d, true
}
