package parser

import (
	"reflect"
	"strings"
	"testing"
)

// TestBrokenMultipart: a multipart body the header does not describe
// right still gives its text, and a report still reads as a bounce.
func TestBrokenMultipart(t *testing.T) {
	for _, tt := range []struct {
		name, raw, body, auto string
	}{
		{
			name: "no boundary parameter, one-letter boundary",
			raw:  "From: ana@example.com\r\nContent-Type: multipart/mixed\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nShipped the importer.\r\n--b--\r\n",
			body: "Shipped the importer.",
		},
		{
			name: "report with a broken parameter list",
			raw:  "From: notices@mx.example.com\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=bnd1; junk\r\n\r\n--bnd1\r\nContent-Type: text/plain\r\n\r\nMailbox full.\r\n--bnd1--\r\n",
			body: "Mailbox full.",
			auto: "bounce",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			m := Parse([]byte(tt.raw), Options{})
			if strings.TrimSpace(m.Body) != tt.body || m.AutoReason != tt.auto {
				t.Errorf("body %q, auto %q; want %q, %q (warnings %v)", m.Body, m.AutoReason, tt.body, tt.auto, m.Warnings)
			}
		})
	}
}

// TestInterleavedBrokenMultipart: an interleaved reply reads its text as
// Parse does, also when the multipart cannot be read.
func TestInterleavedBrokenMultipart(t *testing.T) {
	raw := "From: Dana <dana@example.com>\r\nContent-Type: multipart/alternative; boundary=nowhere\r\n\r\nTop text\r\n> quoted item\r\nunder it\r\n"
	want := []Block{{Text: "Top text"}, {Quote: "quoted item", Text: "under it"}}
	if got := interleaved([]byte(raw)); !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v (Parse reads %q)", got, want, Parse([]byte(raw), Options{}).Body)
	}
}
