package points

import "fmt"

// FieldError is an invalid record, naming the field at fault by its JSON
// path ("events[2].definitive") and saying what is wrong with it.
type FieldError struct {
	// Field is the JSON path of the field: "licence.probation", "at",
	// "events[2].definitive".
	Field string
	// Msg says what is wrong: "2023-02-29 is not a date".
	Msg string
}

// Error returns "field: message", the one line of docs/simulate.md,
// Errors.
func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// The range of dates ParseDate accepts, which the engine relies on.
const (
	minDate Date = -25567 // 1900-01-01
	maxDate Date = 84370  // 2200-12-31
)

// checkRange returns an error for a date outside 1900–2200, which only a
// record built in Go (not read from JSON) can hold.
func checkRange(field string, d Date) *FieldError {
	if d < minDate || d > maxDate {
		return fieldErr(field, "%s is outside the years 1900 to 2200", d)
	}
	return nil
}

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

func eventErr(i int, field, format string, args ...any) *FieldError {
	return &FieldError{Field: fmt.Sprintf("events[%d].%s", i, field), Msg: fmt.Sprintf(format, args...)}
}

// Validate checks what the engine reads and returns a *FieldError naming the
// first field at fault, or nil: a known probation track, class and event
// type; points 0 to 6; definitive not before committed; a stage of two
// consecutive days (docs/simulate.md, Errors). It also refuses what no
// licence can have:
//   - a post-licence training on a licence outside probation, or before the
//     licence was obtained;
//   - an event that takes effect before the licence was obtained (no points
//     can be withdrawn from, or credited to, a licence that does not exist yet);
//   - on an event, a field of another type of event (points on a stage);
//   - a date outside the years 1900 to 2200 (ParseDate's range).
//
// A zero Date or DateTime is taken as missing: the permis à points dates
// from 1992, so 1970-01-01 (and 1970-01-01T00:00) is no day a record holds.
func (r Record) Validate() error {
	l := r.Licence
	if l.Obtained == 0 {
		return fieldErr("licence.obtained", "missing")
	}
	if err := checkRange("licence.obtained", l.Obtained); err != nil {
		return err
	}
	switch l.Probation {
	case Traditional, AAC, NoProbation:
	case "":
		return fieldErr("licence.probation", "missing (traditional, aac or none)")
	default:
		return fieldErr("licence.probation", "%q is not one of traditional, aac, none", string(l.Probation))
	}
	if t := l.Training; t != nil {
		if err := checkRange("licence.training", *t); err != nil {
			return err
		}
		if l.Probation == NoProbation {
			return fieldErr("licence.training", "a licence outside probation (probation \"none\") has no post-licence training")
		}
		if *t < l.Obtained {
			return fieldErr("licence.training", "%s is before the licence was obtained (%s)", *t, l.Obtained)
		}
	}
	for i := range r.Events {
		if err := r.Events[i].validate(i, l.Obtained); err != nil {
			return err
		}
	}
	return nil
}

func (e *Event) validate(i int, obtained Date) error {
	// Fields of the other types of event must be absent.
	type field struct {
		name string
		set  bool
		of   EventType
	}
	fields := [...]field{
		{"committed", e.Committed != 0, Offence},
		{"definitive", e.Definitive != 0, Offence},
		{"points", e.Points != 0, Offence},
		{"class", e.Class != "", Offence},
		{"label", e.Label != "", Offence},
		{"first_day", e.FirstDay != 0, Stage},
		{"last_day", e.LastDay != 0, Stage},
		{"notified", e.Notified != 0, Invalidation},
	}
	switch e.Type {
	case Offence, Stage, Invalidation:
	case "":
		return eventErr(i, "type", "missing (offence, stage or invalidation)")
	default:
		return eventErr(i, "type", "%q is not one of offence, stage, invalidation", string(e.Type))
	}
	for _, f := range fields {
		if f.set && f.of != e.Type {
			return eventErr(i, f.name, "not a field of an event of type %s", e.Type)
		}
	}
	for _, d := range [...]struct {
		name string
		d    Date
	}{{"committed", e.Committed.Date()}, {"definitive", e.Definitive}, {"first_day", e.FirstDay}, {"last_day", e.LastDay}, {"notified", e.Notified}} {
		if d.d != 0 && (d.d < minDate || d.d > maxDate) {
			return eventErr(i, d.name, "%s is outside the years 1900 to 2200", d.d)
		}
	}
	switch e.Type {
	case Offence:
		if e.Committed == 0 {
			return eventErr(i, "committed", "missing")
		}
		if e.Definitive == 0 {
			return eventErr(i, "definitive", "missing")
		}
		if e.Definitive < e.Committed.Date() {
			return eventErr(i, "definitive", "%s is before committed (%s)", e.Definitive, e.Committed)
		}
		if e.Definitive < obtained {
			return eventErr(i, "definitive", "%s is before the licence was obtained (%s)", e.Definitive, obtained)
		}
		if e.Points < 0 || e.Points > 6 {
			return eventErr(i, "points", "%d is outside 0–6", e.Points)
		}
		if e.Class == "" {
			return eventErr(i, "class", "missing (c1 to c5 or delit)")
		}
		if !e.Class.valid() {
			return eventErr(i, "class", "%q is not one of c1, c2, c3, c4, c5, delit", string(e.Class))
		}
	case Stage:
		if e.FirstDay == 0 {
			return eventErr(i, "first_day", "missing")
		}
		if e.LastDay == 0 {
			return eventErr(i, "last_day", "missing")
		}
		if e.LastDay != e.FirstDay.AddDays(1) {
			return eventErr(i, "last_day", "%s is not the day after first_day (%s): a stage lasts two consecutive days", e.LastDay, e.FirstDay)
		}
		if e.FirstDay < obtained {
			return eventErr(i, "first_day", "%s is before the licence was obtained (%s)", e.FirstDay, obtained)
		}
	case Invalidation:
		if e.Notified == 0 {
			return eventErr(i, "notified", "missing")
		}
		if e.Notified < obtained {
			return eventErr(i, "notified", "%s is before the licence was obtained (%s)", e.Notified, obtained)
		}
	}
	return nil
}

// valid reports whether c is one of the classes of the contract.
func (c Class) valid() bool {
	switch c {
	case C1, C2, C3, C4, C5, Delit:
		return true
	}
	return false
}

// classOfRank is the class of rank r (see rank).
func classOfRank(r uint8) Class {
	switch r {
	case 1:
		return C1
	case 2:
		return C2
	case 3:
		return C3
	case 4:
		return C4
	case 5:
		return C5
	case 6:
		return Delit
	}
	return ""
}

// rank orders the classes from the least to the most serious.
func (c Class) rank() int {
	switch c {
	case C1:
		return 1
	case C2:
		return 2
	case C3:
		return 3
	case C4:
		return 4
	case C5:
		return 5
	case Delit:
		return 6
	}
	return 0
}

// Lengthens reports whether a withdrawal for an offence of class c makes the
// full restoration wait 3 years instead of 2: a contravention of the 4th or
// 5th class or a délit (L223-6 al. 1; CE 21/11/2016 n°392555).
func (c Class) Lengthens() bool { return c == C4 || c == C5 || c == Delit }

// TenYear reports whether the points withdrawn for an offence of class c
// come back after 10 years: contraventions of classes 1 to 4 (L223-6 al. 5).
func (c Class) TenYear() bool { return c == C1 || c == C2 || c == C3 || c == C4 }

// EffectiveOn returns the day the event takes effect: the day an offence
// becomes definitive, the day after the last day of a stage (its credit day,
// R223-8), the day an invalidation is notified. An engine asked about a day
// knows only the events effective on or before it (docs/points-rules.md, Dates and delays).
func (e Event) EffectiveOn() Date {
	switch e.Type {
	case Offence:
		return e.Definitive
	case Stage:
		return e.LastDay.AddDays(1)
	default:
		return e.Notified
	}
}
