package app

import (
	"strconv"
	"strings"
	"time"

	"mespoints/points"
)

// pointsDone writes a number of points and what was done to them, with
// the agreement of French: "0 point retiré", "1 point retiré", "3 points
// retirés"; every word of participle agrees ("récupéré ou acquis").
func pointsDone(n int, participle string) string {
	if n < 0 {
		n = -n
	}
	if n < 2 {
		return points.PointsFrench(n) + " " + participle
	}
	words := strings.Fields(participle)
	for i, w := range words {
		if w != "ou" && w != "et" && !strings.HasSuffix(w, "s") {
			words[i] = w + "s"
		}
	}
	return points.PointsFrench(n) + " " + strings.Join(words, " ")
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

// dateText writes a date as 23/08/2024.
func dateText(d points.Date) string { return d.French() }

// dateTimeText writes a moment as "23/08/2024 à 14:05" in the device's
// time zone.
func dateTimeText(t time.Time) string {
	t = t.Local()
	return points.DateOf(t).French() + " à " + t.Format("15:04")
}

// delayText writes the delay from one day to a later one in words, for
// sentences such as "dans 3 mois", and never rounds it up nor drops a part
// that matters: days under two months ("dans 20 jours"), whole months
// under a year ("dans 11 mois"), then years and months ("dans 2 ans et
// 11 mois", never "dans 2 ans" for 35 months). Months are counted as
// the law counts them (points.Date.AddMonths): a month not yet complete
// is not counted. The date itself is always written beside it.
func delayText(from, to points.Date) string {
	days := int(to - from)
	switch {
	case days <= 0:
		return "aujourd'hui"
	case days == 1:
		return "demain"
	case to < from.AddMonths(2):
		return "dans " + strconv.Itoa(days) + " jours"
	}
	months := 2
	for from.AddMonths(months+1) <= to {
		months++
	}
	if months < 12 {
		return "dans " + strconv.Itoa(months) + " mois"
	}
	years, rest := months/12, months%12
	out := "dans " + strconv.Itoa(years) + " an"
	if years > 1 {
		out += "s"
	}
	if rest > 0 {
		out += " et " + strconv.Itoa(rest) + " mois"
	}
	return out
}

// capitalise puts the first letter in upper case.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
