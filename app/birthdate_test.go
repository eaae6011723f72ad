package app

import (
	"testing"
	"time"

	"mespoints/points"
)

// The date of birth is read as a person types it, strictly: a date that
// does not exist, a year of two digits, letters, a day to come are
// refused with the French message that says why.
func TestParseBirthdate(t *testing.T) {
	today := points.NewDate(2026, time.March, 16)
	for _, tc := range []struct {
		in   string
		want string // the date as YYYY-MM-DD, or the message
	}{
		{"15/03/1990", "1990-03-15"},
		{" 15/03/1990 ", "1990-03-15"},
		{"15.03.1990", "1990-03-15"},
		{"15-03-1990", "1990-03-15"},
		{"15 03 1990", "1990-03-15"},
		{"15031990", "1990-03-15"},
		{"1/1/2000", "2000-01-01"},
		{"29/02/2000", "2000-02-29"},
		{"16/03/2026", "2026-03-16"},
		{"", birthdateMissing},
		{"   ", birthdateMissing},
		{"31/02/2000", birthdateNoSuch},
		{"29/02/2001", birthdateNoSuch},
		{"00/01/2000", birthdateNoSuch},
		{"12/13/2000", birthdateNoSuch},
		{"1/1/00", birthdateFormat},
		{"01/01/00", birthdateFormat},
		{"010100", birthdateFormat},
		{"1990-03-15", birthdateFormat},
		{"03/15/1990", birthdateNoSuch},
		{"quinze mars 1990", birthdateFormat},
		{"1a/03/1990", birthdateFormat},
		{"15/03/19900", birthdateFormat},
		{"15/03", birthdateFormat},
		{"+1/03/1990", birthdateFormat},
		{"17/03/2026", birthdateFuture},
		{"01/01/1899", birthdateTooEarly},
	} {
		d, msg := parseBirthdate(tc.in, today)
		got := msg
		if msg == "" {
			got = d.String()
		}
		if got != tc.want {
			t.Errorf("parseBirthdate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
