package points

import (
	"testing"
	"time"
)

// ParseDate accepts exactly the real days written YYYY-MM-DD between 1900
// and 2200: whatever it accepts writes back as it was given, and whatever
// it refuses is not such a day.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-29", "2023-02-29", "1900-01-01", "2200-12-31", "2201-01-01", "17/05/1990", "", "2020-1-05", "2020-+1-05", " 2020-01-05"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if tm, terr := time.Parse("2006-01-02", s); terr == nil && tm.Year() >= 1900 && tm.Year() <= 2200 {
				t.Fatalf("ParseDate(%q) refused a real day: %v", s, err)
			}
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) = %s: accepted a date not written YYYY-MM-DD", s, d)
		}
		if back, err := ParseDate(d.String()); err != nil || back != d {
			t.Fatalf("%s does not read back: %v, %v", d, back, err)
		}
	})
}
