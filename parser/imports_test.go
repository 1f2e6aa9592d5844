package parser

import (
	"testing"

	"github.com/baton-mail/baton/internal/puretest"
)

// TestImports keeps the parser pure (STYLE.md, "Imports point down"):
// no I/O, no embedded zone data, no other Baton package but the
// internal helpers.
func TestImports(t *testing.T) { puretest.Check(t, "time/tzdata", "github.com/baton-mail/baton") }
