package app

import (
	"testing"
	"time"
)

// parisTime follows the time-zone database's Europe/Paris hour by hour
// over ten years, summer-time changes included.
func TestParisTimeFollowsTheTimeZoneDatabase(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatalf("the time-zone database is needed for this test: %v", err)
	}
	for at := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC); at.Year() < 2031; at = at.Add(59 * time.Minute) {
		want := at.In(paris)
		got := parisTime(at)
		if got.Hour() != want.Hour() || got.Minute() != want.Minute() || got.Day() != want.Day() {
			t.Fatalf("%s UTC: parisTime gives %s, Europe/Paris %s", at.Format(time.RFC3339), got.Format("02/01 15:04"), want.Format("02/01 15:04"))
		}
	}
}

// The end of a lock, the French way, in Paris time whatever the device's
// zone.
func TestUntilText(t *testing.T) {
	now := time.Date(2024, 8, 23, 12, 42, 0, 0, time.UTC) // 14 h 42 in Paris
	for _, tc := range []struct {
		until time.Time
		want  string
	}{
		{now.Add(time.Hour), "jusqu'à 15\u00a0h\u00a042"},
		{time.Date(2024, 8, 23, 7, 5, 0, 0, time.UTC), "jusqu'à 9\u00a0h\u00a005"},
		{time.Date(2024, 8, 23, 22, 15, 0, 0, time.UTC), "jusqu'à demain, 0\u00a0h\u00a015"},
		{time.Date(2024, 8, 25, 7, 5, 0, 0, time.UTC), "jusqu'au 25/08/2024 à 9\u00a0h\u00a005"},
		{time.Date(2024, 12, 23, 13, 42, 0, 0, time.FixedZone("New York", -5*3600)), "jusqu'au 23/12/2024 à 19\u00a0h\u00a042"},
	} {
		if got := untilText(tc.until, now); got != tc.want {
			t.Errorf("untilText(%s) = %q, want %q", tc.until, got, tc.want)
		}
	}
}
