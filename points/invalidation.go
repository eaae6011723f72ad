package points

// This file holds the loss of validity of a licence whose balance reached 0
// (L223-1, L223-5).

// notify applies the notification of a 48SI letter (phase 5 of a day, see
// phase). The licence loses its validity that day if its balance is 0.
//
// Reading taken: a 48SI notified while the balance is above 0 has no
// effect. It happens when a stage was credited between the day the balance
// reached 0 and the notification: that stage counts (CE 29/09/2023
// n°461479), so the invalidation has no ground.
func (e *engine) notify(it *item) {
	if !e.valid {
		return
	}
	if e.balance == 0 {
		e.invalidate(it.day, it.idx, true)
		return
	}
	e.note(it.day, it.idx, why{kind: note48SINoEffect, ref: it.day, n: int16(e.balance)})
}

// checkZero ends a day: a licence whose balance is 0 loses its validity on
// the day the 48SI letter is notified or, where no notification after that
// day is known, on that day (docs/points-rules.md, Zero and invalidation).
func (e *engine) checkZero(d Date) {
	if e.valid && e.balance == 0 && e.lastNotified <= d {
		e.invalidate(d, -1, false)
	}
}

// invalidate ends the validity of the licence on day d: from then on
// nothing is restored or credited, and the forecast is empty.
func (e *engine) invalidate(d Date, event int, notified bool) {
	e.valid, e.invalidSince = false, d
	e.hasW = false
	e.pending = e.pending[:0]
	w := why{kind: noteInvalid, ref: d, ref2: d.AddMonths(6)}
	if notified {
		w.flags |= wNotified
	}
	e.note(d, event, w)
}
