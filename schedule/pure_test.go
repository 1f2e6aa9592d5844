package schedule

import (
	"testing"

	"github.com/baton-mail/baton/internal/puretest"
)

// TestPure keeps the package free of I/O.
func TestPure(t *testing.T) { puretest.Check(t) }
