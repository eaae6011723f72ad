package points

import "strconv"

// This file writes the French explanations of changes and notes, for a
// person, citing the article of the Code de la route or the decision each
// rule comes from. The run records what a text needs in a why; the texts
// are written once at the end, into one buffer turned into one string that
// every explanation is a slice of.

// why is what an explanation is written from.
type why struct {
	kind   noteKind // for a Note
	flags  whyFlags
	ref    Date // the main date: committed day, withdrawal, stage first day…
	ref2   Date
	ref3   Date
	inst   DateTime
	n, n2  int
	cls    Class
	endOff int32 // end of the text in the buffer of explainAll
}

type whyFlags uint16

const (
	wInvalid        whyFlags = 1 << iota // offence: licence already invalid
	wZero                                // offence: 0 point
	wConcours                            // offence: reduced by the cap of 8
	wFloor                               // offence: reduced by the floor of 0
	wCeiling                             // restitution or stage: capped at the ceiling
	wHeavy                               // full restoration: 3 years
	wDeferred                            // full restoration: deferred to the end of probation
	wZeroBefore48SI                      // stage: credited at 0 before the 48SI
	wNotified                            // invalidation: on notification of the 48SI
)

type noteKind uint8

const (
	noteNone noteKind = iota
	noteStepRefused
	noteEndRefused
	noteTrainingCounted
	noteTrainingOutside
	noteTrainingLost
	note6mInterrupted
	noteStageInvalid
	noteStageTooSoon
	noteStageAtCeiling
	note48SINoEffect
	noteInvalid
)

const code = " du Code de la route"

// explainAll writes every explanation of res.
func (e *engine) explainAll(res *Result) {
	n := len(res.History) + len(res.Forecast) + len(res.Notes)
	if n == 0 {
		return
	}
	b := make([]byte, 0, 200*n)
	for i := range res.History {
		b = explainChange(b, &res.History[i])
		res.History[i].why.endOff = int32(len(b))
	}
	for i := range res.Forecast {
		b = explainChange(b, &res.Forecast[i])
		res.Forecast[i].why.endOff = int32(len(b))
	}
	for i := range res.Notes {
		b = explainNote(b, &res.Notes[i])
		res.Notes[i].why.endOff = int32(len(b))
	}
	s := string(b)
	start := int32(0)
	for i := range res.History {
		w := &res.History[i].why
		res.History[i].Explanation, start = s[start:w.endOff], w.endOff
	}
	for i := range res.Forecast {
		w := &res.Forecast[i].why
		res.Forecast[i].Explanation, start = s[start:w.endOff], w.endOff
	}
	for i := range res.Notes {
		w := &res.Notes[i].why
		res.Notes[i].Text, start = s[start:w.endOff], w.endOff
	}
}

// explainChange writes the explanation of one change.
func explainChange(b []byte, c *Change) []byte {
	w := &c.why
	switch c.Rule {
	case RuleOffence:
		return explainOffence(b, c)
	case RuleRestore6m:
		b = appendPoints(b, c.Change, "restitué")
		b = append(b, " le "...)
		b = appendFrench(b, c.Date)
		b = append(b, " : 6 mois sans nouvelle infraction depuis le retrait du "...)
		b = appendFrench(b, w.ref)
		b = append(b, " (article L223-6 alinéa 3"+code+")."...)
		if w.ref2 != 0 {
			b = append(b, " L'infraction du "...)
			b = appendFrench(b, w.ref2)
			b = append(b, ", commise avant ce retrait, ne l'interrompt pas, même devenue définitive pendant ces 6 mois (CE 4/12/2017 n°402423)."...)
		}
	case RuleRestore10y:
		b = appendPoints(b, c.Change, "restitué")
		b = append(b, " le "...)
		b = appendFrench(b, c.Date)
		b = append(b, " : 10 ans après le retrait du "...)
		b = appendFrench(b, w.ref)
		b = append(b, " pour une "...)
		b = appendClass(b, w.cls)
		b = append(b, " (article L223-6 alinéa 5"+code+")."...)
	case RuleRestoreFull:
		b = appendPoints(b, c.Change, "restitué")
		b = append(b, " le "...)
		b = appendFrench(b, c.Date)
		if w.flags&wDeferred != 0 {
			b = append(b, ", fin de la période probatoire : "...)
		} else {
			b = append(b, " : "...)
		}
		b = strconv.AppendInt(b, int64(w.n), 10)
		b = append(b, " ans sans nouvelle infraction depuis le retrait du "...)
		b = appendFrench(b, w.ref)
		b = append(b, ", le permis retrouve 12 points (article L223-6"+code+")."...)
		if w.flags&wHeavy != 0 {
			b = append(b, " Le délai est de 3 ans car une infraction retenue depuis le dernier retour à 12 points est une contravention de 4e ou 5e classe ou un délit (CE 21/11/2016 n°392555)."...)
		}
		if w.flags&wDeferred != 0 {
			b = append(b, " Le délai a expiré le "...)
			b = appendFrench(b, w.ref2)
			b = append(b, ", pendant la période probatoire : la restitution prend effet à sa fin (article L223-1, dernier alinéa"+code+")."...)
		}
	case RuleStage:
		b = appendPoints(b, c.Change, "crédité")
		b = append(b, " le "...)
		b = appendFrench(b, c.Date)
		b = append(b, " : stage de sensibilisation à la sécurité routière des "...)
		b = appendFrench(b, w.ref)
		b = append(b, " et "...)
		b = appendFrench(b, w.ref.AddDays(1))
		b = append(b, " (articles L223-6 alinéa 4 et R223-8"+code+")."...)
		if w.flags&wCeiling != 0 {
			b = append(b, " Le crédit est limité au plafond de "...)
			b = strconv.AppendInt(b, int64(c.Ceiling), 10)
			b = append(b, " points."...)
		}
		if w.flags&wZeroBefore48SI != 0 {
			b = append(b, " Le solde était à 0 mais la lettre 48SI n'était pas encore notifiée : le stage compte (CE 29/09/2023 n°461479)."...)
		}
	case RuleProbationStep:
		b = appendPoints(b, c.Change, "ajouté")
		b = append(b, " le "...)
		b = appendFrench(b, c.Date)
		b = append(b, " : "...)
		b = appendMonths(b, w.n)
		b = append(b, " de permis probatoire sans infraction, le plafond passe à "...)
		b = strconv.AppendInt(b, int64(c.Ceiling), 10)
		b = append(b, " points (article R223-1"+code+")."...)
	case RuleProbationEnd:
		b = appendPoints(b, c.Change, "ajouté")
		b = append(b, " le "...)
		b = appendFrench(b, c.Date)
		b = append(b, " : fin de la période probatoire de "...)
		b = appendMonths(b, w.n)
		b = append(b, " sans infraction, le permis atteint 12 points (articles L223-1 et R223-1"+code+")."...)
	}
	return b
}

func explainOffence(b []byte, c *Change) []byte {
	w := &c.why
	if c.Change < 0 {
		b = appendPoints(b, -c.Change, "retiré")
		b = append(b, " le "...)
		b = appendFrench(b, c.Date)
		b = append(b, ", jour où "...)
		b = appendOffence(b, c.Label, w.ref)
		b = append(b, " est devenue définitive (articles L223-1 et L223-2"+code+")."...)
	} else {
		b = append(b, "Aucun point retiré le "...)
		b = appendFrench(b, c.Date)
		b = append(b, " pour "...)
		b = appendOffence(b, c.Label, w.ref)
		b = append(b, ", devenue définitive ce jour-là"...)
		switch {
		case w.flags&wInvalid != 0:
			b = append(b, " : le permis n'est plus valide depuis le "...)
			b = appendFrench(b, w.ref2)
			b = append(b, " (article L223-1"+code+")."...)
			return b
		case w.flags&wZero != 0:
			b = append(b, " : 0 point au barème, elle n'a aucun effet sur le permis à points, n'interrompt aucun délai et ne bloque aucune étape probatoire (article L223-2"+code+")."...)
			return b
		case w.flags&wConcours != 0:
			b = append(b, "."...)
		default:
			b = append(b, " : le solde est déjà à 0 (article L223-2"+code+")."...)
			return b
		}
	}
	if w.flags&wConcours != 0 {
		b = append(b, " Les infractions commises simultanément le "...)
		b = appendFrench(b, w.ref)
		b = append(b, " à "...)
		b = appendClock(b, w.inst)
		b = append(b, " retirent au plus 8 points ensemble ; "...)
		b = strconv.AppendInt(b, int64(w.n2), 10)
		b = append(b, " étaient déjà retirés, cette infraction valant "...)
		b = strconv.AppendInt(b, int64(w.n), 10)
		b = append(b, " (article L223-2 III"+code+")."...)
	}
	if w.flags&wFloor != 0 {
		b = append(b, " Le solde ne descend pas sous 0 (article L223-2"+code+")."...)
	}
	switch {
	case c.Letters&Letter48SI != 0:
		b = append(b, " Le solde atteint 0 : le permis perd sa validité à la notification de la lettre 48SI (article L223-1"+code+")."...)
	case c.Letters&Letter48N != 0:
		b = append(b, " Lettre 48N : stage de sensibilisation obligatoire dans les 4 mois suivant sa réception, soit vers le "...)
		b = appendFrench(b, w.ref2)
		b = append(b, " (articles L223-6 et R223-4"+code+")."...)
	case c.Letters&Letter48M != 0:
		b = append(b, " Lettre 48M : il reste 6 points ou moins."...)
	}
	return b
}

// explainNote writes the text of one note.
func explainNote(b []byte, n *Note) []byte {
	w := &n.why
	switch w.kind {
	case noteStepRefused:
		b = append(b, "Étape du permis probatoire du "...)
		b = appendFrench(b, w.ref)
		b = append(b, " (+"...)
		b = strconv.AppendInt(b, int64(w.n), 10)
		b = append(b, " points) non accordée : "...)
		b = appendOffence(b, "", w.ref2)
		b = append(b, ", devenue définitive le "...)
		b = appendFrench(b, w.ref3)
		b = append(b, ", a été commise avant cet anniversaire (article R223-1"+code+")."...)
	case noteEndRefused:
		b = append(b, "Fin de la période probatoire le "...)
		b = appendFrench(b, w.ref)
		b = append(b, " : le plafond passe à 12 points mais, "...)
		b = appendOffence(b, "", w.ref2)
		b = append(b, " ayant été commise avant cette date et devenue définitive le "...)
		b = appendFrench(b, w.ref3)
		b = append(b, ", le solde ne passe pas à 12 ; les points reviennent selon l'article L223-6 (articles L223-1 et R223-1"+code+")."...)
	case noteTrainingCounted:
		b = append(b, "Formation complémentaire suivie le "...)
		b = appendFrench(b, w.ref)
		b = append(b, ", entre le 6e et le 12e mois du permis : la période probatoire est réduite et prend fin le "...)
		b = appendFrench(b, w.ref2)
		b = append(b, " (article R223-4-1"+code+")."...)
	case noteTrainingOutside:
		b = append(b, "Formation complémentaire suivie le "...)
		b = appendFrench(b, w.ref)
		b = append(b, ", hors de la période du "...)
		b = appendFrench(b, w.ref2)
		b = append(b, " au "...)
		b = appendFrench(b, w.ref3)
		b = append(b, " (6e au 12e mois du permis) : elle ne réduit pas la période probatoire (article R223-4-1"+code+")."...)
	case noteTrainingLost:
		b = append(b, "Formation complémentaire suivie le "...)
		b = appendFrench(b, w.ref)
		b = append(b, " : la réduction de la période probatoire est perdue, "...)
		b = appendOffence(b, "", w.ref2)
		b = append(b, " ayant été commise avant le "...)
		b = appendFrench(b, w.ref3)
		b = append(b, ", fin de la période réduite (article R223-4-1"+code+")."...)
	case note6mInterrupted:
		b = append(b, "Le point retiré le "...)
		b = appendFrench(b, w.ref)
		b = append(b, " n'est pas restitué au bout de 6 mois : une infraction a été commise le "...)
		b = appendFrench(b, w.ref2)
		b = append(b, ", dans ce délai (article L223-6 alinéa 3"+code+")."...)
	case noteStageInvalid:
		b = appendStage(b, w.ref)
		b = append(b, " sans effet : le permis n'est plus valide depuis le "...)
		b = appendFrench(b, w.ref2)
		b = append(b, " (article L223-1"+code+")."...)
	case noteStageTooSoon:
		b = appendStage(b, w.ref)
		b = append(b, " non crédité : un seul stage par an, le suivant doit commencer au moins un an et un jour après le dernier jour du stage crédité précédent ("...)
		b = appendFrench(b, w.ref2)
		b = append(b, "), soit le "...)
		b = appendFrench(b, w.ref3)
		b = append(b, " au plus tôt (articles L223-6 alinéa 4 et R223-8"+code+")."...)
	case noteStageAtCeiling:
		b = appendStage(b, w.ref)
		b = append(b, " sans effet : le solde était déjà au plafond de "...)
		b = strconv.AppendInt(b, int64(w.n), 10)
		b = append(b, " points ; n'ayant rien crédité, il ne compte pas comme le stage de l'année (articles L223-6 alinéa 4 et R223-8"+code+")."...)
	case note48SINoEffect:
		b = append(b, "Lettre 48SI notifiée le "...)
		b = appendFrench(b, w.ref)
		b = append(b, " sans effet : le solde était de "...)
		b = appendPoints(b, w.n, "")
		b = append(b, " ce jour-là et une invalidation suppose un solde nul ; un stage suivi avant la notification compte (article L223-1"+code+" ; CE 29/09/2023 n°461479)."...)
	case noteInvalid:
		b = append(b, "Permis invalidé le "...)
		b = appendFrench(b, w.ref)
		if w.flags&wNotified != 0 {
			b = append(b, " : solde nul, lettre 48SI notifiée ce jour-là"...)
		} else {
			b = append(b, " : le solde atteint 0 et aucune notification de la lettre 48SI n'est connue"...)
		}
		b = append(b, " (article L223-1"+code+"). Plus aucun point n'est restitué ni crédité. Le permis est à remettre dans les 10 jours ; un nouveau permis peut être demandé 6 mois après sa remise, soit au plus tôt le "...)
		b = appendFrench(b, w.ref2)
		b = append(b, ", 1 an en cas d'autre invalidation dans les 5 ans (article L223-5"+code+")."...)
	}
	return b
}

// appendFrench writes d as 23/08/2024.
func appendFrench(b []byte, d Date) []byte {
	y, m, dd := d.YMD()
	b = append2(b, dd)
	b = append(b, '/')
	b = append2(b, int(m))
	b = append(b, '/')
	return strconv.AppendInt(b, int64(y), 10)
}

func append2(b []byte, n int) []byte {
	return append(b, byte('0'+n/10), byte('0'+n%10))
}

// appendClock writes the time of t as "10 h 00".
func appendClock(b []byte, t DateTime) []byte {
	m := int(int64(t) - int64(t.Date())*1440)
	b = strconv.AppendInt(b, int64(m/60), 10)
	b = append(b, " h "...)
	return append2(b, m%60)
}

// appendPoints writes "1 point retiré" or "3 points retirés"; with an empty
// participle, "1 point" or "3 points".
func appendPoints(b []byte, n int, participle string) []byte {
	b = strconv.AppendInt(b, int64(n), 10)
	if n > 1 {
		b = append(b, " points"...)
	} else {
		b = append(b, " point"...)
	}
	if participle != "" {
		b = append(b, ' ')
		b = append(b, participle...)
		if n > 1 {
			b = append(b, 's')
		}
	}
	return b
}

// appendMonths writes a delay of probation: "1 an", "2 ans", "18 mois".
func appendMonths(b []byte, months int) []byte {
	if months%12 != 0 {
		b = strconv.AppendInt(b, int64(months), 10)
		return append(b, " mois"...)
	}
	b = strconv.AppendInt(b, int64(months/12), 10)
	if months == 12 {
		return append(b, " an"...)
	}
	return append(b, " ans"...)
}

// appendOffence writes "l'infraction « label » du 03/02/2024".
func appendOffence(b []byte, label string, committed Date) []byte {
	b = append(b, "l'infraction "...)
	if label != "" {
		b = append(b, "« "...)
		b = append(b, label...)
		b = append(b, " » "...)
	}
	b = append(b, "du "...)
	return appendFrench(b, committed)
}

// appendStage writes "Stage des 13/06/2024 et 14/06/2024".
func appendStage(b []byte, first Date) []byte {
	b = append(b, "Stage des "...)
	b = appendFrench(b, first)
	b = append(b, " et "...)
	return appendFrench(b, first.AddDays(1))
}

// appendClass writes "contravention de 4e classe" or "délit".
func appendClass(b []byte, c Class) []byte {
	switch c {
	case Delit:
		return append(b, "délit"...)
	case C1:
		return append(b, "contravention de 1re classe"...)
	}
	b = append(b, "contravention de "...)
	b = append(b, c[1])
	return append(b, "e classe"...)
}

// French returns the explanation of a class for a person, as appendClass.
func (c Class) French() string {
	if !c.valid() {
		return string(c)
	}
	return string(appendClass(nil, c))
}
