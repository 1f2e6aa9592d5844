package thread

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// msg is a test message: key, Message-ID, In-Reply-To, References
// (space separated), minutes after t0 and subject; team "platform".
func msg(key, id, irt, refs string, min int, subject string) Message {
	return Message{Key: key, MessageID: id, InReplyTo: irt, References: strings.Fields(refs),
		Subject: subject, Team: "platform", Date: t0.Add(time.Duration(min) * time.Minute)}
}

// show writes a forest as "a(b c(d)) e": keys, children in brackets,
// placeholders as <Message-ID>.
func show(nodes []*Node) string {
	var parts []string
	for _, n := range nodes {
		s := "<" + n.MessageID + ">"
		if n.Message != nil {
			s = n.Message.Key
		}
		if len(n.Children) > 0 {
			s += "(" + show(n.Children) + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestThread(t *testing.T) {
	day := 24 * 60
	tests := []struct {
		name string
		msgs []Message
		want string
	}{
		{"chain by In-Reply-To", []Message{
			msg("a", "a@x", "", "", 0, "status"),
			msg("b", "b@x", "a@x", "", 1, "Re: status"),
			msg("c", "c@x", "b@x", "", 2, "Re: status"),
		}, "a(b(c))"},
		{"chain by References only", []Message{
			msg("a", "a@x", "", "", 0, "status"),
			msg("b", "b@x", "", "a@x", 1, "x"),
			msg("c", "c@x", "", "a@x b@x", 2, "y"),
		}, "a(b(c))"},
		{"siblings oldest first", []Message{
			msg("a", "a@x", "", "", 0, "status"),
			msg("c", "c@x", "a@x", "a@x", 5, "Re: status"),
			msg("b", "b@x", "a@x", "a@x", 3, "Re: status"),
		}, "a(b c)"},
		{"missing parent, one child: promoted to root", []Message{
			msg("b", "b@x", "gone@x", "gone@x", 1, "Re: x"),
		}, "b"},
		{"missing parent, two children: held together", []Message{
			msg("b", "b@x", "gone@x", "", 1, "one"),
			msg("c", "c@x", "gone@x", "", 2, "two"),
		}, "<gone@x>(b c)"},
		{"missing middle of the chain", []Message{
			msg("a", "a@x", "", "", 0, "status"),
			msg("c", "c@x", "b@x", "a@x b@x", 2, "x"),
		}, "a(c)"},
		{"child arrives before its parent", []Message{
			msg("c", "c@x", "b@x", "a@x b@x", 2, "x"),
			msg("b", "b@x", "a@x", "a@x", 1, "x"),
			msg("a", "a@x", "", "", 0, "status"),
		}, "a(b(c))"},
		{"duplicate Message-ID: the copy stands alone", []Message{
			msg("a", "a@x", "", "", 0, "status"),
			msg("a2", "a@x", "", "", 1, "status again"),
			msg("b", "b@x", "a@x", "", 2, "x"),
		}, "a(b) a2"},
		// a names b as parent first; b's claim on a would close a cycle.
		{"loop in References", []Message{
			msg("a", "a@x", "b@x", "b@x", 0, "one"),
			msg("b", "b@x", "a@x", "a@x", 1, "two"),
		}, "b(a)"},
		{"References list themselves and repeat", []Message{
			msg("a", "a@x", "", "", 0, "status"),
			msg("b", "b@x", "b@x", "a@x b@x a@x b@x", 1, "x"),
		}, "a(b)"},
		{"reference cycle among strangers", []Message{
			msg("c", "c@x", "", "p@x q@x p@x", 0, "x"),
			msg("d", "d@x", "", "q@x p@x", 1, "y"),
		}, "<p@x>(c d)"},
		{"no Message-ID", []Message{
			msg("a", "a@x", "", "", 0, "status"),
			msg("b", "", "a@x", "", 1, "x"),
			msg("c", "", "", "", 2, "other"),
		}, "a(b) c"},
		{"In-Reply-To beats the last reference", []Message{
			msg("a", "a@x", "", "", 0, "status"),
			msg("b", "b@x", "a@x", "", 1, "x"),
			msg("c", "c@x", "b@x", "a@x", 2, "y"),
		}, "a(b(c))"},
		{"own headers move a node found earlier", []Message{
			msg("a", "a@x", "", "", 0, "status"),
			msg("z", "z@x", "", "", 0, "other"),
			msg("c", "c@x", "", "a@x b@x c@x", 3, "x"),
			msg("b", "b@x", "z@x", "", 2, "y"),
		}, "a z(b(c))"},
		{"subject: Re joins the root", []Message{
			msg("a", "a@x", "", "", 0, "[Platform] Weekly status"),
			msg("b", "b@x", "", "", 60, "RE: AW: Re: weekly  STATUS"),
		}, "a(b)"},
		{"subject: every language's prefix", []Message{
			msg("a", "a@x", "", "", 0, "Billing"),
			msg("b", "b@x", "", "", 1, "SV: Billing"),
			msg("c", "c@x", "", "", 2, "Antw: Billing"),
			msg("d", "d@x", "", "", 3, "WG: Billing"),
			msg("e", "e@x", "", "", 4, "回复：Billing"),
			msg("f", "f@x", "", "", 5, "Fwd[2]: Vs: Billing"),
		}, "a(b c d e f)"},
		{"subject: a new update with the same subject stays apart", []Message{
			msg("a", "a@x", "", "", 0, "status"),
			msg("b", "b@x", "", "", day, "status"),
			msg("c", "c@x", "", "", day+1, "Re: status"),
		}, "a b(c)"},
		{"subject: other team stays apart", []Message{
			msg("a", "a@x", "", "", 0, "status"),
			func() Message { m := msg("b", "b@x", "", "", 1, "Re: status"); m.Team = "data"; return m }(),
		}, "a b"},
		{"subject: outside the window stays apart", []Message{
			msg("a", "a@x", "", "", 0, "status"),
			msg("b", "b@x", "", "", 15*day, "Re: status"),
		}, "a b"},
		{"subject: a reply older than the root stays apart", []Message{
			msg("a", "a@x", "", "", 10, "status"),
			msg("b", "b@x", "", "", 0, "Re: status"),
		}, "b a"},
		{"subject: headers win over the subject", []Message{
			msg("a", "a@x", "", "", 0, "status"),
			msg("z", "z@x", "", "", 1, "other"),
			msg("b", "b@x", "z@x", "", 2, "Re: status"),
		}, "a z(b)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := show(Thread(tt.msgs, Options{})); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestThreadAnyOrder threads one conversation in every arrival order of
// a shuffle and always gets the same tree.
func TestThreadAnyOrder(t *testing.T) {
	msgs := []Message{
		msg("a", "a@x", "", "", 0, "status"),
		msg("b", "b@x", "a@x", "a@x", 1, "Re: status"),
		msg("c", "c@x", "b@x", "a@x b@x", 2, "Re: status"),
		msg("d", "d@x", "a@x", "a@x", 3, "Re: status"),
		msg("e", "", "", "", 4, "Re: status"),
	}
	want := "a(b(c) d e)"
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 50 {
		m := append([]Message(nil), msgs...)
		r.Shuffle(len(m), func(i, j int) { m[i], m[j] = m[j], m[i] })
		if got := show(Thread(m, Options{})); got != want {
			t.Fatalf("shuffle %d: got %s, want %s", i, got, want)
		}
	}
}

func TestBaseSubject(t *testing.T) {
	tests := []struct {
		in, base string
		reply    bool
	}{
		{"Status", "status", false},
		{"Re: Status", "status", true},
		{"RE: re: Re: Status", "status", true},
		{"[Platform] Re: [Platform] Status", "status", true},
		{"AW: Status", "status", true},
		{"Sv: Status", "status", true},
		{"Fwd: FW: Status", "status", true},
		{"WG: Status", "status", true},
		{"Antw: Status", "status", true},
		{"Vs: Status", "status", true},
		{"回复：状态", "状态", true},
		{"答复: 状态", "状态", true},
		{"转发：状态", "状态", true},
		{"Re[3]: Status", "status", true},
		{"Re (2): Status", "status", true},
		{"Regarding: status", "regarding: status", false},
		{"Re:", "", true},
		{"[Platform]", "[platform]", false},
		{"  Status   of   things ", "status of things", false},
	}
	for _, tt := range tests {
		base, reply := BaseSubject(tt.in)
		if base != tt.base || reply != tt.reply {
			t.Errorf("BaseSubject(%q) = %q, %v; want %q, %v", tt.in, base, reply, tt.base, tt.reply)
		}
	}
}

func TestRefs(t *testing.T) {
	got := Refs("me@x", "c@x", []string{"a@x", "b@x", "me@x", "", "c@x"})
	if want := "c@x b@x a@x"; strings.Join(got, " ") != want {
		t.Errorf("Refs = %v, want %s", got, want)
	}
}

// corpus is n messages in threads of five (a root and replies in a
// chain or a fan), one in fifty without a Message-ID, one in a hundred
// whose parent is missing, shuffled.
func corpus(n int) []Message {
	r := rand.New(rand.NewPCG(3, 4))
	msgs := make([]Message, 0, n)
	for i := 0; len(msgs) < n; i++ {
		root := fmt.Sprintf("r%d@x", i)
		team := fmt.Sprintf("t%d", i%20)
		at := t0.Add(time.Duration(i) * time.Minute)
		msgs = append(msgs, Message{Key: root, MessageID: root, Subject: fmt.Sprintf("status %d", i%500), Team: team, Date: at})
		refs := []string{root}
		for j := 1; j < 5 && len(msgs) < n; j++ {
			id := fmt.Sprintf("r%d.%d@x", i, j)
			m := Message{Key: id, MessageID: id, Subject: "Re: status", Team: team, Date: at.Add(time.Duration(j) * time.Second)}
			switch {
			case r.IntN(50) == 0:
				m.MessageID = ""
			case r.IntN(100) == 0:
				m.InReplyTo = "missing" + id
			default:
				m.InReplyTo, m.References = refs[len(refs)-1], append([]string(nil), refs...)
			}
			if r.IntN(2) == 0 {
				refs = append(refs, id)
			}
			msgs = append(msgs, m)
		}
	}
	r.Shuffle(len(msgs), func(i, j int) { msgs[i], msgs[j] = msgs[j], msgs[i] })
	return msgs
}

func TestThreadCorpusKeepsEveryMessage(t *testing.T) {
	msgs := corpus(5000)
	seen := 0
	for _, root := range Thread(msgs, Options{}) {
		Walk(root, func(n *Node, _ int) {
			if n.Message != nil {
				seen++
			}
			for _, c := range n.Children {
				if c.Parent != n {
					t.Fatalf("%s: child %s has the wrong parent", n.MessageID, c.MessageID)
				}
			}
		})
	}
	if seen != len(msgs) {
		t.Errorf("trees hold %d messages, want %d", seen, len(msgs))
	}
}

// BenchmarkThread100k threads 100,000 messages; the target is under a
// second.
func BenchmarkThread100k(b *testing.B) {
	msgs := corpus(100_000)
	b.ReportAllocs()
	for b.Loop() {
		Thread(msgs, Options{})
	}
}
