package store

import (
	"errors"
	"fmt"
	"net/mail"
	"slices"
	"strings"

	"mespoints/points"
)

// Validate checks every field of the record and returns a *FieldError
// naming the first field at fault, or nil. The fields the points engine
// reads are checked by the engine's own rules (see validateEngine); the
// registry's detail is checked here.
func (r Record) Validate() error {
	if _, err := NormaliseNEPH(r.NEPH); err != nil {
		return &FieldError{Field: "neph", Err: err}
	}
	if r.Updated == 0 {
		return fieldErr("updated", "missing")
	}
	if err := r.Holder.validate(); err != nil {
		return err
	}
	if r.Exams != nil {
		if err := r.Exams.Validate(); err != nil {
			var fe *points.FieldError
			if errors.As(err, &fe) {
				return fieldErr("exams."+fe.Field, "%s", fe.Msg)
			}
			return &FieldError{Field: "exams", Err: err}
		}
	}
	if r.Licence == nil {
		if len(r.Events) > 0 {
			return fieldErr("events", "a record without a licence has no events")
		}
		return nil
	}
	if err := r.Licence.validate(); err != nil {
		return err
	}
	for i, e := range r.Events {
		if err := e.validate(fmt.Sprintf("events[%d]", i)); err != nil {
			return err
		}
	}
	pr, _ := r.Engine()
	return validateEngine(pr)
}

func (h Holder) validate() error {
	if strings.TrimSpace(h.FamilyName) == "" {
		return fieldErr("holder.family_name", "missing")
	}
	if strings.TrimSpace(h.GivenNames) == "" {
		return fieldErr("holder.given_names", "missing")
	}
	// Birthdate 0 is 1970-01-01, a real birthdate: its presence in an
	// extract is checked when the line is read (registry.DecodeLine).
	if h.Birthcountry != "" && !isCountryCode(h.Birthcountry) {
		return fieldErr("holder.birthcountry", "%q is not an INSEE country code (99100 for France)", h.Birthcountry)
	}
	abroad := h.Birthcountry != "" && h.Birthcountry != CountryFrance
	switch {
	case abroad && h.Birthplace != "":
		return fieldErr("holder.birthplace", "must be empty for a holder born abroad (birthcountry %s)", h.Birthcountry)
	case !abroad && h.Birthplace == "":
		return fieldErr("holder.birthplace", "missing: the INSEE code of the commune of birth (empty only with a birthcountry other than 99100)")
	case !abroad && !isCommuneCode(h.Birthplace):
		return fieldErr("holder.birthplace", "%q is not an INSEE commune code", h.Birthplace)
	}
	if h.Email != "" {
		if a, err := mail.ParseAddress(h.Email); err != nil || a.Address != h.Email {
			return fieldErr("holder.email", "not an e-mail address")
		}
	}
	if h.BirthplaceName != "" && (strings.TrimSpace(h.BirthplaceName) == "" || len([]rune(h.BirthplaceName)) > maxAddressLine) {
		return fieldErr("holder.birthplace_name", "a place name has 1 to %d characters", maxAddressLine)
	}
	if h.Address != nil {
		return h.Address.validate("holder.address")
	}
	return nil
}

func (l Licence) validate() error {
	if l.Number != "" && !isAlnum(l.Number, 5, 20) {
		return fieldErr("licence.number", "a licence number has 5 to 20 letters and digits")
	}
	for i, c := range l.Categories {
		f := fmt.Sprintf("licence.categories[%d]", i)
		if !slices.Contains(Categories, c.Category) {
			return fieldErr(f+".category", "%q is not a licence category (%s)", c.Category, strings.Join(Categories, ", "))
		}
		if c.Obtained == 0 {
			return fieldErr(f+".obtained", "missing")
		}
		if c.Until != nil && *c.Until < c.Obtained {
			return fieldErr(f+".until", "%s is before obtained (%s)", *c.Until, c.Obtained)
		}
	}
	for i, code := range l.Restrictions {
		if !isRestriction(code) {
			return fieldErr(fmt.Sprintf("licence.restrictions[%d]", i), "%q is not a restriction code (two digits, then optional sub-codes: 01.01, 78)", code)
		}
	}
	for i, m := range l.Measures {
		if err := m.validate(fmt.Sprintf("licence.measures[%d]", i)); err != nil {
			return err
		}
	}
	return nil
}

func (e Event) validate(f string) error {
	offence, stage := e.Type == points.Offence, e.Type == points.Stage
	switch {
	case e.Place != nil && !offence:
		return fieldErr(f+".place", "only an offence has a place")
	case e.Natinf != "" && !offence, e.NatinfLabel != "" && !offence:
		return fieldErr(f+".natinf", "only an offence has a NATINF code")
	case e.DefinitiveBy != "" && !offence:
		return fieldErr(f+".definitive_by", "only an offence becomes definitive")
	case len(e.Suspensions) > 0 && !offence:
		return fieldErr(f+".suspensions", "only an offence leads to a suspension")
	case e.Centre != nil && !stage:
		return fieldErr(f+".centre", "only a stage has a centre")
	}
	if e.Place != nil {
		if err := e.Place.validate(f + ".place"); err != nil {
			return err
		}
	}
	if e.Natinf != "" && !isDigits(e.Natinf, 1, 5) {
		return fieldErr(f+".natinf", "a NATINF code has 1 to 5 digits")
	}
	switch e.DefinitiveBy {
	case "", ByPayment, ByTitreExecutoire, ByCompositionPenale, ByJudgment:
	default:
		return fieldErr(f+".definitive_by", "%q is not one of payment, titre_executoire, composition_penale, judgment", e.DefinitiveBy)
	}
	if e.Centre != nil {
		if strings.TrimSpace(e.Centre.Name) == "" {
			return fieldErr(f+".centre.name", "missing")
		}
		if e.Centre.Place != nil {
			if err := e.Centre.Place.validate(f + ".centre.place"); err != nil {
				return err
			}
		}
	}
	for i, l := range e.Letters {
		lf := fmt.Sprintf("%s.letters[%d]", f, i)
		switch l.Type {
		case Letter48, Letter48M, Letter48N, Letter48SI, Letter46, Letter46D, Letter46B, Letter47:
		default:
			return fieldErr(lf+".type", "%q is not a letter (48, 48M, 48N, 48SI, 46, 46D, 46B, 47)", l.Type)
		}
		if l.Date == 0 {
			return fieldErr(lf+".date", "missing")
		}
	}
	for i, s := range e.Suspensions {
		sf := fmt.Sprintf("%s.suspensions[%d]", f, i)
		if s.Kind != Administrative && s.Kind != Judicial {
			return fieldErr(sf+".kind", "%q is not administrative or judicial", s.Kind)
		}
		if s.From == 0 {
			return fieldErr(sf+".from", "missing")
		}
		if s.Until < s.From {
			return fieldErr(sf+".until", "%s is before from (%s)", s.Until, s.From)
		}
	}
	return nil
}

func (p Place) validate(f string) error {
	if !isCommuneCode(p.Commune) {
		return fieldErr(f+".commune", "%q is not an INSEE commune code", p.Commune)
	}
	return nil
}

// isCommuneCode reports whether s is an INSEE commune code: five
// characters, digits except 2A or 2B for Corsica (2A004 is Ajaccio).
func isCommuneCode(s string) bool {
	if len(s) != 5 {
		return false
	}
	if s[:2] == "2A" || s[:2] == "2B" {
		return isDigits(s[2:], 3, 3)
	}
	return isDigits(s, 5, 5)
}

// isCountryCode reports whether s is an INSEE country code: 99 and three
// digits.
func isCountryCode(s string) bool {
	return len(s) == 5 && s[:2] == "99" && isDigits(s, 5, 5)
}

// isRestriction reports whether s is an EU restriction code: two digits,
// then optional dot-separated sub-codes of letters and digits.
func isRestriction(s string) bool {
	if len(s) < 2 || len(s) > 40 || !isDigits(s[:2], 2, 2) {
		return false
	}
	rest := s[2:]
	if rest == "" {
		return true
	}
	if rest[0] != '.' {
		return false
	}
	for _, part := range strings.Split(rest[1:], ".") {
		if !isAlnum(part, 1, 20) {
			return false
		}
	}
	return true
}

func isDigits(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isAlnum(s string, lo, hi int) bool {
	if len(s) < lo || len(s) > hi {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
