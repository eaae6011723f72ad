package auth

import (
	"fmt"

	"mespoints/points"
	"mespoints/server/store"
)

// Pivot is FranceConnect's identity pivot of a sign-in, kept in its
// session: a FranceConnect session links only the dossier of the person
// FranceConnect identified.
type Pivot struct {
	GivenNames   string `json:"given_names"`
	FamilyName   string `json:"family_name"`
	Birthdate    string `json:"birthdate"`
	Birthplace   string `json:"birthplace,omitempty"`
	Birthcountry string `json:"birthcountry,omitempty"`
	Gender       string `json:"gender,omitempty"`
}

// pivotOf reads FranceConnect's identity pivot, and false when it lacks a
// part.
func pivotOf(c userClaims) (Pivot, bool) {
	if _, err := points.ParseDate(c.Birthdate); err != nil || c.FamilyName == "" || c.GivenName == "" {
		return Pivot{}, false
	}
	return Pivot{GivenNames: c.GivenName, FamilyName: c.FamilyName, Birthdate: c.Birthdate,
		Birthplace: c.Birthplace, Birthcountry: c.Birthcountry, Gender: c.Gender}, true
}

// Identity returns the pivot as an identity to compare with holders.
func (p Pivot) Identity() store.Identity {
	born, _ := points.ParseDate(p.Birthdate)
	return store.Identity{FamilyName: p.FamilyName, GivenNames: p.GivenNames, Birthdate: born, Birthplace: p.Birthplace, Birthcountry: p.Birthcountry}
}

// Matches tells whether the pivot is the holder h, by the comparison of
// the automatic link (store.Identity.Same).
func (p Pivot) Matches(h store.Holder) bool { return p.Identity().Same(h.Identity()) }

// Describe says in French who FranceConnect identified: given names,
// name and date of birth, agreed with the gender.
func (p Pivot) Describe() string {
	identified, born := "identifié(e)", "né(e)"
	switch p.Gender {
	case "female":
		identified, born = "identifiée", "née"
	case "male":
		identified, born = "identifié", "né"
	}
	date := p.Birthdate
	if d, err := points.ParseDate(p.Birthdate); err == nil {
		date = d.French()
	}
	return fmt.Sprintf("%s comme %s %s, %s le %s", identified, p.GivenNames, p.FamilyName, born, date)
}
