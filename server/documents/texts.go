package documents

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"time"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/store"
)

// shortDate writes a day as 16/03/2026.
func shortDate(d points.Date) string { return d.French() }

// timeOfDay writes a moment's time in Paris as "10 h 30".
func timeOfDay(t time.Time, paris *time.Location) string {
	return strconv.Itoa(t.In(paris).Hour()) + " h " + t.In(paris).Format("04")
}

// issuedText writes when a document was issued: "le 16 mars 2026 à
// 10 h 30 (heure de Paris)".
func issuedText(t time.Time, paris *time.Location) string {
	return "le " + points.DateOf(t.In(paris)).LongFrench() + " à " + timeOfDay(t, paris) + " (heure de Paris)"
}

// fullName writes the holder's names: given names, then the usage name
// and the birth name ("Anne Sylvie Vidal, née Rousseau" is left to the
// labels: here "Anne Sylvie ROUSSEAU").
func fullName(h store.Holder) string {
	return h.GivenNames + " " + strings.ToUpper(h.FamilyName)
}

// birthplaceText names the place of birth: its name if the registry gives
// it, else the commune's INSEE code, or the country's for a holder born
// abroad.
func birthplaceText(h store.Holder) string {
	if h.BirthplaceName != "" {
		return h.BirthplaceName
	}
	if h.Birthplace != "" {
		return "commune de code INSEE " + h.Birthplace
	}
	return "à l'étranger (pays de code INSEE " + h.Birthcountry + ")"
}

// addressLines writes the postal address, one line each.
func addressLines(a *store.Address) []string {
	if a == nil {
		return nil
	}
	return append(slices.Clone(a.Lines), a.Postcode+" "+strings.ToUpper(a.City))
}

// stateText says a state of the right to drive in a sentence's words:
// "valide", "suspendu jusqu'au 12/05/2026 inclus"…
func stateText(s State) string {
	date := func(prefix string) string {
		if s.Date == nil {
			return ""
		}
		return prefix + shortDate(*s.Date)
	}
	switch s.Kind {
	case StateAnnulled:
		return "annulé par décision de justice" + date(" depuis le ")
	case StateInvalid:
		return "invalidé pour solde de points nul (lettre 48SI)" + date(" depuis le ")
	case StateSuspended:
		return "suspendu" + date(" jusqu'au ") + " inclus"
	case StateProbation:
		return "valide, en période probatoire" + date(" jusqu'au ")
	}
	return "valide"
}

// stateTextNoPoints says the state without naming points, for a third
// party: the attestation and the pages of share codes.
func stateTextNoPoints(s State) string {
	if s.Kind == StateInvalid {
		t := "invalidé (lettre 48SI)"
		if s.Date != nil {
			t += " depuis le " + shortDate(*s.Date)
		}
		return t
	}
	return stateText(s)
}

// restrictionText writes a restriction code and its meaning.
func restrictionText(code string) string {
	return code + " — " + wire.RestrictionMeaning(code)
}

// authorityText says who ordered a suspension.
func authorityText(k store.SuspensionKind) string {
	if k == store.Judicial {
		return "judiciaire"
	}
	return "administrative"
}

// definitiveText says how an offence became definitive.
func definitiveText(by store.DefinitiveBy) string {
	switch by {
	case store.ByPayment:
		return "paiement de l'amende forfaitaire"
	case store.ByTitreExecutoire:
		return "titre exécutoire de l'amende forfaitaire majorée"
	case store.ByCompositionPenale:
		return "exécution d'une composition pénale"
	case store.ByJudgment:
		return "condamnation définitive"
	}
	return "non précisé"
}

// letterText says what a letter is.
func letterText(t store.LetterType) string {
	switch t {
	case store.Letter48:
		return "information d'un retrait de points"
	case store.Letter48M:
		return "solde de 6 points ou moins"
	case store.Letter48N:
		return "stage obligatoire en période probatoire"
	case store.Letter48SI:
		return "invalidation du permis pour solde nul"
	case store.Letter46:
		return "reconstitution du capital de points"
	case store.Letter46D:
		return "restitution d'un point après 6 mois"
	case store.Letter46B:
		return "restitution de points après 10 ans"
	case store.Letter47:
		return "points crédités après un stage"
	}
	return "courrier"
}

// ruleText names why the balance changed.
func ruleText(r points.Rule) string {
	switch r {
	case points.RuleOffence:
		return "retrait de points"
	case points.RuleRestore6m:
		return "restitution d'un point après 6 mois"
	case points.RuleRestoreFull:
		return "reconstitution du capital"
	case points.RuleRestore10y:
		return "restitution après 10 ans"
	case points.RuleStage:
		return "stage de récupération de points"
	case points.RuleProbationStep:
		return "points de la période probatoire"
	case points.RuleProbationEnd:
		return "fin de la période probatoire"
	}
	return string(r)
}

// sortBy sorts s stably by the date key gives.
func sortBy[T any](s []T, key func(T) points.Date) {
	slices.SortStableFunc(s, func(a, b T) int { return cmp.Compare(key(a), key(b)) })
}

// StateSentence says a state of the right to drive: "valide",
// "suspendu jusqu'au 12/05/2026 inclus"…; for a third party (withPoints
// false) an invalidation names its letter, not the balance.
func StateSentence(s State, withPoints bool) string {
	if withPoints {
		return stateText(s)
	}
	return stateTextNoPoints(s)
}

// MomentText writes a moment in Paris as "16/03/2026 à 10 h 30".
func MomentText(t time.Time) string {
	return shortDate(points.DateOf(t.In(paris))) + " à " + timeOfDay(t, paris)
}
