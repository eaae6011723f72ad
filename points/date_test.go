package points

import (
	"testing"
	"time"
)

// The delays of docs/points-rules.md, Dates and delays: same day N months or years later,
// clamped to the last day of the month.
func TestAddMonths(t *testing.T) {
	for _, tt := range []struct {
		from   string
		months int
		want   string
	}{
		{"2024-02-29", 24, "2026-02-28"}, // the spec's example
		{"2023-08-31", 6, "2024-02-29"},  // the spec's example
		{"2024-02-29", 48, "2028-02-29"},
		{"2023-01-31", 1, "2023-02-28"},
		{"2023-03-31", -1, "2023-02-28"},
		{"2023-10-31", 6, "2024-04-30"},
		{"2021-08-31", 18, "2023-02-28"},
		{"2023-12-15", 1, "2024-01-15"},
		{"2024-01-15", -12, "2023-01-15"},
	} {
		if got := day(tt.from).AddMonths(tt.months).String(); got != tt.want {
			t.Errorf("%s + %d months = %s, want %s", tt.from, tt.months, got, tt.want)
		}
	}
	if got := day("2024-02-29").AddYears(10).String(); got != "2034-02-28" {
		t.Errorf("29/02/2024 + 10 years = %s", got)
	}
}

func TestParseDate(t *testing.T) {
	for _, s := range []string{"2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "24-01-01", "2024/01/01", "", "2024-1-01"} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q) accepted", s)
		}
	}
	d, err := ParseDate("2024-02-29")
	if err != nil || d.French() != "29/02/2024" || d.String() != "2024-02-29" {
		t.Errorf("2024-02-29: %v %s", err, d)
	}
	if got := string(appendFrench(nil, d)); got != d.French() {
		t.Errorf("appendFrench %s, French %s", got, d.French())
	}
}

// The integer calendar of NewDate and YMD is package time's, day for day.
func TestCivilMatchesTime(t *testing.T) {
	start := time.Date(1890, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 150000 { // 1890 to 2300
		tm := start.AddDate(0, 0, i)
		want := Date(tm.Unix() / 86400)
		y, m, d := tm.Date()
		if got := NewDate(y, m, d); got != want {
			t.Fatalf("NewDate(%d, %d, %d) = %d, want %d", y, m, d, got, want)
		}
		if gy, gm, gd := want.YMD(); gy != y || gm != m || gd != d {
			t.Fatalf("%d.YMD() = %d-%d-%d, want %d-%d-%d", want, gy, gm, gd, y, m, d)
		}
		if got := want.AddMonths(7); got != DateOf(tm.AddDate(0, 7, 0)) && d <= 28 {
			t.Fatalf("%s + 7 months = %s", want, got)
		}
	}
	if got := NewDate(2024, 2, 30); got.String() != "2024-03-01" {
		t.Errorf("NewDate normalises like time.Date: %s", got)
	}
}
