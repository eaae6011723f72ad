package points

// This file holds points-recovery stages (L223-6 al. 4, R223-4 to R223-8).

// stagePoints is what a stage credits at most.
const stagePoints = 4

// nextStageFrom returns the first day a stage may start and be credited
// under the once-a-year rule: 1 year and 1 day after the last day of the
// previous credited stage (R223-8).
func (e *engine) nextStageFrom() Date {
	return e.lastStage.AddYears(1).AddDays(1)
}

// creditStage applies a stage on its credit day, the day after its last day
// (phase 4 of a day, see phase). It credits +4 points capped at the ceiling
// (L223-6 al. 4, R223-8), only if:
//   - the licence is valid: a stage completed after the balance reached 0
//     but before the 48SI letter was notified still counts (CE 29/09/2023
//     n°461479);
//   - its first day is at least 1 year and 1 day after the last day of the
//     previous credited stage;
//   - the balance is below the ceiling: a stage that credits nothing does
//     not count as the stage of the year.
func (e *engine) creditStage(it *item) {
	d := it.day
	w := why{ref: it.first}
	switch {
	case !e.valid:
		w.kind, w.ref2 = noteStageInvalid, e.invalidSince
		e.note(d, it.idx, w)
	case e.credited && it.first < e.nextStageFrom():
		w.kind, w.ref2, w.ref3 = noteStageTooSoon, e.lastStage, e.nextStageFrom()
		e.note(d, it.idx, w)
	case e.balance >= e.ceiling:
		w.kind, w.n = noteStageAtCeiling, int16(e.ceiling)
		e.note(d, it.idx, w)
	default:
		c := min(stagePoints, e.ceiling-e.balance)
		if c < stagePoints {
			w.flags |= wCeiling
		}
		if e.balance == 0 {
			w.flags |= wZeroBefore48SI
		}
		e.balance += c
		e.credited, e.lastStage = true, it.first.AddDays(1)
		e.emit(Change{Date: d, Change: c, Rule: RuleStage, Label: "stage de récupération de points", Event: it.idx, Letters: Letter47, why: w})
	}
}

// stageEligibility answers "would a stage bring points?" on the day asked
// (docs/points-rules.md, Stages), and why. A stage started on day s is
// credited on s+2, the day after its second day. Reading taken: it is
// eligible if on that credit day, with the forecast (no new offence, no new
// stage), the licence is valid, the once-a-year rule is met and the balance
// is below the ceiling; it brings min(4, ceiling − balance) of that day. The
// two days between differ from the day asked only when the forecast changes
// balance or ceiling in between. From is the first day s ≥ the day asked for
// which this holds, or nil. from is where to store it.
//
// The reason is the first of these that stops a stage started today: the
// licence is not valid (L223-1); the balance is at its ceiling today
// (R223-8); the last credited stage is less than a year and a day old
// (L223-6 al. 4, R223-8); a restitution fills the balance before the
// credit day.
func (e *engine) stageEligibility(from *Date) StageEligibility {
	var st StageEligibility
	w := &st.sw
	if !e.snap.valid {
		st.Reason, w.invalidSince = StageInvalid, e.invalidSince
		return st
	}
	s := e.at
	if e.credited && e.nextStageFrom() > e.at {
		s = e.nextStageFrom()
		w.tooSoon, w.lastEnd, w.next = true, e.lastStage, s
	}
	blocked := false
	for {
		credit := s.AddDays(2)
		b, ceil, next, more := e.stateOn(credit)
		if b < ceil {
			*from = s
			st.From = from
			if s == e.at {
				st.Eligible, st.Points, w.ceiling = true, min(stagePoints, ceil-b), ceil
			}
			break
		}
		if !blocked {
			blocked, w.ceiling = true, ceil
		}
		if !more {
			break
		}
		s = next.AddDays(-2)
	}
	switch {
	case st.Eligible:
		st.Reason = StageEligible
	case e.snap.balance >= e.snap.ceiling:
		st.Reason, w.ceiling = StageAtCeiling, e.snap.ceiling
	case w.tooSoon:
		st.Reason = StageTooSoon
	default:
		st.Reason, w.full = StageFullBeforeCredit, e.fullOn(e.at.AddDays(2))
	}
	if st.From != nil && !st.Eligible {
		credit := st.From.AddDays(2)
		w.rise = e.belowSince(credit)
		w.riseBalance, w.riseCeiling, _, _ = e.stateOn(w.rise)
		w.riseProbationEnd = e.prob.on && e.prob.end > e.at && e.prob.end == w.rise
	}
	return st
}

// fullOn returns the first day of the forecast, after the day asked and at
// the latest on d, from which the balance stays at its ceiling until d.
func (e *engine) fullOn(d Date) Date {
	full := noDate
	for i := range e.fc {
		c := &e.fc[i]
		if c.Date > d {
			break
		}
		switch {
		case c.Balance < c.Ceiling:
			full = noDate
		case full == noDate:
			full = c.Date
		}
	}
	if full == noDate {
		return d
	}
	return full
}

// belowSince returns the first day r, two days after the day asked or
// later, from which the balance stays below its ceiling until day d
// (where it is): the day the ceiling rose above it.
func (e *engine) belowSince(d Date) Date {
	since := noDate
	for x := e.at.AddDays(2); x <= d; {
		b, ceil, next, more := e.stateOn(x)
		switch {
		case b >= ceil:
			since = noDate
		case since == noDate:
			since = x
		}
		if !more {
			break
		}
		x = next
	}
	if since == noDate {
		return d
	}
	return since
}

// stateOn returns the balance and ceiling at the end of day d ≥ the day
// asked according to the forecast, and the next day after d on which the
// forecast changes either (more is false if none).
func (e *engine) stateOn(d Date) (balance, ceiling int, next Date, more bool) {
	balance, ceiling = e.snap.balance, e.snap.ceiling
	for i := range e.fc {
		c := &e.fc[i]
		if c.Date > d {
			next, more = c.Date, true
			break
		}
		balance, ceiling = c.Balance, c.Ceiling
	}
	// The end of probation raises the ceiling without a change of the
	// balance when its step is refused.
	if e.prob.on && e.at < e.prob.end {
		if d >= e.prob.end {
			ceiling = MaxPoints
		} else if !more || e.prob.end < next {
			next, more = e.prob.end, true
		}
	}
	return balance, ceiling, next, more
}

// stageBetween reports whether the record holds a stage started between
// from and to, both included (for the 48N obligation).
func (e *engine) stageBetween(from, to Date) bool {
	for i := range e.ext {
		if it := &e.ext[i]; it.kind == kindStage && it.first >= from && it.first <= to {
			return true
		}
	}
	return false
}
