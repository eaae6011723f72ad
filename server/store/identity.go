package store

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"mespoints/points"
)

// Identity is what FranceConnect says of a person, as far as matching a
// dossier goes: birth name, given names, date and place of birth.
type Identity struct {
	// FamilyName is the birth name (FranceConnect's family_name).
	FamilyName string
	// GivenNames are the given names, separated by spaces.
	GivenNames string
	// Birthdate is the date of birth.
	Birthdate points.Date
	// Birthplace is the INSEE commune code of birth, empty when born abroad.
	Birthplace string
	// Birthcountry is the INSEE country code of birth; empty means France.
	Birthcountry string
}

// Identity returns the holder's identity for matching.
func (h Holder) Identity() Identity {
	return Identity{
		FamilyName:   h.FamilyName,
		GivenNames:   h.GivenNames,
		Birthdate:    h.Birthdate,
		Birthplace:   h.Birthplace,
		Birthcountry: h.Birthcountry,
	}
}

// key returns the identity in the form the holders index stores: the
// folded names (see FoldName), the date, the birthplace and the country
// (99100 when empty), separated by 0x1f. Two identities that differ only by
// case, accents, spaces, hyphens or apostrophes give the same key.
func (id Identity) key() []byte {
	country := id.Birthcountry
	if country == "" {
		country = CountryFrance
	}
	var b strings.Builder
	b.WriteString(FoldName(id.FamilyName))
	b.WriteByte(0x1f)
	b.WriteString(FoldName(id.GivenNames))
	b.WriteByte(0x1f)
	b.WriteString(id.Birthdate.String())
	b.WriteByte(0x1f)
	b.WriteString(strings.ToUpper(id.Birthplace))
	b.WriteByte(0x1f)
	b.WriteString(country)
	return []byte(b.String())
}

// Same tells whether id and other designate the same person by the
// comparison FranceConnect's automatic link uses (the holders index):
// names folded (see FoldName), the same date, place and country of birth
// (an empty country is France).
func (id Identity) Same(other Identity) bool {
	return string(id.key()) == string(other.key())
}

// ligatures are the letters that canonical decomposition leaves whole but a
// person writes as two letters when the keyboard has no ligature.
var ligatures = map[rune]string{'æ': "ae", 'œ': "oe", 'ß': "ss", 'ø': "o", 'đ': "d", 'ł': "l", 'ı': "i"}

// FoldName returns a name in the form used to compare names: lower case,
// accents stripped (canonical decomposition, then combining marks dropped),
// ligatures spelt out, and everything that is not a letter or a digit
// (spaces, hyphens, apostrophes, dots) removed. "Lefèvre-D'Aubigné" and
// "LEFEVRE DAUBIGNE" fold alike.
func FoldName(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		r = unicode.ToLower(r)
		switch {
		case unicode.Is(unicode.Mn, r):
		case ligatures[r] != "":
			b.WriteString(ligatures[r])
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
