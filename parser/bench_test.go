package parser

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"runtime"
	"testing"
)

// BenchmarkParseCorpus parses the whole corpus per iteration and
// reports messages and bytes per second.
func BenchmarkParseCorpus(b *testing.B) {
	var msgs [][]byte
	size := 0
	for _, file := range corpus(b) {
		raw, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		msgs = append(msgs, raw)
		size += len(raw)
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	for b.Loop() {
		for _, raw := range msgs {
			Parse(raw, testOptions)
		}
	}
	b.ReportMetric(float64(b.N*len(msgs))/b.Elapsed().Seconds(), "msgs/s")
	b.ReportMetric(float64(b.N*size)/b.Elapsed().Seconds(), "bytes/s")
	b.ReportMetric(float64(size)/float64(len(msgs)), "bytes/msg")
}

// largeMessage builds a message of about size bytes: a short text part
// and base64 attachments.
func largeMessage(size int) []byte {
	var buf bytes.Buffer
	buf.WriteString("From: Ana Souza <ana@example.com>\r\nTo: team@example.com\r\n" +
		"Subject: Re: check-in\r\nDate: Mon, 23 Nov 2026 09:00:00 +0000\r\n" +
		"Message-ID: <large@example.com>\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: multipart/mixed; boundary=\"BOUNDARY\"\r\n\r\n" +
		"--BOUNDARY\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" +
		"Done:\r\n- Exported the dumps (attached)\r\n\r\nNext:\r\n- Review\r\n")
	chunk := make([]byte, 57*1024)
	for i := range chunk {
		chunk[i] = byte(i * 7)
	}
	enc := base64.StdEncoding.EncodeToString(chunk)
	for n := 0; buf.Len() < size; n++ {
		fmt.Fprintf(&buf, "--BOUNDARY\r\nContent-Type: application/octet-stream\r\n"+
			"Content-Disposition: attachment; filename=\"dump-%d.bin\"\r\n"+
			"Content-Transfer-Encoding: base64\r\n\r\n", n)
		for i := 0; i < 20 && buf.Len() < size; i++ {
			for j := 0; j < len(enc); j += 76 {
				buf.WriteString(enc[j:min(j+76, len(enc))])
				buf.WriteString("\r\n")
			}
		}
	}
	buf.WriteString("--BOUNDARY--\r\n")
	return buf.Bytes()
}

// BenchmarkParseLarge parses a 25 MB message with attachments and
// reports the peak heap beyond the input, sampled while parsing.
func BenchmarkParseLarge(b *testing.B) {
	raw := largeMessage(25 << 20)
	b.SetBytes(int64(len(raw)))
	var peak uint64
	for b.Loop() {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		done := make(chan struct{})
		sampled := make(chan uint64)
		go func() {
			var ms runtime.MemStats
			var max uint64
			for {
				runtime.ReadMemStats(&ms)
				if ms.HeapAlloc > max {
					max = ms.HeapAlloc
				}
				select {
				case <-done:
					sampled <- max
					return
				default:
					runtime.Gosched()
				}
			}
		}()
		m := Parse(raw, testOptions)
		close(done)
		max := <-sampled
		if max > before.HeapAlloc && max-before.HeapAlloc > peak {
			peak = max - before.HeapAlloc
		}
		if len(m.Attachments) == 0 {
			b.Fatal("no attachments counted")
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "heapMB")
}

// TestParseLargeHeap keeps the streaming promise as a plain test: the
// attachments of a 25 MB message are counted, not held.
func TestParseLargeHeap(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 25 MB message")
	}
	raw := largeMessage(25 << 20)
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	m := Parse(raw, testOptions)
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 64<<20 {
		t.Errorf("Parse allocated %d MB in total for a %d MB message", got>>20, len(raw)>>20)
	}
	var total int64
	for _, a := range m.Attachments {
		total += a.Size
	}
	if total < 17<<20 {
		t.Errorf("attachments counted %d bytes, want about 18 MB", total)
	}
	if len(m.Sections) != 2 {
		t.Errorf("sections = %+v", m.Sections)
	}
}
