package app

import (
	"fmt"
	"time"
)

// Times of day the law or the service fixes (the end of a lock) are said
// in Paris time, whatever the device's zone: the rule of the European
// Union for summer time, computed here rather than read from a time-zone
// database, which the WebAssembly does not carry.

// parisTime is t in Paris: UTC+2 from the last Sunday of March at 01:00
// UTC to the last Sunday of October at 01:00 UTC, UTC+1 otherwise.
func parisTime(t time.Time) time.Time {
	u := t.UTC()
	start := lastSunday(u.Year(), time.March).Add(time.Hour)
	end := lastSunday(u.Year(), time.October).Add(time.Hour)
	if !u.Before(start) && u.Before(end) {
		return u.In(time.FixedZone("CEST", 2*3600))
	}
	return u.In(time.FixedZone("CET", 3600))
}

// lastSunday is the last Sunday of month m of year y, at 00:00 UTC.
func lastSunday(y int, m time.Month) time.Time {
	d := time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
	return d.AddDate(0, 0, -int(d.Weekday()))
}

// clockText writes a time of day the French way, in Paris time: "15 h 42",
// "9 h 05", with no-break spaces (a line never breaks inside).
func clockText(t time.Time) string {
	p := parisTime(t)
	return fmt.Sprintf("%d\u00a0h\u00a0%02d", p.Hour(), p.Minute())
}

// untilText says until when, from now, in Paris time: "jusqu'à 15 h 42"
// the same day, "jusqu'à demain, 0 h 15" the next, "jusqu'au 24/08/2024
// à 9 h 05" later.
func untilText(until, now time.Time) string {
	u, n := parisTime(until), parisTime(now)
	uy, um, ud := u.Date()
	ny, nm, nd := n.Date()
	days := time.Date(uy, um, ud, 0, 0, 0, 0, time.UTC).Sub(time.Date(ny, nm, nd, 0, 0, 0, 0, time.UTC)) / (24 * time.Hour)
	switch {
	case days <= 0:
		return "jusqu'à " + clockText(until)
	case days == 1:
		return "jusqu'à demain, " + clockText(until)
	}
	return fmt.Sprintf("jusqu'au %02d/%02d/%d à %s", ud, um, uy, clockText(until))
}
