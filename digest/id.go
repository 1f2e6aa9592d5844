package digest

import (
	"strings"

	"github.com/baton-mail/baton/schedule"
)

// MessageID returns, without angle brackets, the Message-ID of the
// digest recipient gets for local date day: stable, so the gateway can
// tell which digest a reply answers from its reply address alone.
func MessageID(day schedule.Date, recipient, domain string) string {
	return strings.Trim(messageID("digest", day, recipient, domain), "<>")
}

// IsMessageID reports whether id (without angle brackets) is the
// Message-ID of a digest Baton sent for domain.
func IsMessageID(id, domain string) bool {
	return strings.HasPrefix(id, "digest.") && strings.HasSuffix(strings.ToLower(id), "@"+domain)
}
