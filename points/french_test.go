package points

import "testing"

// Numbers of points agree as French does (singular below 2: "0 point",
// "1 point"), changes carry their sign, a true minus for a loss, and dates
// in words say "1er" on the first of the month.
func TestFrench(t *testing.T) {
	for n, want := range map[int]string{0: "0 point", 1: "1 point", 2: "2 points", 12: "12 points", -3: "3 points", -4: "4 points"} {
		if got := PointsFrench(n); got != want {
			t.Errorf("PointsFrench(%d) = %q, want %q", n, got, want)
		}
	}
	for n, want := range map[int]string{3: "+3", -4: "−4", 0: "0"} {
		if got := SignedFrench(n); got != want {
			t.Errorf("SignedFrench(%d) = %q, want %q", n, got, want)
		}
	}
	for d, want := range map[Date]string{NewDate(2024, 8, 23): "23 août 2024", NewDate(2026, 6, 1): "1er juin 2026", NewDate(2025, 3, 1): "1er mars 2025", NewDate(2025, 12, 31): "31 décembre 2025"} {
		if got := d.LongFrench(); got != want {
			t.Errorf("%s.LongFrench() = %q, want %q", d, got, want)
		}
	}
}
