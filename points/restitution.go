package points

// This file holds the automatic restitutions of L223-6: full restoration
// (al. 1–2), 6 months (al. 3) and 10 years (al. 5).

// doRestitutions applies the restitutions whose delay ends on day d (phase 2
// of a day, see phase): "a restitution takes effect on the day the delay
// ends". Each is capped at the ceiling.
func (e *engine) doRestitutions(d Date) {
	if e.hasW && !e.fullBlocked && e.fullDue == d && !e.prob.onProbation(d) {
		e.restoreFull(d, false)
	}
	if e.pendingDue != d {
		return
	}
	// The others in the order of the withdrawals they give back.
	kept := e.pending[:0]
	for _, p := range e.pending {
		if p.due != d {
			kept = append(kept, p)
			continue
		}
		c := min(p.amount, e.ceiling-e.balance)
		e.balance += c
		ch := Change{Date: d, Change: c, Rule: RuleRestore6m, Label: "restitution d'un point après 6 mois", Event: p.event, Letters: Letter46D,
			why: why{ref: p.from, ref2: p.ce2017, n: int16(p.amount), cls: p.rank}}
		if p.tenYear {
			ch.Rule, ch.Label, ch.Letters = RuleRestore10y, "restitution après 10 ans", Letter46B
		}
		if c < p.amount {
			ch.why.flags |= wCeiling
		}
		e.emit(ch)
	}
	e.pending = kept
}

// restoreFull sets the balance to 12: from the day the last withdrawal took
// effect, 2 years (3 if a withdrawal of the cycle was for a c4, c5 or délit)
// passed with no offence giving rise to a withdrawal committed inside that
// window (L223-6 al. 1–2; CE 21/11/2016 n°392555). It closes the cycle:
// the next withdrawal starts a new one, and the points still waiting for
// their 10-year restitution were given back by it (al. 5). deferred is set
// when the delay ended during probation, where al. 1 does not apply, and the
// restoration takes effect on the day probation ends (L223-1, last
// paragraph).
func (e *engine) restoreFull(d Date, deferred bool) {
	c := Change{Date: d, Change: MaxPoints - e.balance, Rule: RuleRestoreFull,
		Label: "retour à 12 points", Event: e.lastWEvent, Letters: Letter46,
		why: why{ref: e.lastW, ref2: e.fullDue, n: int16(e.fullYears())}}
	if e.heavy {
		c.why.flags |= wHeavy
	}
	if deferred {
		c.why.flags |= wDeferred
	}
	e.balance = MaxPoints
	e.hasW, e.heavy = false, false
	e.pending = e.pending[:0]
	e.emit(c)
}
