package token

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/baton-mail/baton/store"
)

func TestTokensRoundTrip(t *testing.T) {
	tk := NewKeys([]byte("0123456789abcdef0123456789abcdef"))
	for _, c := range []struct {
		kind byte
		id   uint64
	}{{Update, 1}, {Update, 1 << 40}, {Digest, 20261124}, {Prompt, 0}} {
		s := tk.Sign(c.kind, c.id, "Ana@Example.com")
		if s != strings.ToLower(s) || strings.ContainsAny(s, "+@=") {
			t.Errorf("token %q is not a plain lower-case local-part fragment", s)
		}
		got, err := tk.Verify(s)
		if err != nil || got.Kind != c.kind || got.ID != c.id || !got.For("ana@example.com") || got.For("bo@example.com") {
			t.Errorf("Verify(Sign(%c, %d)) = %+v, %v", c.kind, c.id, got, err)
		}
		if _, err := NewKeys([]byte("another key")).Verify(s); err == nil {
			t.Error("a token verified under another key")
		}
		flipped := []byte(s)
		flipped[len(flipped)/2] ^= 1
		if _, err := tk.Verify(string(flipped)); err == nil {
			t.Errorf("a changed token %q verified", flipped)
		}
	}
}

// FuzzTokenVerify: tokens come from RCPT addresses anyone can send.
// Verify never panics, and accepts only what Sign made.
func FuzzTokenVerify(f *testing.F) {
	tk := NewKeys([]byte("fuzz key"))
	f.Add(tk.Sign(Update, 42, "ana@example.com"))
	f.Add("")
	f.Add("aaaaaaaaaaaaaaaaaaaaaaaaaa")
	f.Add("====")
	f.Fuzz(func(t *testing.T, s string) {
		tok, err := tk.Verify(s)
		if err != nil {
			return
		}
		// What verifies is exactly what Sign makes from the same fields.
		p := binary.AppendUvarint([]byte{tok.Kind}, tok.ID)
		p = append(p, tok.member[:]...)
		if want := b32.EncodeToString(tk.mac(p)); strings.ToLower(s) != want {
			t.Fatalf("Verify accepted %q, which is not the token %q it decodes to", s, want)
		}
	})
}

// BenchmarkTokenSign: a day's digests sign a token per item per
// recipient, millions of them.
func BenchmarkTokenSign(b *testing.B) {
	tk := NewKeys([]byte("0123456789abcdef0123456789abcdef"))
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		tk.Sign(Update, uint64(i), "ana@example.com")
	}
}

// TestForItem: an item's token names its update and the item, one past
// the last with an address of its own falls back to the update's, and
// every kind round-trips through Claim.Update.
func TestForItem(t *testing.T) {
	for _, kind := range []string{store.ItemQuestion, store.ItemBlocker, store.ItemDecision} {
		k, id := ForItem(kind, 42, 7)
		upd, item, ok := Claim{Kind: k, ID: id}.Update()
		if !ok || upd != 42 || item == nil || item.Kind != kind || item.Item != 7 {
			t.Errorf("%s 7 of 42: kind %c id %d reads back as %d %+v %v", kind, k, id, upd, item, ok)
		}
		if k, id := ForItem(kind, 42, maxItems); k != Update || id != 42 {
			t.Errorf("%s past maxItems: %c %d, want the update's token", kind, k, id)
		}
	}
	if k, id := ForItem("unknown", 42, 0); k != Update || id != 42 {
		t.Errorf("unknown kind: %c %d, want the update's token", k, id)
	}
}
