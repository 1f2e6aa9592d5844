package items

import (
	"testing"

	"github.com/baton-mail/baton/internal/puretest"
)

// TestLayers: imports point down (STYLE.md, ARCHITECTURE.md).
func TestLayers(t *testing.T) {
	puretest.Below(t, "github.com/baton-mail/baton/gateway", "github.com/baton-mail/baton/control", "github.com/baton-mail/baton/cmd", "github.com/baton-mail/baton/smtpd", "github.com/baton-mail/baton/imappoll", "github.com/baton-mail/baton/scheduler", "github.com/baton-mail/baton/sender", "github.com/baton-mail/baton/report", "github.com/baton-mail/baton/ingest", "github.com/baton-mail/baton/token", "github.com/baton-mail/baton/internal/env")
}
