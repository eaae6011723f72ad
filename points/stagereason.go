package points

// This file holds the reasons of StageEligibility and their French texts:
// a screen prints them as they are, and never guesses why a stage would
// or would not bring points (docs/points-rules.md, Stages).

// StageReason says, as a stable code, why a stage started on the day asked
// would or would not bring points.
type StageReason string

// The reasons of StageEligibility, the first rule that applies in this
// order.
const (
	// StageInvalid: the licence is no longer valid; no stage credits
	// anything (L223-1).
	StageInvalid StageReason = "invalid"
	// StageTooSoon: the last stage that credited points ended less than a
	// year and a day before; From is the first day one could (L223-6
	// al. 4, R223-8), or later if the balance is at its ceiling then.
	StageTooSoon StageReason = "too_soon"
	// StageAtCeiling: the balance is at its ceiling today; a stage would
	// credit nothing and would not count (R223-8). From is set when the
	// ceiling rises later without the balance (the end of a probation
	// whose last step was refused).
	StageAtCeiling StageReason = "at_ceiling"
	// StageFullBeforeCredit: the balance is below its ceiling today, but a
	// restitution of the forecast fills it before a stage started today
	// would be credited, two days later.
	StageFullBeforeCredit StageReason = "full_before_credit"
	// StageEligible: a stage started today would bring Points.
	StageEligible StageReason = "eligible"
)

// The citations of the reasons.
const (
	articleStage     = "articles L223-6 alinéa 4 et R223-8" + code
	articleInvalid   = "article L223-1" + code
	articleProbation = "articles L223-1 et R223-1" + code
)

// stageWhy is what the texts of a StageEligibility are written from.
type stageWhy struct {
	invalidSince Date // StageInvalid
	full         Date // StageFullBeforeCredit: the day the balance reaches its ceiling
	// ceiling is the ceiling that matters: the one a stage credits up to
	// (StageEligible), today's (StageAtCeiling), on the credit day of a
	// stage started today or on next (the others).
	ceiling int
	// The once-a-year rule, when it stops a stage started today: the last
	// day of the last credited stage, and the first day a stage counts
	// again.
	tooSoon       bool
	lastEnd, next Date
	// When From is set and later than the day asked: the day the ceiling
	// rose above the balance for a stage started on From, the balance and
	// ceiling that day, and whether it is the end of probation.
	rise                     Date
	riseBalance, riseCeiling int
	riseProbationEnd         bool
}

// article returns the citation of a reason.
func (st *StageEligibility) article() string {
	if st.Reason == StageInvalid {
		return articleInvalid
	}
	return articleStage
}

// stageSummary writes the one sentence a screen shows at a glance.
func (t *text) stageSummary(st *StageEligibility) {
	w := &st.sw
	switch st.Reason {
	case StageEligible:
		t.s("Un stage vous rendrait ")
		t.points(st.Points, "")
		t.s(" dès aujourd'hui.")
	case StageTooSoon:
		switch {
		case st.From != nil && *st.From == w.next:
			t.s("Un stage vous rendrait des points à partir du ")
			t.date(w.next)
			t.s(" : un seul par an, et le dernier s'est terminé le ")
			t.date(w.lastEnd)
			t.s(".")
		case st.From != nil:
			t.noStageBefore(st.From)
			t.s("un seul par an (le dernier s'est terminé le ")
			t.date(w.lastEnd)
			t.s("), puis votre solde sera à son maximum.")
		default:
			t.noStageBefore(nil)
			t.s("un seul par an (le dernier s'est terminé le ")
			t.date(w.lastEnd)
			t.s("), et votre solde sera à son maximum d'ici le ")
			t.date(w.next)
			t.s(".")
		}
	case StageAtCeiling:
		t.noStageBefore(st.From)
		t.s("votre solde est à son maximum")
		t.current(w.ceiling)
		t.s(" (")
		t.points(w.ceiling, "")
		t.s(").")
	case StageFullBeforeCredit:
		t.noStageBefore(st.From)
		t.s("votre solde sera à son maximum le ")
		t.date(w.full)
		if st.From == nil {
			t.s(", avant qu'un stage soit crédité")
		}
		t.s(".")
	case StageInvalid:
		t.noStageBefore(nil)
		t.s("votre permis n'est plus valide depuis le ")
		t.date(w.invalidSince)
		t.s(".")
	}
}

// noStageBefore writes "Aucun stage ne vous rendrait de points avant le
// 14/09/2026 : ", without the date when from is nil.
func (t *text) noStageBefore(from *Date) {
	t.s("Aucun stage ne vous rendrait de points")
	if from != nil {
		t.s(" avant le ")
		t.date(*from)
	}
	t.s(" : ")
}

// current writes " actuel" after "maximum" when the ceiling is a ceiling
// of probation, below 12.
func (t *text) current(ceiling int) {
	if ceiling < MaxPoints {
		t.s(" actuel")
	}
}

// stageExplanation writes the reason in full, with its articles.
func (t *text) stageExplanation(st *StageEligibility) {
	w := &st.sw
	switch st.Reason {
	case StageEligible:
		t.s("Un stage commencé aujourd'hui vous rendrait ")
		t.points(st.Points, "")
		t.s(", crédité")
		if st.Points > 1 {
			t.s("s")
		}
		t.s(" le lendemain de son dernier jour")
		if st.Points < stagePoints {
			t.s(" : 4 au plus, sans dépasser votre maximum de ")
			t.points(w.ceiling, "")
		}
		t.s(" (" + articleStage + ").")
	case StageTooSoon:
		t.s("Un ")
		t.onceAYear(w)
		t.s(", soit le ")
		t.date(w.next)
		t.s(" au plus tôt (" + articleStage + ").")
		switch {
		case st.From == nil:
			t.s(" Sans nouvelle infraction, votre solde sera alors à son maximum de ")
			t.points(w.ceiling, "")
			t.s(" : aucun stage ne vous rendrait de points.")
		case *st.From != w.next:
			t.s(" À cette date, votre solde sera à son maximum de ")
			t.points(w.ceiling, "")
			t.s(".")
			t.rise(w)
			t.stageFrom(st)
		}
	case StageAtCeiling:
		t.s("Votre solde est à son maximum")
		t.current(w.ceiling)
		t.s(", ")
		t.points(w.ceiling, "")
		t.s(" : un stage ne vous rendrait aucun point, et un stage qui n'en rend aucun ne compte pas comme le stage de l'année (" + articleStage + ").")
		t.stageLater(st)
	case StageFullBeforeCredit:
		t.s("Le ")
		t.date(w.full)
		t.s(", votre solde atteindra son maximum de ")
		t.points(w.ceiling, "")
		t.s(", avant qu'un stage commencé aujourd'hui soit crédité, le lendemain de son dernier jour : ce stage ne vous rendrait aucun point et ne compterait pas comme le stage de l'année (" + articleStage + ").")
		t.stageLater(st)
	case StageInvalid:
		t.s("Votre permis n'est plus valide depuis le ")
		t.date(w.invalidSince)
		t.s(" : un stage ne peut plus vous rendre de points (" + articleInvalid + ").")
	}
}

// onceAYear writes the once-a-year rule as it applies, after "Un " or
// "Mais un ".
func (t *text) onceAYear(w *stageWhy) {
	t.s("seul stage par an rend des points : le dernier stage qui vous en a rendu s'est terminé le ")
	t.date(w.lastEnd)
	t.s(", et un nouveau stage n'en rend que s'il commence au moins un an et un jour plus tard")
}

// stageLater writes what follows a balance at its ceiling: when a stage
// will bring points again and why, or that none will.
func (t *text) stageLater(st *StageEligibility) {
	w := &st.sw
	if st.From == nil {
		t.s(" Sans nouvelle infraction, il y restera : aucun stage ne vous rendrait de points.")
		return
	}
	t.rise(w)
	if w.tooSoon && *st.From == w.next && w.next.AddDays(2) > w.rise {
		t.s(" Mais un ")
		t.onceAYear(w)
		t.s(" (" + articleStage + ").")
	}
	t.stageFrom(st)
}

// rise writes the day the ceiling rises above the balance.
func (t *text) rise(w *stageWhy) {
	t.s(" Le ")
	t.date(w.rise)
	if w.riseProbationEnd {
		t.s(", fin de votre période probatoire,")
	}
	t.s(" votre maximum passera à ")
	t.points(w.riseCeiling, "")
	t.s(" et votre solde sera de ")
	t.points(w.riseBalance, "")
	t.s(" (" + articleProbation + ").")
}

// stageFrom writes the first day a stage would bring points.
func (t *text) stageFrom(st *StageEligibility) {
	t.s(" Un stage commencé à partir du ")
	t.date(*st.From)
	t.s(" vous rendrait des points.")
}
