package imappoll

import (
	"fmt"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
)

// imapIdleCheck is how often the poller ends an IDLE to check the
// mailbox: a NOOP and a fetch of anything new (catchUp, which also
// stamps the poll time /healthz reads) and a STATUS of its UIDVALIDITY.
// A server that went away, or a mailbox recreated under the poller
// with new UIDs, is noticed within this, not at the 25-minute IDLE
// restart RFC 2177 allows.
const imapIdleCheck = time.Minute

// checkValidity asks the server for the mailbox's UIDVALIDITY (RFC 9051
// section 6.3.11) and fails when it is not the one the watermark was
// taken under, so the poller reconnects and resume starts the mailbox
// over.
func (p *imapPoller) checkValidity(c *imapclient.Client) error {
	st, err := c.Status(p.cfg.Mailbox, &imap.StatusOptions{UIDValidity: true}).Wait()
	if err != nil {
		return fmt.Errorf("status: %w", err)
	}
	if st.UIDValidity != p.state.UIDValidity {
		return fmt.Errorf("uidvalidity changed from %d to %d while connected", p.state.UIDValidity, st.UIDValidity)
	}
	return nil
}
