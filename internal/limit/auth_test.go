package limit

import (
	"fmt"
	"testing"
	"time"
)

// TestAuthThrottleDelays checks the delays by address and by account.
func TestAuthThrottleDelays(t *testing.T) {
	th := NewAuthThrottle()
	now := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	var waits []time.Duration
	for range 9 {
		wait, ok, _ := th.Admit("192.0.2.1", "ana@example.com", now)
		if !ok {
			break
		}
		now = now.Add(wait)
		waits = append(waits, wait)
		th.Done("192.0.2.1", "ana@example.com", false, now)
	}
	want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second}
	if fmt.Sprint(waits) != fmt.Sprint(want) {
		t.Errorf("waits from one address %v; want %v and then a refusal", waits, want)
	}
	// The account is slowed for everyone, at most authMaxDelayUser,
	// and never refused.
	wait, ok, _ := th.Admit("192.0.2.2", "ana@example.com", now)
	if !ok || wait <= 0 || wait > authMaxDelayUser {
		t.Errorf("another address on the account: wait %v ok %v; want 0 < wait <= %v", wait, ok, authMaxDelayUser)
	}
	// Forgotten after authForget.
	if wait, ok, _ := th.Admit("192.0.2.1", "bo@example.com", now.Add(authForget+authMaxDelayIP)); !ok || wait != 0 {
		t.Errorf("after authForget: wait %v ok %v", wait, ok)
	}
}
