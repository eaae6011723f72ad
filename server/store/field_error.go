package store

import (
	"errors"
	"fmt"
)

// FieldError is a record that is not valid, naming the field at fault with
// its JSON path ("holder.birthdate", "events[2].letters[0].type") and what
// is wrong with it.
type FieldError struct {
	// Field is the JSON path of the field.
	Field string
	// Err says what is wrong.
	Err error
}

// Error returns "field: what is wrong".
func (e *FieldError) Error() string { return e.Field + ": " + e.Err.Error() }

// Unwrap returns what is wrong.
func (e *FieldError) Unwrap() error { return e.Err }

// fieldErr returns a FieldError for field with a formatted message.
func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Err: fmt.Errorf(format, args...)}
}

// ErrDuplicate is wrapped by the error an import returns for a second line
// with a NEPH already seen.
var ErrDuplicate = errors.New("duplicate NEPH")
