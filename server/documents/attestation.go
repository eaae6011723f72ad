package documents

import (
	"errors"
	"time"

	"mespoints/points"
	"mespoints/server/store"
)

// ErrNoLicence is the error of a document asked for a candidate who has
// no licence yet: there is nothing to attest.
var ErrNoLicence = errors.New("documents: the dossier holds no licence")

// AttestationValidity is how long an attestation de droits à conduire is
// valid (décret n° 2024-1075): 4 months from its issue.
const AttestationValidity = 4 // months

// paris is the time zone of the documents' dates and times.
var paris = mustParis()

func mustParis() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic("documents: no time zone Europe/Paris: " + err.Error())
	}
	return loc
}

// NewAttestation builds the attestation de droits à conduire of rec,
// issued at issued, from the engine's result res for that day (in Paris):
// the holder, the licence, its categories and restrictions, the state of
// the right to drive on the day and the measures in force — never points,
// which a third party is not entitled to. A record without a licence
// gives ErrNoLicence.
func NewAttestation(rec store.Record, res points.Result, issued time.Time) (Document, error) {
	day := points.DateOf(issued.In(paris))
	state, ok := StateOn(rec, res, day)
	if !ok {
		return Document{}, ErrNoLicence
	}
	until := day.AddMonths(AttestationValidity)
	d := Document{
		Kind:       Attestation,
		Title:      "Attestation de droits à conduire",
		Subtitle:   "Anciennement « relevé d'information restreint » — à présenter à un tiers (loueur, employeur, assureur)",
		Issued:     issued,
		ValidUntil: &until,
	}
	d.Sections = append(d.Sections,
		holderSection(rec.Holder, true),
		licenceSection(rec),
		categoriesSection(rec.Licence),
		restrictionsSection(rec.Licence),
		Section{Heading: "Droit à conduire le " + day.LongFrench(),
			Facts: []Fact{fact("État du droit à conduire", capitalise(stateTextNoPoints(state)))}},
		measuresSection(rec, res, day),
		Section{Heading: "Délivrance",
			Facts: []Fact{
				fact("Délivrée", issuedText(issued, paris)),
				fact("Validité", "valable 4 mois, jusqu'au "+until.LongFrench()),
			},
			Lines: []string{"Ce document est établi à partir du fichier national des permis de conduire tel que Mes points le détient à sa date de délivrance. " +
				"Son code de vérification permet à quiconque de contrôler son authenticité et la validité du permis au jour du contrôle."}},
	)
	d.Claims = claimsOf(Attestation, rec, state, issued, &until)
	return d, nil
}

// holderSection is the holder's civil status, with the address the
// registry holds if withAddress.
func holderSection(h store.Holder, withAddress bool) Section {
	s := Section{Heading: "Titulaire"}
	s.Facts = append(s.Facts, fact("Nom de naissance", h.FamilyName))
	if h.UsageName != "" {
		s.Facts = append(s.Facts, fact("Nom d'usage", h.UsageName))
	}
	s.Facts = append(s.Facts,
		fact("Prénoms", h.GivenNames),
		fact("Date de naissance", h.Birthdate.LongFrench()),
		fact("Lieu de naissance", birthplaceText(h)),
	)
	if withAddress {
		if lines := addressLines(h.Address); lines != nil {
			s.Facts = append(s.Facts, Fact{Label: "Adresse", Value: lines})
		} else {
			s.Facts = append(s.Facts, fact("Adresse", "non détenue par le fichier"))
		}
	}
	return s
}

// licenceSection is the licence's numbers and dates.
func licenceSection(rec store.Record) Section {
	l := rec.Licence
	number := l.Number
	if number == "" {
		number = "non communiqué par le fichier"
	}
	return Section{Heading: "Permis de conduire", Facts: []Fact{
		fact("Numéro de dossier (NEPH)", rec.NEPH),
		fact("Numéro du permis", number),
		fact("Date d'obtention du permis", l.Obtained.LongFrench()),
	}}
}

// categoriesSection is the categories held, with their dates.
func categoriesSection(l *store.Licence) Section {
	s := Section{Heading: "Catégories"}
	if len(l.Categories) == 0 {
		s.Lines = []string{"Le fichier ne précise pas les catégories de ce permis."}
		return s
	}
	t := &Table{Columns: []Column{{"Catégorie", 1}, {"Obtenue le", 1.4}, {"Fin de validité", 1.6}}}
	for _, c := range l.Categories {
		end := "sans limite"
		if c.Until != nil {
			end = shortDate(*c.Until)
		}
		t.Rows = append(t.Rows, []string{c.Category, shortDate(c.Obtained), end})
	}
	s.Table = t
	return s
}

// restrictionsSection is the restriction codes with their meaning.
func restrictionsSection(l *store.Licence) Section {
	s := Section{Heading: "Restrictions et mentions"}
	if len(l.Restrictions) == 0 {
		s.Lines = []string{"Aucune restriction ni mention."}
	}
	for _, code := range l.Restrictions {
		s.Lines = append(s.Lines, "Code "+restrictionText(code))
	}
	return s
}

// measuresSection is the measures in force on day: the annulment, the
// invalidation with its 48SI letter, the suspensions not yet over.
func measuresSection(rec store.Record, res points.Result, day points.Date) Section {
	s := Section{Heading: "Mesures en vigueur"}
	for _, m := range rec.Licence.Measures {
		if m.Kind == store.Annulment && m.From <= day {
			line := "Annulation judiciaire du permis depuis le " + shortDate(m.From)
			if m.Until != nil && *m.Until >= day {
				line += " ; interdiction de solliciter un nouveau permis jusqu'au " + shortDate(*m.Until) + " inclus"
			}
			s.Lines = append(s.Lines, line)
		}
	}
	if res.Status == points.StatusInvalid {
		line := "Invalidation du permis"
		if res.InvalidSince != nil {
			line += " depuis le " + shortDate(*res.InvalidSince)
		}
		if l, ok := lastLetter(rec, store.Letter48SI); ok {
			line += " (lettre 48SI du " + shortDate(l.Date) + ")"
		}
		s.Lines = append(s.Lines, line)
	}
	for _, susp := range suspensionsOf(rec) {
		if susp.Until < day {
			continue
		}
		line := "Suspension " + authorityText(susp.Kind) + " du " + shortDate(susp.From) + " au " + shortDate(susp.Until) + " inclus"
		if susp.From > day {
			line += " (à venir)"
		}
		s.Lines = append(s.Lines, line)
	}
	if len(s.Lines) == 0 {
		s.Lines = []string{"Aucune mesure en vigueur."}
	}
	return s
}

// lastLetter is the latest letter of type t the holder was sent.
func lastLetter(rec store.Record, t store.LetterType) (store.Letter, bool) {
	var out store.Letter
	found := false
	for _, e := range rec.Events {
		for _, l := range e.Letters {
			if l.Type == t && (!found || l.Date > out.Date) {
				out, found = l, true
			}
		}
	}
	return out, found
}

// claimsOf are the claims of a document of kind about rec.
func claimsOf(kind Kind, rec store.Record, s State, issued time.Time, until *points.Date) Claims {
	c := Claims{
		Kind: kind, Issued: issued.UTC().Truncate(time.Minute), NEPH: rec.NEPH,
		FamilyName: rec.Holder.FamilyName, UsageName: rec.Holder.UsageName, GivenNames: rec.Holder.GivenNames,
		Birthdate: rec.Holder.Birthdate, State: s.Kind, StateDate: s.Date, ValidUntil: until,
	}
	for _, cat := range rec.Licence.Categories {
		c.Categories = append(c.Categories, ClaimCategory{Name: cat.Category, Obtained: cat.Obtained, Until: cat.Until})
	}
	return c
}

// capitalise puts the first letter in upper case.
func capitalise(s string) string {
	for i, r := range s {
		if r >= 'a' && r <= 'z' {
			return s[:i] + string(r-'a'+'A') + s[i+1:]
		}
		return s
	}
	return s
}
