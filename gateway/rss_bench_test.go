package gateway

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// bigMessageSize is the size of the large messages BenchmarkSMTPPeakRSS
// sends (20 MB in BENCHMARKS.md).
const bigMessageSize = 20 << 20

// BenchmarkSMTPPeakRSS sends n large messages (a short update with a
// base64 attachment, 20 MB in all) at once over n connections and
// reports the process's peak resident memory above its resting level,
// in MB and as a ratio to the message bytes sent at once (rss/sent).
// The gateway runs with the default memory_budget (256 MB) and the
// runtime memory limit serve sets; messages past the budget wait their
// turn. Run each case once:
//
//	go test ./gateway/ -run '^$' -bench PeakRSS -benchtime 1x
func BenchmarkSMTPPeakRSS(b *testing.B) {
	body := bigAttachment(bigMessageSize)
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	for _, n := range []int{8, 32} {
		b.Run(fmt.Sprintf("messages=%d", n), func(b *testing.B) {
			lg := startLoopbackGateway(b, nil)
			debug.SetMemoryLimit(SoftMemoryLimit(lg.cfg))
			b.ResetTimer()
			var peak, base, anon int64
			for i := range b.N {
				debug.FreeOSMemory()
				base = resetPeakRSS(b)
				baseAnon := procStatus(b, "RssAnon")
				stopSampling := sampleAnon(b, &anon)
				var wg sync.WaitGroup
				for c := range n {
					from := loopbackMembers[c%len(loopbackMembers)]
					wg.Go(func() {
						msg := bigHeader(from, fmt.Sprintf("big-%d-%d-%d@example.com", n, i, c))
						size := int64(len(msg) + len(body))
						if err := sendBig(lg.addr, from, size, io.MultiReader(strings.NewReader(msg), bytes.NewReader(body))); err != nil {
							b.Errorf("message %d: %v", c, err)
						}
					})
				}
				wg.Wait()
				stopSampling()
				peak = max(peak, procStatus(b, "VmHWM")-base)
				anon -= baseAnon
			}
			b.StopTimer()
			inflight := float64(n) * float64(len(body))
			b.ReportMetric(float64(peak)/(1<<20), "peakMB")
			b.ReportMetric(float64(peak)/inflight, "rss/sent")
			b.ReportMetric(float64(base)/(1<<20), "restMB")
			b.ReportMetric(float64(anon)/(1<<20), "anonMB")
		})
	}
}

// sendBig delivers one message over a fresh connection, declaring its
// SIZE as an MTA does, with a generous client timeout: waiting for the
// memory budget is part of the test.
func sendBig(addr, from string, size int64, r io.Reader) error {
	c, err := smtp.Dial(addr)
	if err != nil {
		return err
	}
	defer c.Close()
	c.CommandTimeout = 10 * time.Minute
	c.SubmissionTimeout = 10 * time.Minute
	if err := c.Mail(from, &smtp.MailOptions{Size: size}); err != nil {
		return err
	}
	if err := c.Rcpt("platform@baton.test", nil); err != nil {
		return err
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := io.Copy(w, r); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return c.Quit()
}

func bigHeader(from, msgID string) string {
	return fmt.Sprintf("From: %s\r\nTo: platform@baton.test\r\nSubject: logs for the outage\r\nMessage-ID: <%s>\r\n"+
		"Date: Tue, 24 Nov 2026 16:42:07 +0000\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n"+
		"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDone:\r\n- collected the logs, attached\r\n\r\n"+
		"--b1\r\nContent-Type: application/octet-stream; name=logs.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n", from, msgID)
}

// bigAttachment is the base64 part and closing boundary, about size
// bytes in 76-character lines.
func bigAttachment(size int) []byte {
	raw := make([]byte, size/4*3)
	for i := range raw {
		raw[i] = byte(i * 7919 >> 3)
	}
	enc := base64.StdEncoding.EncodeToString(raw)
	var b bytes.Buffer
	b.Grow(size + size/38 + 64)
	for len(enc) > 76 {
		b.WriteString(enc[:76])
		b.WriteString("\r\n")
		enc = enc[76:]
	}
	b.WriteString(enc + "\r\n--b1--\r\n")
	return b.Bytes()
}

// resetPeakRSS resets the kernel's peak resident size of this process
// (VmHWM) to the current one and returns that, in bytes.
func resetPeakRSS(tb testing.TB) int64 {
	tb.Helper()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		tb.Skipf("cannot reset peak RSS: %v", err)
	}
	return procStatus(tb, "VmRSS")
}

// procStatus reads a "kB" field of /proc/self/status, in bytes.
func procStatus(tb testing.TB, field string) int64 {
	tb.Helper()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		tb.Skipf("no /proc: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil {
				tb.Fatal(err)
			}
			return kb << 10
		}
	}
	tb.Fatalf("no %s in /proc/self/status", field)
	return 0
}

// sampleAnon records the largest RssAnon (heap and stacks, without the
// database's file mapping) every 5 ms until the returned func is called.
func sampleAnon(tb testing.TB, peak *int64) (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			*peak = max(*peak, procStatus(tb, "RssAnon"))
			select {
			case <-quit:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(quit); <-done }
}
