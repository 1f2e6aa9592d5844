package clock

import (
	"testing"

	"github.com/baton-mail/baton/internal/puretest"
)

func TestPure(t *testing.T) { puretest.Check(t, "github.com/baton-mail/baton") }
