package report

import (
	"testing"

	"github.com/baton-mail/baton/internal/puretest"
)

// TestLayers: imports point down (STYLE.md, ARCHITECTURE.md).
func TestLayers(t *testing.T) {
	puretest.Below(t, "github.com/baton-mail/baton/gateway", "github.com/baton-mail/baton/control", "github.com/baton-mail/baton/cmd")
}
