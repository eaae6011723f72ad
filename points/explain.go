package points

import (
	"strconv"
	"strings"
)

// This file writes the French explanations of changes and notes, for a
// person, citing the article of the Code de la route or the decision each
// rule comes from. The run records what a text needs in a why; the texts
// are written once at the end, into one strings.Builder whose string every
// explanation is a slice of: one allocation for all the texts of a result.

// why is what an explanation is written from.
type why struct {
	ref    Date // the main date: committed day, withdrawal, stage first day…
	ref2   Date
	ref3   Date
	endOff int32 // end of the text in the buffer of explainAll
	inst   DateTime
	n, n2  int16
	flags  whyFlags
	kind   noteKind // for a Note
	cls    uint8    // Class.rank
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

// text is where explanations are written.
type text struct {
	strings.Builder
	tmp [24]byte
}

// explainAll writes every explanation of res, and the texts of its stage
// eligibility.
func (e *engine) explainAll(res *Result) {
	n := len(res.History) + len(res.Forecast) + len(res.Notes) + 2 // the stage's two texts
	var t text
	t.Grow(textPerEntry * n)
	for i := range res.History {
		t.explainChange(&res.History[i])
		res.History[i].why.endOff = int32(t.Len())
	}
	for i := range res.Forecast {
		t.explainChange(&res.Forecast[i])
		res.Forecast[i].why.endOff = int32(t.Len())
	}
	for i := range res.Notes {
		t.explainNote(&res.Notes[i])
		res.Notes[i].why.endOff = int32(t.Len())
	}
	st := &res.Stage
	sumStart := int32(t.Len())
	t.stageSummary(st)
	sumEnd := int32(t.Len())
	t.stageExplanation(st)
	expEnd := int32(t.Len())
	s := t.String()
	st.Summary, st.Explanation, st.Article = s[sumStart:sumEnd], s[sumEnd:expEnd], st.article()
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

// textPerEntry is about the length of an explanation, in bytes, to size
// the buffer once.
const textPerEntry = 200

// explainChange writes the explanation of one change.
func (t *text) explainChange(c *Change) {
	w := &c.why
	switch c.Rule {
	case RuleOffence:
		t.explainOffence(c)
		return
	case RuleRestore6m:
		t.points(c.Change, "restitué")
		t.s(" le ")
		t.date(c.Date)
		t.s(" : 6 mois sans nouvelle infraction depuis le retrait du ")
		t.date(w.ref)
		t.s(" (article L223-6 alinéa 3" + code + ").")
		if w.ref2 != noDate {
			t.s(" L'infraction du ")
			t.date(w.ref2)
			t.s(", commise avant ce retrait, ne l'interrompt pas, même devenue définitive pendant ces 6 mois (CE 4/12/2017 n°402423).")
		}
	case RuleRestore10y:
		t.points(c.Change, "restitué")
		t.s(" le ")
		t.date(c.Date)
		t.s(" : 10 ans après le retrait du ")
		t.date(w.ref)
		t.s(" pour une ")
		t.class(classOfRank(w.cls))
		t.s(" (article L223-6 alinéa 5" + code + ").")
	case RuleRestoreFull:
		t.points(c.Change, "restitué")
		t.s(" le ")
		t.date(c.Date)
		if w.flags&wDeferred != 0 {
			t.s(", fin de la période probatoire : ")
		} else {
			t.s(" : ")
		}
		t.int(int(w.n))
		t.s(" ans sans nouvelle infraction depuis le retrait du ")
		t.date(w.ref)
		t.s(", le permis retrouve 12 points (article L223-6" + code + ").")
		if w.flags&wHeavy != 0 {
			t.s(" Le délai est de 3 ans car une infraction retenue depuis le dernier retour à 12 points est une contravention de 4e ou 5e classe ou un délit (CE 21/11/2016 n°392555).")
		}
		if w.flags&wDeferred != 0 {
			t.s(" Le délai a expiré le ")
			t.date(w.ref2)
			t.s(", pendant la période probatoire : la restitution prend effet à sa fin (article L223-1, dernier alinéa" + code + ").")
		}
	case RuleStage:
		t.points(c.Change, "crédité")
		t.s(" le ")
		t.date(c.Date)
		t.s(" : stage de sensibilisation à la sécurité routière des ")
		t.date(w.ref)
		t.s(" et ")
		t.date(w.ref.AddDays(1))
		t.s(" (articles L223-6 alinéa 4 et R223-8" + code + ").")
		if w.flags&wCeiling != 0 {
			t.s(" Le crédit est limité au plafond de ")
			t.int(c.Ceiling)
			t.s(" points.")
		}
		if w.flags&wZeroBefore48SI != 0 {
			t.s(" Le solde était à 0 mais la lettre 48SI n'était pas encore notifiée : le stage compte (CE 29/09/2023 n°461479).")
		}
	case RuleProbationStep:
		t.points(c.Change, "ajouté")
		t.s(" le ")
		t.date(c.Date)
		t.s(" : ")
		t.months(int(w.n))
		t.s(" de permis probatoire sans infraction, le plafond passe à ")
		t.int(c.Ceiling)
		t.s(" points (article R223-1" + code + ").")
	case RuleProbationEnd:
		t.points(c.Change, "ajouté")
		t.s(" le ")
		t.date(c.Date)
		t.s(" : fin de la période probatoire de ")
		t.months(int(w.n))
		t.s(" sans infraction, le permis atteint 12 points (articles L223-1 et R223-1" + code + ").")
	}
	return
}

func (t *text) explainOffence(c *Change) {
	w := &c.why
	if c.Change < 0 {
		t.points(-c.Change, "retiré")
		t.s(" le ")
		t.date(c.Date)
		t.s(", jour où ")
		t.offence(c.Label, w.ref)
		t.s(" est devenue définitive (articles L223-1 et L223-2" + code + ").")
	} else {
		t.s("Aucun point retiré le ")
		t.date(c.Date)
		t.s(" pour ")
		t.offence(c.Label, w.ref)
		t.s(", devenue définitive ce jour-là")
		switch {
		case w.flags&wInvalid != 0:
			t.s(" : le permis n'est plus valide depuis le ")
			t.date(w.ref2)
			t.s(" (article L223-1" + code + ").")
			return
		case w.flags&wZero != 0:
			t.s(" : 0 point au barème, elle n'a aucun effet sur le permis à points, n'interrompt aucun délai et ne bloque aucune étape probatoire (article L223-2" + code + ").")
			return
		case w.flags&wConcours != 0:
			t.s(".")
		default:
			t.s(" : le solde est déjà à 0 (article L223-2" + code + ").")
			return
		}
	}
	if w.flags&wConcours != 0 {
		t.s(" Les infractions commises simultanément le ")
		t.date(w.ref)
		t.s(" à ")
		t.clock(w.inst)
		t.s(" retirent au plus 8 points ensemble ; ")
		t.int(int(w.n2))
		t.s(" étaient déjà retirés, cette infraction valant ")
		t.int(int(w.n))
		t.s(" (article L223-2 III" + code + ").")
	}
	if w.flags&wFloor != 0 {
		t.s(" Le solde ne descend pas sous 0 (article L223-2" + code + ").")
	}
	switch {
	case c.Letters&Letter48SI != 0:
		t.s(" Le solde atteint 0 : le permis perd sa validité à la notification de la lettre 48SI (article L223-1" + code + ").")
	case c.Letters&Letter48N != 0:
		t.s(" Lettre 48N : stage de sensibilisation obligatoire dans les 4 mois suivant sa réception, soit jusqu'à quelques jours après le ")
		t.date(w.ref2)
		t.s(", selon le jour où elle est reçue (articles L223-6 et R223-4" + code + ").")
	case c.Letters&Letter48M != 0:
		t.s(" Lettre 48M : il reste 6 points ou moins.")
	}
	return
}

// explainNote writes the text of one note.
func (t *text) explainNote(n *Note) {
	w := &n.why
	switch w.kind {
	case noteStepRefused:
		t.s("Étape du permis probatoire du ")
		t.date(w.ref)
		t.s(" (+")
		t.int(int(w.n))
		t.s(" points) non accordée : ")
		t.offence("", w.ref2)
		t.s(", devenue définitive le ")
		t.date(w.ref3)
		t.s(", a été commise avant cet anniversaire (article R223-1" + code + ").")
	case noteEndRefused:
		t.s("Fin de la période probatoire le ")
		t.date(w.ref)
		t.s(" : le plafond passe à 12 points mais, ")
		t.offence("", w.ref2)
		t.s(" ayant été commise avant cette date et devenue définitive le ")
		t.date(w.ref3)
		t.s(", le solde ne passe pas à 12 ; les points reviennent selon l'article L223-6 (articles L223-1 et R223-1" + code + ").")
	case noteTrainingCounted:
		t.s("Formation complémentaire suivie le ")
		t.date(w.ref)
		t.s(", entre le 6e et le 12e mois du permis : la période probatoire est réduite et prend fin le ")
		t.date(w.ref2)
		t.s(" (article R223-4-1" + code + ").")
	case noteTrainingOutside:
		t.s("Formation complémentaire suivie le ")
		t.date(w.ref)
		t.s(", hors de la période du ")
		t.date(w.ref2)
		t.s(" au ")
		t.date(w.ref3)
		t.s(" (6e au 12e mois du permis) : elle ne réduit pas la période probatoire (article R223-4-1" + code + ").")
	case noteTrainingLost:
		t.s("Formation complémentaire suivie le ")
		t.date(w.ref)
		t.s(" : la réduction de la période probatoire est perdue, ")
		t.offence("", w.ref2)
		t.s(" ayant été commise avant le ")
		t.date(w.ref3)
		t.s(", fin de la période réduite (article R223-4-1" + code + ").")
	case note6mInterrupted:
		t.s("Le point retiré le ")
		t.date(w.ref)
		t.s(" n'est pas restitué au bout de 6 mois : une infraction a été commise le ")
		t.date(w.ref2)
		t.s(", dans ce délai (article L223-6 alinéa 3" + code + ").")
	case noteStageInvalid:
		t.stage(w.ref)
		t.s(" sans effet : le permis n'est plus valide depuis le ")
		t.date(w.ref2)
		t.s(" (article L223-1" + code + ").")
	case noteStageTooSoon:
		t.stage(w.ref)
		t.s(" non crédité : un seul stage par an, le suivant doit commencer au moins un an et un jour après le dernier jour du stage crédité précédent (")
		t.date(w.ref2)
		t.s("), soit le ")
		t.date(w.ref3)
		t.s(" au plus tôt (articles L223-6 alinéa 4 et R223-8" + code + ").")
	case noteStageAtCeiling:
		t.stage(w.ref)
		t.s(" sans effet : le solde était déjà au plafond de ")
		t.int(int(w.n))
		t.s(" points ; n'ayant rien crédité, il ne compte pas comme le stage de l'année (articles L223-6 alinéa 4 et R223-8" + code + ").")
	case note48SINoEffect:
		t.s("Lettre 48SI notifiée le ")
		t.date(w.ref)
		t.s(" sans effet : le solde était de ")
		t.points(int(w.n), "")
		t.s(" ce jour-là et une invalidation suppose un solde nul ; un stage suivi avant la notification compte (article L223-1" + code + " ; CE 29/09/2023 n°461479).")
	case noteInvalid:
		t.s("Permis invalidé le ")
		t.date(w.ref)
		if w.flags&wNotified != 0 {
			t.s(" : solde nul, lettre 48SI notifiée ce jour-là")
		} else {
			t.s(" : le solde atteint 0 et aucune notification de la lettre 48SI n'est connue")
		}
		t.s(" (article L223-1" + code + "). Plus aucun point n'est restitué ni crédité. Le permis est à remettre dans les 10 jours ; un nouveau permis peut être demandé 6 mois après sa remise, soit au plus tôt le ")
		t.date(w.ref2)
		t.s(", 1 an en cas d'autre invalidation dans les 5 ans (article L223-5" + code + ").")
	}
	return
}

// s writes a string.
func (t *text) s(str string) { t.WriteString(str) }

// date writes d as 23/08/2024.
func (t *text) date(d Date) { t.Write(appendFrench(t.tmp[:0], d)) }

// int writes n.
func (t *text) int(n int) { t.Write(strconv.AppendInt(t.tmp[:0], int64(n), 10)) }

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

// clock writes the time of d as "10 h 00".
func (t *text) clock(d DateTime) {
	m := int(int64(d) - int64(d.Date())*1440)
	t.int(m / 60)
	t.s(" h ")
	t.Write(append2(t.tmp[:0], m%60))
}

// points writes "1 point retiré" or "3 points retirés"; with an empty
// participle, "1 point" or "3 points".
func (t *text) points(n int, participle string) {
	t.int(n)
	if n > 1 {
		t.s(" points")
	} else {
		t.s(" point")
	}
	if participle != "" {
		t.WriteByte(' ')
		t.s(participle)
		if n > 1 {
			t.WriteByte('s')
		}
	}
}

// months writes a delay of probation: "1 an", "2 ans", "18 mois".
func (t *text) months(months int) {
	switch {
	case months%12 != 0:
		t.int(months)
		t.s(" mois")
	case months == 12:
		t.s("1 an")
	default:
		t.int(months / 12)
		t.s(" ans")
	}
}

// offence writes "l'infraction « label » du 03/02/2024".
func (t *text) offence(label string, committed Date) {
	t.s("l'infraction ")
	if label != "" {
		t.s("« ")
		t.s(label)
		t.s(" » ")
	}
	t.s("du ")
	t.date(committed)
}

// stage writes "Stage des 13/06/2024 et 14/06/2024".
func (t *text) stage(first Date) {
	t.s("Stage des ")
	t.date(first)
	t.s(" et ")
	t.date(first.AddDays(1))
}

// class writes "contravention de 4e classe" or "délit".
func (t *text) class(c Class) {
	switch c {
	case Delit:
		t.s("délit")
	case C1:
		t.s("contravention de 1re classe")
	default:
		t.s("contravention de ")
		t.WriteByte(c[1])
		t.s("e classe")
	}
}

// French returns the class for a person: "contravention de 4e classe",
// "délit".
func (c Class) French() string {
	if !c.valid() {
		return string(c)
	}
	var t text
	t.class(c)
	return t.String()
}
