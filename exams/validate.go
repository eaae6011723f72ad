package exams

import (
	"fmt"
	"strings"

	"mespoints/points"
)

// Validate checks the file and returns a *points.FieldError naming the
// first field at fault by its path under the file ("code[1].score"), or
// nil: every sitting has a day, a centre, and a mark within the test's
// scale; every past booking a day and a known outcome.
func (f File) Validate() error {
	if f.School != "" && strings.TrimSpace(f.School) == "" {
		return fieldErr("school", "blank: leave it out for a candidate without a driving school")
	}
	for i, s := range f.Code {
		p := fmt.Sprintf("code[%d]", i)
		switch {
		case s.Date == 0:
			return fieldErr(p+".date", "missing")
		case strings.TrimSpace(s.Centre) == "":
			return fieldErr(p+".centre", "missing")
		case s.Score < 0 || s.Score > CodeQuestions:
			return fieldErr(p+".score", "%d is not a number of correct answers from 0 to %d", s.Score, CodeQuestions)
		}
	}
	for i, s := range f.Practical {
		p := fmt.Sprintf("practical[%d]", i)
		switch {
		case s.At == 0:
			return fieldErr(p+".at", "missing")
		case strings.TrimSpace(s.Centre) == "":
			return fieldErr(p+".centre", "missing")
		case s.Total < 0 || s.Total > PracticalMax:
			return fieldErr(p+".total", "%d is not a total from 0 to %d", s.Total, PracticalMax)
		}
	}
	for i, b := range f.Bookings {
		p := fmt.Sprintf("bookings[%d]", i)
		switch {
		case b.Exam == 0:
			return fieldErr(p+".exam", "missing")
		case b.Outcome != LateCancellation && b.Outcome != NoShow:
			return fieldErr(p+".outcome", "%q is not %s or %s", b.Outcome, LateCancellation, NoShow)
		}
	}
	return nil
}

func fieldErr(field, format string, args ...any) error {
	return &points.FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}
