package store

import (
	"errors"

	"mespoints/points"
)

// validateEngine checks the fields the points engine reads by the engine's
// own rules (points.Record.Validate), and returns its verdict as a
// *FieldError, so that callers tell a bad record from a failure the same
// way whichever side found the fault.
func validateEngine(pr points.Record) error {
	err := pr.Validate()
	if err == nil {
		return nil
	}
	var pe *points.FieldError
	if errors.As(err, &pe) {
		return &FieldError{Field: pe.Field, Err: errors.New(pe.Msg)}
	}
	return &FieldError{Field: "(record)", Err: err}
}
