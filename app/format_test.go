package app

import (
	"testing"
	"time"

	"mespoints/points"
)

func TestDatesAreWrittenTheFrenchWay(t *testing.T) {
	d := points.NewDate(2024, time.August, 23)
	if got := dateText(d); got != "23/08/2024" {
		t.Errorf("dateText = %q", got)
	}
}

// A delay is said honestly: never rounded up, never a part that matters
// dropped (35 months is "2 ans et 11 mois", not "2 ans").
func TestDelayText(t *testing.T) {
	from := points.NewDate(2026, time.November, 28)
	for _, tc := range []struct {
		to   points.Date
		want string
	}{
		{from.AddDays(-3), "aujourd'hui"},
		{from, "aujourd'hui"},
		{from.AddDays(1), "demain"},
		{from.AddDays(2), "dans 2 jours"},
		{from.AddDays(20), "dans 20 jours"},
		{from.AddMonths(2).AddDays(-1), "dans 60 jours"},
		{from.AddMonths(2), "dans 2 mois"},
		{from.AddMonths(3), "dans 3 mois"},
		{from.AddMonths(3).AddDays(-1), "dans 2 mois"},
		{from.AddMonths(12).AddDays(-1), "dans 11 mois"},
		{from.AddMonths(12), "dans 1 an"},
		{from.AddMonths(13), "dans 1 an et 1 mois"},
		{from.AddMonths(24), "dans 2 ans"},
		{from.AddMonths(35), "dans 2 ans et 11 mois"},
		{from.AddMonths(36).AddDays(-1), "dans 2 ans et 11 mois"},
		{from.AddYears(10), "dans 10 ans"},
		// The end of a month: 31 January + 1 month is 28 February.
		{points.NewDate(2027, time.March, 31), "dans 4 mois"},
	} {
		if got := delayText(from, tc.to); got != tc.want {
			t.Errorf("delayText(%s → %s) = %q, want %q", from, tc.to, got, tc.want)
		}
	}
	if got := delayText(points.NewDate(2027, time.January, 31), points.NewDate(2027, time.March, 31)); got != "dans 2 mois" {
		t.Errorf("31/01 → 31/03 = %q, want 2 months", got)
	}
}
