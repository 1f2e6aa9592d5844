package thread

import (
	"strings"
	"testing"
)

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
