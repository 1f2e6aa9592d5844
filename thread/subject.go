// Package thread holds the header rules Baton threads replies by: the
// Message-IDs a reply names, nearest first (Refs), and the base subject
// a reply shares with what it answers (BaseSubject). The thread tree
// itself, and the states of the items in it, are the store's
// (store/threads.go); the gateway decides where a reply goes
// (gateway/threads.go).
//
// It is pure: no I/O, no clock.
package thread

import (
	"strings"
	"time"
	"unicode"
)

// DefaultWindow bounds the subject fallback: a reply joins a root by
// subject only if that root is at most this much older.
const DefaultWindow = 14 * 24 * time.Hour

// replyPrefixes are the reply and forward markers mail clients put
// before a subject, lower case, without the colon: English, German,
// Scandinavian, Dutch, Finnish/Swedish, Spanish, French, Italian and
// Chinese clients.
var replyPrefixes = []string{
	"re", "aw", "sv", "fwd", "fw", "wg", "antw", "vs", "vl", "tr", "rv", "rif", "r",
	"回复", "答复", "转发", "回覆", "轉寄", "轉發",
}

// BaseSubject returns subject without reply and forward prefixes ("Re:",
// "AW:", "Fwd[2]:", "回复：", also repeated) and "[Team]" tags, with
// spaces collapsed and letters folded to lower case, ready to compare;
// reply reports whether any prefix was removed.
func BaseSubject(subject string) (base string, reply bool) {
	s := strings.TrimSpace(subject)
	for {
		if t, ok := cutTag(s); ok {
			s = t
			continue
		}
		if t, ok := cutPrefix(s); ok {
			s, reply = t, true
			continue
		}
		break
	}
	return strings.ToLower(strings.Join(strings.Fields(s), " ")), reply
}

// cutTag removes a leading "[...]" tag, e.g. "[Platform]".
func cutTag(s string) (string, bool) {
	if !strings.HasPrefix(s, "[") {
		return s, false
	}
	end := strings.IndexByte(s, ']')
	if end < 0 || end == len(s)-1 {
		return s, false
	}
	return strings.TrimSpace(s[end+1:]), true
}

// cutPrefix removes one reply prefix: a word from replyPrefixes, an
// optional counter ("[2]" or "(2)"), then ":" or "：".
func cutPrefix(s string) (string, bool) {
	word := strings.IndexFunc(s, func(r rune) bool { return r == ':' || r == '：' || r == '[' || r == '(' || unicode.IsSpace(r) })
	if word <= 0 {
		return s, false
	}
	if !isPrefix(strings.ToLower(s[:word])) {
		return s, false
	}
	rest := strings.TrimLeft(s[word:], " \t")
	if len(rest) > 0 && (rest[0] == '[' || rest[0] == '(') {
		closer := map[byte]byte{'[': ']', '(': ')'}[rest[0]]
		end := strings.IndexByte(rest, closer)
		if end < 0 || strings.Trim(rest[1:end], "0123456789") != "" {
			return s, false
		}
		rest = rest[end+1:]
	}
	rest = strings.TrimLeft(rest, " \t")
	for _, colon := range []string{":", "："} {
		if t, ok := strings.CutPrefix(rest, colon); ok {
			return strings.TrimSpace(t), true
		}
	}
	return s, false
}

func isPrefix(w string) bool {
	for _, p := range replyPrefixes {
		if w == p {
			return true
		}
	}
	return false
}

// Refs returns the Message-IDs a message replies to, nearest first:
// In-Reply-To, then References from the last, without empties, repeats
// or the message's own ID (self).
func Refs(self, inReplyTo string, references []string) []string {
	out := make([]string, 0, len(references)+1)
	add := func(id string) {
		if id == "" || id == self {
			return
		}
		for _, o := range out {
			if o == id {
				return
			}
		}
		out = append(out, id)
	}
	add(inReplyTo)
	for i := len(references) - 1; i >= 0; i-- {
		add(references[i])
	}
	return out
}
