package smtpd

import (
	"testing"

	"github.com/baton-mail/baton/internal/puretest"
)

// TestLayers: imports point down (STYLE.md, ARCHITECTURE.md).
func TestLayers(t *testing.T) {
	puretest.Below(t, "github.com/baton-mail/baton/gateway", "github.com/baton-mail/baton/control", "github.com/baton-mail/baton/cmd", "github.com/baton-mail/baton/imappoll", "github.com/baton-mail/baton/scheduler", "github.com/baton-mail/baton/sender", "github.com/baton-mail/baton/report")
}
