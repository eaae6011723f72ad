package points

import (
	"cmp"
	"slices"
)

// MaxPoints is the maximum balance of a licence (L223-1).
const MaxPoints = 12

// probationPoints is the balance a licence on probation starts with (L223-1).
const probationPoints = 6

// noDate stands for "no day" in the engine's own fields: it is before any
// day a valid record holds (1970-01-01, Date 0, is a day like any other).
const noDate = minDate - 1

// item is an event of the record known on the day asked, prepared for the
// run: every date the rules need, and what the run found. It holds no
// pointer, so that sorting and copying it costs the garbage collector
// nothing.
type item struct {
	key       uint64 // the order of compareItems, but for the labels and indices
	kind      itemKind
	rank      uint8    // offence: Class.rank
	idx       int      // index in Record.Events
	day       Date     // the day it takes effect (Event.EffectiveOn)
	cday      Date     // offence: committed.Date()
	first     Date     // stage: first day
	committed DateTime // offence
	points    int      // offence: points of the barème
	taken     int      // offence: points withdrawn after the cap of L223-2 III
}

// itemKind is the type of an item, in the order of the phases of a day
// (see phase).
type itemKind uint8

const (
	kindOffence itemKind = iota + 3
	kindStage
	kindInvalidation
)

// class returns the class of an offence.
func (it *item) class() Class { return classOfRank(it.rank) }

// phase orders the events of one day: the items of the record take phases
// 3 to 5, steps and restitutions being the engine's own. Within a day the
// engine applies, in this order (reading taken where the texts are silent):
//  1. the steps of probation, due at the start of the anniversary;
//  2. the restitutions whose delay ends that day ("a restitution takes
//     effect on the day the delay ends"), full restoration first: a
//     withdrawal of the same day then counts from the restored balance and
//     starts the new cycle;
//  3. the withdrawals of offences definitive that day;
//  4. the credit of stages, so that a stage credits what the withdrawals of
//     its credit day took and a stage credited on the day of a restitution
//     that fills the balance credits nothing and does not count;
//  5. the notification of a 48SI letter, and the loss of validity of a
//     licence whose balance ends the day at 0.
func phase(k itemKind) int { return int(k) }

// compareItems sorts events by the day they take effect, then by phase.
// Offences of one day are taken by committed instant, then the most points
// first, then the most serious class first, then by label: so the cap of 8
// points on simultaneous offences (L223-2 III) reduces the offence that
// became definitive last and, on the same day, the one worth fewest points,
// and the result never depends on the order of the input.
func compareItems(a, b item, events []Event) int {
	if c := cmp.Compare(a.key, b.key); c != 0 {
		return c
	}
	if a.kind == kindOffence {
		if c := cmp.Compare(events[a.idx].Label, events[b.idx].Label); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.idx, b.idx)
}

// sortKey packs the order of compareItems into one integer, most
// significant first: the day (18 bits from 1900), the phase (3 bits), then
// for an offence the minute committed (29 bits from 1900), 7 − points and
// 7 − class rank (3 bits each), for a stage its first day. Validate keeps
// dates within 1900–2200, so every field fits.
func (it *item) sortKey() uint64 {
	const epoch1900 = minDate
	k := uint64(it.day-epoch1900)<<45 | uint64(phase(it.kind))<<42
	switch it.kind {
	case kindOffence:
		minutes := int64(it.committed) - int64(epoch1900)*1440
		k |= uint64(max(minutes, 0))<<6 | uint64(7-it.points)<<3 | uint64(7-it.rank)
	case kindStage:
		k |= uint64(it.first - epoch1900)
	}
	return k
}

// pending is a restitution scheduled for a day to come.
type pending struct {
	due     Date
	from    Date // the day of the withdrawal
	ce2017  Date // 6 months: an offence committed before the withdrawal and definitive in the window (CE 4/12/2017), or noDate
	event   int  // index in Record.Events of the withdrawal
	amount  int
	tenYear bool  // 10 years (L223-6 al. 5), else 6 months (al. 3)
	rank    uint8 // Class.rank of the offence
}

// engine is one run of the rules over a record, from the day the licence
// was obtained to the last change of the forecast.
type engine struct {
	at     Date
	window Date // the first day of the 10 years of history
	lic    Licence
	events []Event // Record.Events
	ext    []item
	pos    int // next event of ext to apply

	prob      probation
	stepPos   int
	refused   bool // a step of probation was refused
	refusedBy int  // ext index of the offence that refused it

	balance, ceiling int
	valid            bool
	invalidSince     Date
	lastNotified     Date // the last notification of a 48SI known, or noDate

	// The cycle of the full restoration (L223-6 al. 1–2).
	hasW        bool // a withdrawal since the licence or the last full restoration
	lastW       Date // the day the last withdrawal took effect
	lastWEvent  int
	heavy       bool // a withdrawal of the cycle was for a c4, c5 or délit
	fullDue     Date
	fullBlocked bool // an offence was committed inside the window

	pending    []pending
	pendingDue Date // the first due day of pending or noDate, set by nextDay

	credited  bool // a stage was credited
	lastStage Date // last day of the last credited stage

	snapped bool
	snap    snapshot

	hist  []Change
	fc    []Change
	notes []Note
	mand  *MandatoryStage
}

// snapshot is the state on the day asked.
type snapshot struct {
	balance, ceiling int
	valid            bool
}

// Compute returns what the law says of the licence of r on day at: balance,
// ceiling, status, end of probation, stage eligibility, the history of the
// last 10 years and the forecast, each change explained in French. The
// engine knows only the events that took effect on or before at and
// assumes nothing else ever happens (docs/points-rules.md, Dates and delays). It returns a
// *FieldError if the record is not valid (see Record.Validate) or at is
// before the licence was obtained.
func Compute(r Record, at Date) (Result, error) {
	if err := r.Validate(); err != nil {
		return Result{}, err
	}
	if err := checkRange("at", at); err != nil {
		return Result{}, err
	}
	if at < r.Licence.Obtained {
		return Result{}, fieldErr("at", "%s is before the licence was obtained (%s)", at, r.Licence.Obtained)
	}
	var e engine
	e.init(r, at)
	e.run()
	return e.result(), nil
}

func (e *engine) init(r Record, at Date) {
	e.at = at
	e.window = at.AddYears(-10)
	e.lic, e.events = r.Licence, r.Events
	e.lastNotified = noDate
	offences := 0
	n := 0
	for i := range r.Events {
		if r.Events[i].EffectiveOn() <= at {
			n++
		}
	}
	e.ext = make([]item, 0, n)
	for i := range r.Events {
		ev := &r.Events[i]
		day := ev.EffectiveOn()
		if day > at {
			continue // not known on the day asked (docs/points-rules.md, Dates and delays)
		}
		it := item{idx: i, day: day}
		switch ev.Type {
		case Offence:
			it.kind = kindOffence
			it.committed, it.cday = ev.Committed, ev.Committed.Date()
			it.points, it.rank = ev.Points, uint8(ev.Class.rank())
			offences++
		case Stage:
			it.kind, it.first = kindStage, ev.FirstDay
		case Invalidation:
			it.kind = kindInvalidation
			e.lastNotified = max(e.lastNotified, ev.Notified)
		}
		it.key = it.sortKey()
		e.ext = append(e.ext, it)
	}
	events := r.Events
	slices.SortFunc(e.ext, func(a, b item) int { return compareItems(a, b, events) })
	e.prob = planProbation(r.Licence, at, e.ext)
	e.valid = true
	e.balance, e.ceiling = MaxPoints, MaxPoints
	if e.prob.on {
		e.balance, e.ceiling = probationPoints, probationPoints
	}
	e.pending = make([]pending, 0, offences)
	// The history holds every event and a few restitutions and steps; the
	// forecast a few changes. Both grow if need be.
	e.hist = make([]Change, 0, len(e.ext)+e.prob.n+4)
	e.fc = make([]Change, 0, e.prob.n+4)
	e.noteTraining()
}

// run applies the rules day by day, on the days something happens, until
// nothing is left to happen.
func (e *engine) run() {
	for {
		d, ok := e.nextDay()
		if !ok {
			break
		}
		if d > e.at && !e.snapped {
			e.takeSnapshot()
		}
		if e.valid {
			e.doSteps(d)
			e.doRestitutions(d)
		}
		for e.pos < len(e.ext) && e.ext[e.pos].day == d {
			it := &e.ext[e.pos]
			switch it.kind {
			case kindOffence:
				e.withdraw(it)
			case kindStage:
				e.creditStage(it)
			case kindInvalidation:
				e.notify(it)
			}
			e.pos++
		}
		e.checkZero(d)
	}
	if !e.snapped {
		e.takeSnapshot()
	}
}

// nextDay returns the next day on which something happens.
func (e *engine) nextDay() (Date, bool) {
	var best Date
	ok := false
	take := func(d Date) {
		if !ok || d < best {
			best, ok = d, true
		}
	}
	if e.pos < len(e.ext) {
		take(e.ext[e.pos].day)
	}
	if !e.valid {
		return best, ok
	}
	if e.stepPos < e.prob.n {
		take(e.prob.steps[e.stepPos].date)
	}
	if e.hasW && !e.fullBlocked && !e.prob.onProbation(e.fullDue) {
		take(e.fullDue)
	}
	e.pendingDue = noDate
	for i := range e.pending {
		if due := e.pending[i].due; e.pendingDue == noDate || due < e.pendingDue {
			e.pendingDue = due
		}
	}
	if e.pendingDue != noDate {
		take(e.pendingDue)
	}
	return best, ok
}

func (e *engine) takeSnapshot() {
	e.snapped = true
	e.snap = snapshot{balance: e.balance, ceiling: e.ceiling, valid: e.valid}
}

// emit records a change in the history (on or before the day asked, over
// the last 10 years) or the forecast (after it). A change of 0 points is
// kept only for an offence in the history (docs/simulate.md, Output).
func (e *engine) emit(c Change) {
	c.Balance, c.Ceiling = e.balance, e.ceiling
	if c.Date <= e.at {
		if c.Date >= e.window && (c.Change != 0 || c.Rule == RuleOffence) {
			e.hist = append(e.hist, c)
		}
		return
	}
	if c.Change != 0 {
		e.fc = append(e.fc, c)
	}
}

// note records a fact that changed no balance, over the same period as the
// history and the forecast.
func (e *engine) note(d Date, event int, w why) {
	if d >= e.window {
		e.notes = append(e.notes, Note{Date: d, Event: event, why: w})
	}
}

// committedIn returns the index in ext of the first-committed offence worth
// at least 1 point committed strictly inside the window (from, to): after
// the day from and before the day to, or -1. Reading taken: the day a delay
// starts (the withdrawal) and the day it ends (the restitution) are not
// inside it, as the spec says for the 6-month rule ("strictly inside").
func committedIn(ext []item, from, to Date) int {
	best := -1
	for i := range ext {
		it := &ext[i]
		if it.kind == kindOffence && it.points > 0 && it.cday > from && it.cday < to && (best < 0 || it.committed < ext[best].committed) {
			best = i
		}
	}
	return best
}

// result assembles the Result on the day asked.
func (e *engine) result() Result {
	s := e.snap
	res := Result{
		At:       e.at,
		Balance:  s.balance,
		Ceiling:  s.ceiling,
		History:  e.hist,
		Forecast: e.fc,
		Training: e.prob.training,
		Notes:    e.notes,
	}
	dates := new([4]Date)
	switch {
	case !s.valid:
		res.Status = StatusInvalid
	case e.prob.onProbation(e.at):
		res.Status = StatusProbation
	default:
		res.Status = StatusValid
	}
	if e.prob.on {
		dates[0] = e.prob.end
		res.ProbationEnd = &dates[0]
	}
	if !s.valid {
		dates[1] = e.invalidSince
		dates[2] = e.invalidSince.AddMonths(6)
		res.InvalidSince, res.ReapplyFrom = &dates[1], &dates[2]
	}
	res.Stage = e.stageEligibility(&dates[3])
	if e.mand != nil && e.mand.Since >= e.window {
		e.mand.Done = e.stageBetween(e.mand.Since, e.mand.Deadline)
		res.Mandatory = e.mand
	}
	slices.SortStableFunc(res.Notes, func(a, b Note) int { return cmp.Compare(a.Date, b.Date) })
	e.explainAll(&res)
	return res
}
