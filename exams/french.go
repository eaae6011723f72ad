package exams

import (
	"cmp"
	"slices"
	"strconv"

	"mespoints/points"
)

// frenchDays are the names of the days of the week, Sunday first.
var frenchDays = [...]string{"dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"}

// LongWhen writes a moment in words, as a convocation does: "mardi 17
// mars 2026 à 08:30", "lundi 1er juin 2026 à 13:30".
func LongWhen(t points.DateTime) string {
	d := t.Date()
	return frenchDays[d.Time().Weekday()] + " " + d.LongFrench() + " à " + timeText(t)
}

// PlacesLeft says how many places are left: "complet", "1 place
// restante", "3 places restantes".
func PlacesLeft(n int) string {
	switch {
	case n <= 0:
		return "complet"
	case n == 1:
		return "1 place restante"
	}
	return strconv.Itoa(n) + " places restantes"
}

// CodeText says where the code stands on day today, from its validity
// (0 without a pass).
func CodeText(validUntil, today points.Date) string {
	switch {
	case validUntil == 0:
		return "Code pas encore réussi : il faut au moins 35 bonnes réponses sur 40."
	case validUntil < today:
		return "Code plus valable depuis le " + validUntil.AddDays(1).French() + " : il faut le repasser."
	}
	return "Code valable jusqu'au " + validUntil.French() + "."
}

// Results say each sitting of f and its result in French at now, the
// practical test's first then the code's, each latest first; a practical
// result only once published.
func Results(f File, now points.DateTime) []string {
	var out []string
	practical := slices.Clone(f.Practical)
	slices.SortStableFunc(practical, func(a, b PracticalSitting) int { return cmp.Compare(b.At, a.At) })
	for _, s := range practical {
		r := "résultat publié le " + WhenText(s.ResultFrom())
		if s.ResultFrom() <= now {
			r = "défavorable, "
			if s.Passed() {
				r = "favorable, "
			}
			r += pointsWord(s.Total) + " sur 31"
			if s.Eliminatory {
				r += ", erreur éliminatoire"
			}
		}
		out = append(out, "Examen de conduite du "+s.At.Date().French()+", "+s.Centre+" : "+r+".")
	}
	code := slices.Clone(f.Code)
	slices.SortStableFunc(code, func(a, b CodeSitting) int { return cmp.Compare(b.Date, a.Date) })
	for _, s := range code {
		r := " : défavorable, "
		if s.Passed() {
			r = " : favorable, "
		}
		out = append(out, "Code du "+s.Date.French()+", "+s.Centre+r+strconv.Itoa(s.Score)+" bonnes réponses sur 40.")
	}
	return out
}
