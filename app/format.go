package app

import (
	"strconv"
	"strings"
	"time"

	"mespoints/points"
)

// frenchMonths are the month names for dates written out in full.
var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// pointsText writes a number of points the French way: "1 point",
// "0 point", "3 points" (the plural starts at 2).
func pointsText(n int) string {
	if n < 0 {
		n = -n
	}
	return strconv.Itoa(n) + " " + pluralWord(n)
}

// pluralWord is "point" or "points" for a number of points.
func pluralWord(n int) string {
	if n < 0 {
		n = -n
	}
	if n < 2 {
		return "point"
	}
	return "points"
}

// signedPoints writes a change of the balance: "+3", "−4" (with a true
// minus sign), "0".
func signedPoints(n int) string {
	switch {
	case n > 0:
		return "+" + strconv.Itoa(n)
	case n < 0:
		return "−" + strconv.Itoa(-n)
	}
	return "0"
}

// dateText writes a date as 23/08/2024.
func dateText(d points.Date) string { return d.French() }

// longDate writes a date in words: "23 août 2024" (for screen readers and
// headings).
func longDate(d points.Date) string {
	y, m, day := d.YMD()
	first := strconv.Itoa(day)
	if day == 1 {
		first = "1er"
	}
	return first + " " + frenchMonths[m-1] + " " + strconv.Itoa(y)
}

// dateTimeText writes a moment as "23/08/2024 à 14:05" in the device's
// time zone.
func dateTimeText(t time.Time) string {
	t = t.Local()
	return points.DateOf(t).French() + " à " + t.Format("15:04")
}

// delayText writes a delay from one day to a later one in words, for
// sentences such as "dans 3 mois": days under two months, months under two
// years, years beyond.
func delayText(from, to points.Date) string {
	days := int(to - from)
	switch {
	case days <= 0:
		return "aujourd'hui"
	case days == 1:
		return "demain"
	case days < 61:
		return "dans " + strconv.Itoa(days) + " jours"
	}
	months := 0
	for from.AddMonths(months+1) <= to {
		months++
	}
	if months < 24 {
		return "dans " + strconv.Itoa(months) + " mois"
	}
	years := months / 12
	return "dans " + strconv.Itoa(years) + " ans"
}

// capitalise puts the first letter in upper case.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
