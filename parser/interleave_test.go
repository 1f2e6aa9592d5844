package parser

import (
	"reflect"
	"strings"
	"testing"
)

func TestSplitQuotes(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Block
	}{
		{"no quotes", "Agreed, ship it.\n", []Block{{Text: "Agreed, ship it."}}},
		{"top post above one quote", "Looks good.\n\nOn Tue, 24 Nov 2026 at 08:30, Baton <digest@baton.test> wrote:\n> Bo Chen, Mon 22:40\n>   Done:\n", []Block{
			{Text: "Looks good."},
			{Quote: "Bo Chen, Mon 22:40\n  Done:"},
		}},
		{"interleaved under two quotes", "Great week.\n\n> - Shipped the importer\n\nNice, does it do CSV?\n\n> > nested\n> - Staging is read-only\n>\n> Reply: platform+abc@baton.test\nFixed it this morning.\n\n-- \nDana\n", []Block{
			{Text: "Great week."},
			{Quote: "- Shipped the importer", Text: "Nice, does it do CSV?"},
			{Quote: "nested\n- Staging is read-only\n\nReply: platform+abc@baton.test", Text: "Fixed it this morning."},
		}},
		{"quote with nothing under it", "> a\n> b\n", []Block{{Quote: "a\nb"}}},
		{"CRLF and full-width bar", "x\r\n｜ quoted\r\ny\r\n", []Block{{Text: "x"}, {Quote: "quoted", Text: "y"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := splitQuotes(tt.in, ""); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %#v\nwant %#v", got, tt.want)
			}
		})
	}
}

func TestInterleavedDecodes(t *testing.T) {
	raw := "From: Dana <dana@example.com>\r\nSubject: Re: digest\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nTop=20text\r\n> quoted caf=C3=A9\r\nunder it\r\n"
	want := []Block{{Text: "Top text"}, {Quote: "quoted café", Text: "under it"}}
	if got := interleaved([]byte(raw)); !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
}

// FuzzSplitQuotes: any text splits without panic into non-empty blocks
// whose quotes carry no markers at line starts.
func FuzzSplitQuotes(f *testing.F) {
	f.Add("top\n> q\nunder\n>> deeper\n\n> more\n-- \nsig")
	f.Add("> a\r\n>\r\n> b\r\nx\r\n｜ y\r\n")
	f.Add("\x00>\n>>>\n")
	f.Fuzz(func(t *testing.T, text string) {
		for _, b := range splitQuotes(text, "") {
			if b.Quote == "" && b.Text == "" {
				t.Fatalf("empty block from %q", text)
			}
			for _, l := range strings.Split(b.Quote, "\n") {
				if strings.HasPrefix(l, ">") {
					t.Fatalf("quote line %q keeps its marker (from %q)", l, text)
				}
			}
		}
	})
}

// interleaved decodes raw as Parse does and splits its text into
// blocks, as Message.Blocks does for a parsed message.
func interleaved(raw []byte) []Block {
	m := &Message{}
	_, _, text := decode(raw, m)
	return splitQuotes(text, senderName(m))
}
