package store

import (
	"errors"
	"fmt"
	"strings"

	"mespoints/points"
)

// validateEngine checks the fields the points engine reads. The engine owns
// those rules: once points.Record has a Validate method it is called here
// and its verdict stands. Until then checkEngineFields applies the checks
// of simulate-contract.md, Errors, so that no record the engine would
// refuse gets into the store.
func validateEngine(pr points.Record) error {
	if v, ok := any(pr).(interface{ Validate() error }); ok {
		return asFieldError(v.Validate())
	}
	return checkEngineFields(pr)
}

// asFieldError returns the engine's "field: what is wrong" error as a
// *FieldError, so that callers tell a bad record from a failure the same
// way whichever side found it.
func asFieldError(err error) error {
	if err == nil {
		return nil
	}
	var fe *FieldError
	if errors.As(err, &fe) {
		return err
	}
	field, msg, ok := strings.Cut(err.Error(), ": ")
	if !ok {
		return &FieldError{Field: "(record)", Err: err}
	}
	return &FieldError{Field: field, Err: errors.New(msg)}
}

// checkEngineFields is the stand-in for points.Record.Validate (see
// validateEngine): known probation, class and event type; points 0 to 6;
// definitive not before committed; a stage of two consecutive days.
func checkEngineFields(pr points.Record) error {
	l := pr.Licence
	if l.Obtained == 0 {
		return fieldErr("licence.obtained", "missing")
	}
	switch l.Probation {
	case points.Traditional, points.AAC, points.NoProbation:
	case "":
		return fieldErr("licence.probation", "missing (traditional, aac or none)")
	default:
		return fieldErr("licence.probation", "%q is not traditional, aac or none", l.Probation)
	}
	if l.Training != nil && *l.Training < l.Obtained {
		return fieldErr("licence.training", "%s is before the licence was obtained (%s)", *l.Training, l.Obtained)
	}
	for i, e := range pr.Events {
		f := fmt.Sprintf("events[%d]", i)
		switch e.Type {
		case points.Offence:
			if e.Committed == 0 {
				return fieldErr(f+".committed", "missing")
			}
			if e.Definitive == 0 {
				return fieldErr(f+".definitive", "missing")
			}
			if e.Definitive < e.Committed.Date() {
				return fieldErr(f+".definitive", "%s is before committed (%s)", e.Definitive, e.Committed)
			}
			if e.Points < 0 || e.Points > 6 {
				return fieldErr(f+".points", "%d is not between 0 and 6", e.Points)
			}
			switch e.Class {
			case points.C1, points.C2, points.C3, points.C4, points.C5, points.Delit:
			case "":
				return fieldErr(f+".class", "missing (c1 to c5 or delit)")
			default:
				return fieldErr(f+".class", "%q is not one of c1 c2 c3 c4 c5 delit", e.Class)
			}
		case points.Stage:
			if e.FirstDay == 0 {
				return fieldErr(f+".first_day", "missing")
			}
			if e.LastDay != e.FirstDay.AddDays(1) {
				return fieldErr(f+".last_day", "%s is not the day after first_day (%s)", e.LastDay, e.FirstDay)
			}
		case points.Invalidation:
			if e.Notified == 0 {
				return fieldErr(f+".notified", "missing")
			}
		case "":
			return fieldErr(f+".type", "missing (offence, stage or invalidation)")
		default:
			return fieldErr(f+".type", "%q is not offence, stage or invalidation", e.Type)
		}
	}
	return nil
}
