package thread

import (
	"testing"

	"github.com/baton-mail/baton/internal/puretest"
)

// TestPure keeps the package free of I/O and of other Baton packages.
func TestPure(t *testing.T) { puretest.Check(t, "github.com/baton-mail/baton") }
