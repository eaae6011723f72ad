package store

import (
	"strings"
	"testing"
	"unicode/utf8"

	"mespoints/points"
)

// NormaliseNEPH gives 5 to 19 upper-case letters and digits, the same
// once more, and never repeats the input in its error.
func FuzzNormaliseNEPH(f *testing.F) {
	for _, s := range []string{"130575100234", "1305 7510 0234", "ab12c", "1234", "13057-5100234", "", "\u00a012345", "ÉCOLE12"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := NormaliseNEPH(s)
		if err != nil {
			// One bad character is quoted; the number's letters and digits
			// never are.
			digits := strings.Map(func(r rune) rune {
				if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
					return r
				}
				return -1
			}, s)
			if utf8.RuneCountInString(digits) >= 4 && strings.Contains(err.Error(), digits) {
				t.Fatalf("the error repeats the number: %v", err)
			}
			return
		}
		if len(n) < minNEPH || len(n) > maxNEPH {
			t.Fatalf("NormaliseNEPH(%q) = %q: %d characters", s, n, len(n))
		}
		for _, c := range n {
			if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
				t.Fatalf("NormaliseNEPH(%q) = %q holds %q", s, n, c)
			}
		}
		if again, err := NormaliseNEPH(n); err != nil || again != n {
			t.Fatalf("not idempotent: %q → %q → %q, %v", s, n, again, err)
		}
	})
}

// The comparison of FranceConnect's identity pivot with a holder
// (Identity.Same, the holders index's key): equal whatever the case,
// accents, hyphens, apostrophes and spaces of the names, never equal
// across different dates of birth, and symmetric.
func FuzzIdentitySame(f *testing.F) {
	f.Add("Lefèvre", "Camille Marie", int64(10000), "44109", "", int64(1))
	f.Add("LAURENT-DUBOIS", "sophie anne", int64(-2000), "33063", "99100", int64(0))
	f.Add("D'Aubigné", "Zoë", int64(40000), "", "99131", int64(365))
	f.Fuzz(func(t *testing.T, family, given string, day int64, place, country string, shift int64) {
		born := points.NewDate(1990, 1, 1).AddDays(int(day % 80000))
		id := Identity{FamilyName: family, GivenNames: given, Birthdate: born, Birthplace: place, Birthcountry: country}
		if !id.Same(id) {
			t.Fatalf("%+v differs from itself", id)
		}
		variant := id
		variant.FamilyName = strings.ToUpper(strings.ReplaceAll(stripMarks(family), " ", "-"))
		variant.GivenNames = strings.ToLower(strings.ReplaceAll(stripMarks(given), "-", " "))
		if id.Same(variant) != variant.Same(id) {
			t.Fatalf("not symmetric: %+v, %+v", id, variant)
		}
		if FoldName(variant.FamilyName) == FoldName(family) && FoldName(variant.GivenNames) == FoldName(given) && !id.Same(variant) {
			t.Fatalf("%+v and %+v: the same names folded, not the same person", id, variant)
		}
		other := id
		other.Birthdate = born.AddDays(int(shift%5000) | 1)
		if id.Same(other) {
			t.Fatalf("born %s and %s: the same person", id.Birthdate, other.Birthdate)
		}
	})
}

// stripMarks is the name as typed on a keyboard without accents.
func stripMarks(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case 'é', 'è', 'ê', 'ë':
			return 'e'
		case 'É', 'È':
			return 'E'
		case 'ï', 'î':
			return 'i'
		case 'ç':
			return 'c'
		}
		return r
	}, s)
}
