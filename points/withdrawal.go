package points

// This file holds withdrawals (L223-1, L223-2, R223-3) and what they start:
// the delays of L223-6 and the letters.

// concoursCap is the most simultaneous offences withdraw together
// (L223-2 III).
const concoursCap = 8

// withdraw applies an offence on the day it became definitive (phase 3 of a
// day, see phase).
//
// An offence worth 0 points is recorded and has no effect on anything
// (docs/points-rules.md, Withdrawals). Offences with the same committed instant
// were found at the same interception and withdraw at most 8 points
// together, probation included (L223-2 III); offences minutes apart are
// successive (CE 20/06/2023 n°460902). The balance never goes below 0.
//
// Reading taken: an offence worth at least 1 point "gives rise to a
// withdrawal" even when the cap of 8 or the floor of 0 leaves it nothing to
// take: it moves the start of the full-restoration delay and counts for the
// 3-year delay of its class. The 6-month rule looks at what was actually
// taken (exactly 1 point) and the 10-year rule gives back what was actually
// taken.
func (e *engine) withdraw(it *item) {
	d := it.day
	c := Change{Date: d, Rule: RuleOffence, Label: e.events[it.idx].Label, Event: it.idx,
		why: why{ref: it.cday, inst: it.committed, n: int16(it.points), cls: it.rank}}
	if !e.valid {
		c.why.flags |= wInvalid
		c.why.ref2 = e.invalidSince
		e.emit(c)
		return
	}
	if it.points == 0 {
		c.why.flags |= wZero
		e.emit(c)
		return
	}
	used := 0
	for j := 0; j < e.pos; j++ {
		if o := &e.ext[j]; o.kind == kindOffence && o.committed == it.committed {
			used += o.taken
		}
	}
	amount := min(it.points, max(0, concoursCap-used))
	if amount < it.points {
		c.why.flags |= wConcours
		c.why.n2 = int16(used)
	}
	it.taken = amount
	taken := min(amount, e.balance)
	if taken < amount {
		c.why.flags |= wFloor
	}
	e.balance -= taken
	c.Change = -taken

	// The full-restoration delay runs from the last withdrawal; it is 3
	// years if any withdrawal of the cycle is for a c4, c5 or délit
	// (L223-6 al. 1–2, CE 21/11/2016 n°392555).
	e.hasW, e.lastW, e.lastWEvent = true, d, it.idx
	e.heavy = e.heavy || it.class().Lengthens()
	e.fullDue = d.AddYears(e.fullYears())
	e.fullBlocked = committedIn(e.ext, d, e.fullDue) >= 0

	// 6 months, 1 point (L223-6 al. 3): unless an offence giving rise to a
	// withdrawal is committed strictly inside the 6 months. An offence
	// committed before the withdrawal took effect does not interrupt it,
	// even if it becomes definitive inside the window (CE 4/12/2017
	// n°402423).
	sixMonths := false
	if taken == 1 {
		due := d.AddMonths(6)
		if j := committedIn(e.ext, d, due); j >= 0 {
			e.note(d, it.idx, why{kind: note6mInterrupted, ref: d, ref2: e.ext[j].cday})
		} else {
			sixMonths = true
			e.pending = append(e.pending, pending{due: due, amount: 1, event: it.idx, from: d, rank: it.rank, ce2017: e.ce2017(d, due)})
		}
	}
	// 10 years (L223-6 al. 5): the points of a contravention of classes 1
	// to 4 come back, unless the 6-month rule gives them back first (or a
	// full restoration, see restoreFull).
	if !sixMonths && taken > 0 && it.class().TenYear() {
		e.pending = append(e.pending, pending{due: d.AddYears(10), tenYear: true, amount: taken, event: it.idx, from: d, rank: it.rank})
	}

	// Letters (docs/points-rules.md, Letters the holder receives).
	probation := e.prob.onProbation(d)
	if taken > 0 {
		c.Letters |= Letter48
	}
	switch {
	case e.balance == 0:
		c.Letters |= Letter48SI
	case probation && taken >= 3:
		// 48N: a single offence of 3 points or more on probation makes a
		// stage mandatory within 4 months (L223-6 al. 4, R223-4).
		c.Letters |= Letter48N
		e.mand = &MandatoryStage{Event: it.idx, Since: d, Deadline: d.AddMonths(4)}
		c.why.ref2 = e.mand.Deadline
	case !probation && taken > 0 && e.balance <= 6:
		c.Letters |= Letter48M
	}
	e.emit(c)
}

// fullYears is the delay of the full restoration of the current cycle.
func (e *engine) fullYears() int {
	if e.heavy {
		return 3
	}
	return 2
}

// ce2017 returns the day an offence committed on or before day w was
// committed if it became definitive inside the window (w, due): the case of
// CE 4/12/2017 n°402423, worth saying in the explanation. It returns noDate
// otherwise.
func (e *engine) ce2017(w, due Date) Date {
	for i := range e.ext {
		it := &e.ext[i]
		if it.kind == kindOffence && it.points > 0 && it.cday <= w && it.day > w && it.day < due {
			return it.cday
		}
	}
	return noDate
}
