package schedule

import (
	"strings"
	"testing"
	"time"
)

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want Clock
		err  string
	}{
		{"08:30", Clock{8, 30}, ""},
		{"00:00", Clock{0, 0}, ""},
		{"23:59", Clock{23, 59}, ""},
		{"24:00", Clock{}, "between 00:00 and 23:59"},
		{"12:60", Clock{}, "between 00:00 and 23:59"},
		{"8:30", Clock{}, "want HH:MM"},
		{"08-30", Clock{}, "want HH:MM"},
		{"0a:30", Clock{}, "between"},
		{"", Clock{}, "want HH:MM"},
	}
	for _, tt := range tests {
		var c Clock
		err := c.UnmarshalText([]byte(tt.in))
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseClock(%q) error = %v; want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || c != tt.want || c.String() != tt.in {
			t.Errorf("ParseClock(%q) = %v, %v; want %v", tt.in, c, err, tt.want)
		}
	}
}

func TestDate(t *testing.T) {
	var d Date
	if err := d.UnmarshalText([]byte("2026-02-30")); err == nil {
		t.Errorf("2026-02-30 parsed as %v", d)
	}
	if err := d.UnmarshalText([]byte("2026-12-31")); err != nil {
		t.Fatal(err)
	}
	if got := d.AddDays(1).String(); got != "2027-01-01" {
		t.Errorf("AddDays(1) = %s", got)
	}
	if got := MustDate("2028-03-01").AddDays(-1).String(); got != "2028-02-29" {
		t.Errorf("leap AddDays(-1) = %s", got)
	}
	if got := d.Weekday(); got != time.Thursday {
		t.Errorf("Weekday = %v", got)
	}
	if d.Compare(d.AddDays(1)) != -1 || d.AddDays(1).Compare(d) != 1 || d.Compare(d) != 0 {
		t.Error("Compare disagrees with AddDays")
	}
	if b, _ := d.MarshalText(); string(b) != "2026-12-31" {
		t.Errorf("MarshalText = %s", b)
	}
}
