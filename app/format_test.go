package app

import (
	"testing"
	"time"

	"mespoints/points"
)

func TestPointsTextUsesFrenchPlural(t *testing.T) {
	for n, want := range map[int]string{0: "0 point", 1: "1 point", 2: "2 points", 12: "12 points", -3: "3 points"} {
		if got := pointsText(n); got != want {
			t.Errorf("pointsText(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestSignedPoints(t *testing.T) {
	for n, want := range map[int]string{3: "+3", -4: "−4", 0: "0"} {
		if got := signedPoints(n); got != want {
			t.Errorf("signedPoints(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestDatesAreWrittenTheFrenchWay(t *testing.T) {
	d := points.NewDate(2024, time.August, 23)
	if got := dateText(d); got != "23/08/2024" {
		t.Errorf("dateText = %q", got)
	}
	if got := longDate(d); got != "23 août 2024" {
		t.Errorf("longDate = %q", got)
	}
	if got := longDate(points.NewDate(2025, time.March, 1)); got != "1er mars 2025" {
		t.Errorf("longDate(1 March) = %q", got)
	}
}

func TestDelayText(t *testing.T) {
	from := points.NewDate(2026, time.November, 28)
	for _, tc := range []struct {
		to   points.Date
		want string
	}{
		{from, "aujourd'hui"},
		{from.AddDays(1), "demain"},
		{from.AddDays(20), "dans 20 jours"},
		{from.AddMonths(3), "dans 3 mois"},
		{from.AddMonths(3).AddDays(-1), "dans 2 mois"},
		{from.AddYears(3), "dans 3 ans"},
	} {
		if got := delayText(from, tc.to); got != tc.want {
			t.Errorf("delayText(%s) = %q, want %q", tc.to, got, tc.want)
		}
	}
}
