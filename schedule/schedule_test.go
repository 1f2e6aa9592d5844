package schedule

import (
	"testing"
	"time"
	_ "time/tzdata" // the zones below, whatever the host has installed
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestNext(t *testing.T) {
	daily := func(at string) Rhythm { return Rhythm{At: MustClock(at), Workdays: EveryDay()} }
	weekdays := func(at string) Rhythm { return Rhythm{At: MustClock(at), Workdays: Weekdays()} }
	tests := []struct {
		name  string
		zone  string
		r     Rhythm
		after string
		fire  string // RFC 3339 with the zone's offset; "" for none
		date  string
	}{
		{"ordinary weekday", "Europe/Paris", weekdays("09:00"),
			"2026-06-10T08:00:00+02:00", "2026-06-10T09:00:00+02:00", "2026-06-10"},
		{"strictly after: equal instant moves on", "Europe/Paris", weekdays("09:00"),
			"2026-06-10T09:00:00+02:00", "2026-06-11T09:00:00+02:00", "2026-06-11"},
		{"friday evening skips the weekend", "Europe/Paris", weekdays("09:00"),
			"2026-06-12T18:00:00+02:00", "2026-06-15T09:00:00+02:00", "2026-06-15"},
		{"away monday", "Europe/Paris", Rhythm{At: MustClock("09:00"), Workdays: Weekdays(),
			Away: []Date{MustDate("2026-06-15")}},
			"2026-06-12T18:00:00+02:00", "2026-06-16T09:00:00+02:00", "2026-06-16"},

		// America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT; 2026-11-01 02:00 EDT -> 01:00 EST.
		{"NY spring gap 02:30 fires at 03:00 EDT", "America/New_York", daily("02:30"),
			"2026-03-08T00:00:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08"},
		{"NY spring gap 02:00 fires at 03:00 EDT", "America/New_York", daily("02:00"),
			"2026-03-08T00:00:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08"},
		{"NY spring 01:59 is before the gap", "America/New_York", daily("01:59"),
			"2026-03-08T00:00:00-05:00", "2026-03-08T01:59:00-05:00", "2026-03-08"},
		{"NY spring 03:00 exists", "America/New_York", daily("03:00"),
			"2026-03-08T00:00:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08"},
		{"NY spring day after the gap fires normally", "America/New_York", daily("02:30"),
			"2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00", "2026-03-09"},
		{"NY fall 01:30 fires at the first occurrence", "America/New_York", daily("01:30"),
			"2026-11-01T00:00:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-01"},
		{"NY fall: the second 01:30 does not fire", "America/New_York", daily("01:30"),
			"2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00", "2026-11-02"},
		{"NY fall: after the first 01:30, within the repeat hour", "America/New_York", daily("01:30"),
			"2026-11-01T01:10:00-05:00", "2026-11-02T01:30:00-05:00", "2026-11-02"},

		// Europe/London: 2026-03-29 01:00 GMT -> 02:00 BST; 2026-10-25 02:00 BST -> 01:00 GMT.
		{"London spring gap 01:30 fires at 02:00 BST", "Europe/London", daily("01:30"),
			"2026-03-28T12:00:00Z", "2026-03-29T02:00:00+01:00", "2026-03-29"},
		{"London fall 01:30 fires once, BST", "Europe/London", daily("01:30"),
			"2026-10-24T12:00:00+01:00", "2026-10-25T01:30:00+01:00", "2026-10-25"},
		{"London fall next is the next day", "Europe/London", daily("01:30"),
			"2026-10-25T01:30:00+01:00", "2026-10-26T01:30:00Z", "2026-10-26"},

		// Australia/Lord_Howe shifts by 30 minutes: 2026-04-05 02:00 -> 01:30 (+11 -> +10:30);
		// 2026-10-04 02:00 -> 02:30 (+10:30 -> +11).
		{"Lord Howe fall 01:45 fires at the first occurrence", "Australia/Lord_Howe", daily("01:45"),
			"2026-04-04T12:00:00+11:00", "2026-04-05T01:45:00+11:00", "2026-04-05"},
		{"Lord Howe fall second 01:45 does not fire", "Australia/Lord_Howe", daily("01:45"),
			"2026-04-05T01:45:00+11:00", "2026-04-06T01:45:00+10:30", "2026-04-06"},
		{"Lord Howe spring gap 02:15 fires at 02:30", "Australia/Lord_Howe", daily("02:15"),
			"2026-10-03T12:00:00+10:30", "2026-10-04T02:30:00+11:00", "2026-10-04"},

		{"Kathmandu +05:45", "Asia/Kathmandu", weekdays("09:00"),
			"2026-01-05T00:00:00Z", "2026-01-05T09:00:00+05:45", "2026-01-05"},
		// The date line: at 2026-01-01 00:00 UTC it is Thursday 14:00 in
		// Kiritimati and Wednesday 13:00 in Pago Pago.
		{"Kiritimati +14 is already on Friday", "Pacific/Kiritimati", weekdays("09:00"),
			"2026-01-01T00:00:00Z", "2026-01-02T09:00:00+14:00", "2026-01-02"},
		{"Pago Pago -11 is still on Wednesday", "Pacific/Pago_Pago", weekdays("09:00"),
			"2026-01-01T00:00:00Z", "2026-01-01T09:00:00-11:00", "2026-01-01"},
		{"Pago Pago Friday evening skips to Monday", "Pacific/Pago_Pago", weekdays("09:00"),
			"2026-01-03T05:00:00Z", "2026-01-05T09:00:00-11:00", "2026-01-05"},
		// Samoa crossed the date line: Thursday 2011-12-29 was followed by
		// Saturday 2011-12-31. The missing date has no firing.
		{"Apia skips the date that never was", "Pacific/Apia", daily("09:00"),
			"2011-12-29T12:00:00-10:00", "2011-12-31T09:00:00+14:00", "2011-12-31"},
		// Santiago springs forward at midnight: 2026-09-06 00:00 -> 01:00.
		{"Santiago midnight gap", "America/Santiago", daily("00:30"),
			"2026-09-05T12:00:00-04:00", "2026-09-06T01:00:00-03:00", "2026-09-06"},

		{"working hours: early time moves to start", "Europe/Berlin",
			Rhythm{At: MustClock("07:00"), Workdays: Weekdays(), WorkStart: MustClock("09:00"), WorkEnd: MustClock("17:00")},
			"2026-06-10T00:00:00+02:00", "2026-06-10T09:00:00+02:00", "2026-06-10"},
		{"working hours: late time moves to start of the same date", "Europe/Berlin",
			Rhythm{At: MustClock("18:00"), Workdays: Weekdays(), WorkStart: MustClock("09:00"), WorkEnd: MustClock("17:00")},
			"2026-06-10T00:00:00+02:00", "2026-06-10T09:00:00+02:00", "2026-06-10"},
		{"working hours: end is exclusive", "Europe/Berlin",
			Rhythm{At: MustClock("17:00"), Workdays: Weekdays(), WorkStart: MustClock("09:00"), WorkEnd: MustClock("17:00")},
			"2026-06-10T00:00:00+02:00", "2026-06-10T09:00:00+02:00", "2026-06-10"},
		{"working hours: overnight shift keeps 23:00", "Europe/Berlin",
			Rhythm{At: MustClock("23:00"), Workdays: Weekdays(), WorkStart: MustClock("22:00"), WorkEnd: MustClock("06:00")},
			"2026-06-10T00:00:00+02:00", "2026-06-10T23:00:00+02:00", "2026-06-10"},

		{"no workdays never fires", "UTC", Rhythm{At: MustClock("09:00")},
			"2026-06-10T00:00:00Z", "", ""},
		{"away for a year never fires", "UTC", Rhythm{At: MustClock("09:00"),
			Workdays: [7]bool{time.Sunday: true}, Away: sundays(2026, 60)},
			"2026-01-01T00:00:00Z", "", ""},
		{"nil location is UTC", "", weekdays("09:00"),
			"2026-06-10T10:00:00Z", "2026-06-11T09:00:00Z", "2026-06-11"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var loc *time.Location
			if tt.zone != "" {
				loc = mustLoc(t, tt.zone)
			}
			fire, date := Next(mustTime(t, tt.after), loc, tt.r)
			if tt.fire == "" {
				if !fire.IsZero() || !date.IsZero() {
					t.Fatalf("Next = %v, %v; want none", fire, date)
				}
				return
			}
			if want := mustTime(t, tt.fire); !fire.Equal(want) || date.String() != tt.date {
				t.Errorf("Next = %v (%v), %v; want %v, %v", fire, fire.UTC(), date, want, tt.date)
			}
		})
	}
}

// sundays returns n consecutive Sundays from the first of year.
func sundays(year, n int) []Date {
	d := Date{year, time.January, 1}
	for d.Weekday() != time.Sunday {
		d = d.AddDays(1)
	}
	var out []Date
	for range n {
		out = append(out, d)
		d = d.AddDays(7)
	}
	return out
}

func TestReachable(t *testing.T) {
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	r := Rhythm{Workdays: Weekdays(), WorkStart: Clock{9, 0}, WorkEnd: Clock{17, 30}, Away: []Date{{2026, 12, 14}}}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, la)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, c := range []struct{ now, want string }{
		{"2026-12-08 10:00", "2026-12-08 10:00"}, // Tuesday, in hours
		{"2026-12-08 18:00", "2026-12-09 09:00"}, // after hours
		{"2026-12-08 08:59", "2026-12-08 09:00"}, // before hours
		{"2026-12-11 17:30", "2026-12-15 09:00"}, // Friday's end: Monday is a day away
		{"2026-12-12 12:00", "2026-12-15 09:00"}, // Saturday
	} {
		if got := r.Reachable(at(c.now), la); !got.Equal(at(c.want)) {
			t.Errorf("Reachable(%s) = %s, want %s", c.now, got.In(la).Format("2006-01-02 15:04"), c.want)
		}
	}
	if now := at("2026-12-12 12:00"); !(Rhythm{}).Reachable(now, la).Equal(now) {
		t.Error("without working hours a message waits")
	}
}
