package gateway

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/baton-mail/baton/internal/testenv"
)

// TestReloadUnderLoad swaps the Platform team's members with SetConfig
// (what SIGHUP does) while four senders deliver over SMTP: Dana moves
// to Data, Eli joins Platform. Every message that got a 250 is stored;
// after the swap Eli's mail is taken and Dana's to Platform refused.
func TestReloadUnderLoad(t *testing.T) {
	base := strings.Replace(testenv.TwoTeams, `listen = "127.0.0.1:0"`, "listen = \"127.0.0.1:0\"\nrate_per_minute = 1000000", 1)
	tg := newTestGateway(t, testenv.Config(t, base), testenv.Quiet)
	tg.Start(t)
	swapped := strings.Replace(base, `[[team.member]]
name = "Dana Kim"
email = "dana@example.com"
timezone = "America/New_York"
`, `[[team.member]]
name = "Eli Park"
email = "eli@example.com"
timezone = "Asia/Seoul"
`, 1) + `
[[team.member]]
name = "Dana Kim"
email = "dana@example.com"
timezone = "America/New_York"
`
	next := testenv.Config(t, swapped)
	next.DataDir = tg.cfg.DataDir

	const perSender = 60
	var (
		mu        sync.Mutex
		acked     []string
		sent      atomic.Int64
		reloaded  atomic.Bool
		afterEli  atomic.Int64
		afterDana atomic.Int64
		wg        sync.WaitGroup
	)
	for _, from := range []string{"ana@example.com", "bo@example.com", "dana@example.com", "eli@example.com"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Each sender goes on past perSender until it has sent
			// once after the reload: Eli's refusals are quick.
			sawReload := false
			for i := 0; i < perSender || !sawReload && i < 5000; i++ {
				after := reloaded.Load()
				sawReload = sawReload || after
				id := fmt.Sprintf("%d.%s", i, from)
				err := testenv.Send(tg.addr, from, []string{"platform@baton.test"}, testenv.Message(from, "platform@baton.test", id, "Done:\r\n- item"))
				sent.Add(1)
				if err == nil {
					mu.Lock()
					acked = append(acked, id)
					mu.Unlock()
					if after && from == "eli@example.com" {
						afterEli.Add(1)
					}
				} else if after && from == "dana@example.com" {
					afterDana.Add(1)
				}
			}
		}()
	}
	testenv.WaitFor(t, "the load to be under way", func() bool { return sent.Load() >= 40 })
	tg.SetConfig(next)
	reloaded.Store(true)
	wg.Wait()

	if afterEli.Load() == 0 || afterDana.Load() == 0 {
		t.Errorf("after the reload: %d of Eli's messages taken, %d of Dana's refused; want some of each", afterEli.Load(), afterDana.Load())
	}
	for _, id := range acked {
		if _, err := tg.db.Lookup(id); err != nil {
			t.Errorf("acknowledged %s is not stored: %v", id, err)
		}
	}
	t.Logf("%d messages acknowledged of %d sent", len(acked), sent.Load())
}
