package ascii

import (
	"testing"

	"github.com/baton-mail/baton/internal/puretest"
)

// TestPure keeps the package a leaf that any pure package may import.
func TestPure(t *testing.T) { puretest.Check(t, "github.com/baton-mail/baton") }
