package points

// This file holds the probation of a new licence (L223-1, R223-1, R223-4-1).

// step is one step of probation on an anniversary of the licence.
type step struct {
	date   Date
	amount int
	months int  // months since the licence was obtained
	end    bool // the last step: probation ends that day
}

// probation is the probation plan of a licence on the day asked.
type probation struct {
	on    bool // the licence has a probation (not "none")
	steps [3]step
	n     int
	end   Date

	training    TrainingStatus
	trainingDay Date
	shortEnd    Date // the shortened end the training would give
	lostBy      int  // ext index of the offence that lost the training, or -1
}

// planProbation returns the steps of probation (docs/points-rules.md, Capital and
// probation, table; R223-1):
//
//	traditional             3 years: +2 at 1 year, +2 at 2 years, +2 at 3 years
//	AAC                     2 years: +3 at 1 year, +3 at 2 years
//	traditional + training  2 years: +2 at 1 year, +4 at 2 years
//	AAC + training          18 months: +3 at 1 year, +3 at 18 months
//
// The post-licence training (R223-4-1) counts only if taken between the 6th
// and the 12th month after the licence. Reading taken: from the day 6 months
// after the licence to the day 12 months after it, both included. It is
// lost, and the normal length applies again, if an offence giving rise to a
// withdrawal (worth at least 1 point) is committed strictly before the
// shortened end. Like every event, the training is known only once it has
// happened: a training after the day asked is ignored (docs/points-rules.md,
// Dates and delays).
func planProbation(l Licence, at Date, ext []item) probation {
	p := probation{lostBy: -1}
	if l.Probation == NoProbation {
		return p
	}
	p.on = true
	o := l.Obtained
	aac := l.Probation == AAC
	trained := false
	if t := l.Training; t != nil && *t <= at {
		p.trainingDay = *t
		p.shortEnd = o.AddYears(2)
		if aac {
			p.shortEnd = o.AddMonths(18)
		}
		switch {
		case *t < o.AddMonths(6) || *t > o.AddMonths(12):
			p.training = TrainingOutside
		default:
			if j := committedBefore(ext, p.shortEnd); j >= 0 {
				p.training, p.lostBy = TrainingLost, j
			} else {
				p.training, trained = TrainingCounted, true
			}
		}
	}
	add := func(months, amount int, end bool) {
		p.steps[p.n] = step{date: o.AddMonths(months), amount: amount, months: months, end: end}
		p.n++
		if end {
			p.end = o.AddMonths(months)
		}
	}
	switch {
	case !aac && !trained:
		add(12, 2, false)
		add(24, 2, false)
		add(36, 2, true)
	case !aac && trained:
		add(12, 2, false)
		add(24, 4, true)
	case aac && !trained:
		add(12, 3, false)
		add(24, 3, true)
	default:
		add(12, 3, false)
		add(18, 3, true)
	}
	return p
}

// onProbation reports whether day d is within probation. The day
// probation ends is no longer within it: the last step applies that day.
func (p *probation) onProbation(d Date) bool { return p.on && d < p.end }

// committedBefore returns the index in ext of the first-committed offence
// worth at least 1 point committed strictly before day d, or -1.
func committedBefore(ext []item, d Date) int {
	best := -1
	for i := range ext {
		it := &ext[i]
		if it.kind == kindOffence && it.points > 0 && it.cday < d && (best < 0 || it.committed < ext[best].committed) {
			best = i
		}
	}
	return best
}

// blockingStep returns the index in ext of an offence that refuses the step
// of day a, or -1: an offence giving rise to a withdrawal, committed before
// that anniversary and definitive on or before it (R223-1; docs/points-rules.md,
// Capital and probation). An offence committed on the anniversary itself is
// not committed before it. A 0-point offence blocks nothing.
func blockingStep(ext []item, a Date) int {
	for i := range ext {
		it := &ext[i]
		if it.day > a {
			break // ext is sorted by the day events take effect
		}
		if it.kind == kindOffence && it.points > 0 && it.cday < a {
			return i
		}
	}
	return -1
}

// doSteps applies the steps of probation falling on day d (phase 1 of a day,
// see run). Once a step is refused, every later step is refused (R223-1).
// On the last step the ceiling becomes 12 (L223-1); the balance becomes 12
// only if the step is granted, otherwise it stays and a full restoration
// that fell due during probation takes effect now if its window is still
// clear (L223-1 last paragraph, L223-6 al. 1).
func (e *engine) doSteps(d Date) {
	for e.stepPos < e.prob.n && e.prob.steps[e.stepPos].date == d {
		s := e.prob.steps[e.stepPos]
		e.stepPos++
		blk := -1
		if !e.refused {
			blk = blockingStep(e.ext, d)
			e.refused = blk >= 0
			if e.refused {
				e.refusedBy = blk
			}
		}
		granted := !e.refused
		if !granted {
			e.noteStepRefused(s, e.refusedBy)
		}
		if !s.end {
			if granted {
				e.ceiling += s.amount
				e.balance += s.amount
				e.emit(Change{Date: d, Change: s.amount, Rule: RuleProbationStep, Label: "étape du permis probatoire", Event: -1, why: why{n: int16(s.months)}})
			}
			continue
		}
		e.ceiling = MaxPoints
		if granted {
			c := MaxPoints - e.balance
			e.balance = MaxPoints
			e.emit(Change{Date: d, Change: c, Rule: RuleProbationEnd, Label: "fin du permis probatoire", Event: -1, why: why{n: int16(s.months)}})
			continue
		}
		// A full restoration that fell due during probation takes effect on
		// the day probation ends, if no offence giving rise to a withdrawal
		// was committed since the last withdrawal (docs/points-rules.md,
		// Automatic restitution, third point).
		if e.hasW && e.fullDue < d && committedIn(e.ext, e.lastW, d) < 0 {
			e.restoreFull(d, true)
		}
	}
}

// noteStepRefused records why the step s was refused; blk is the index in
// ext of the offence that refused the first refused step.
func (e *engine) noteStepRefused(s step, blk int) {
	o := &e.ext[blk]
	w := why{kind: noteStepRefused, ref: s.date, ref2: o.cday, ref3: o.day, n: int16(s.amount)}
	if s.end {
		w.kind = noteEndRefused
	}
	e.note(s.date, o.idx, w)
}

// noteTraining records how the post-licence training was counted.
func (e *engine) noteTraining() {
	p := &e.prob
	w := why{ref: p.trainingDay}
	event := -1
	switch p.training {
	case TrainingNone:
		return
	case TrainingCounted:
		w.kind, w.ref2 = noteTrainingCounted, p.end
	case TrainingOutside:
		w.kind, w.ref2, w.ref3 = noteTrainingOutside, e.lic.Obtained.AddMonths(6), e.lic.Obtained.AddMonths(12)
	case TrainingLost:
		o := &e.ext[p.lostBy]
		w.kind, w.ref2, w.ref3, event = noteTrainingLost, o.cday, p.shortEnd, o.idx
	}
	e.note(p.trainingDay, event, w)
}
