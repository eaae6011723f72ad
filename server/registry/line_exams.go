package registry

import (
	"fmt"

	"mespoints/exams"
	"mespoints/points"
)

// wireExams is the optional "exams" part of a line (exams.File) as read,
// with pointers where a required field must be told apart from a zero
// value: a sitting that forgot its score must not become a score of 0.
type wireExams struct {
	School    string              `json:"school"`
	Code      []wireCodeSitting   `json:"code"`
	Practical []wirePractical     `json:"practical"`
	Bookings  []exams.PastBooking `json:"bookings"`
}

// wireCodeSitting is exams.CodeSitting as read.
type wireCodeSitting struct {
	Date   *points.Date `json:"date"`
	Centre *string      `json:"centre"`
	Score  *int         `json:"score"`
}

// wirePractical is exams.PracticalSitting as read.
type wirePractical struct {
	At          *points.DateTime `json:"at"`
	Centre      *string          `json:"centre"`
	Total       *int             `json:"total"`
	Eliminatory bool             `json:"eliminatory"`
}

// file returns the exam file of a line, nil when the line has none; an
// error names a required field left out. Values are checked by
// exams.File.Validate (through store.Record.Validate).
func (w *wireExams) file() (*exams.File, error) {
	if w == nil {
		return nil, nil
	}
	f := &exams.File{School: w.School, Bookings: w.Bookings}
	for i, c := range w.Code {
		p := fmt.Sprintf("exams.code[%d].", i)
		switch {
		case c.Date == nil:
			return nil, missing(p + "date")
		case c.Centre == nil:
			return nil, missing(p + "centre")
		case c.Score == nil:
			return nil, missing(p + "score")
		}
		f.Code = append(f.Code, exams.CodeSitting{Date: *c.Date, Centre: *c.Centre, Score: *c.Score})
	}
	for i, s := range w.Practical {
		p := fmt.Sprintf("exams.practical[%d].", i)
		switch {
		case s.At == nil:
			return nil, missing(p + "at")
		case s.Centre == nil:
			return nil, missing(p + "centre")
		case s.Total == nil:
			return nil, missing(p + "total")
		}
		f.Practical = append(f.Practical, exams.PracticalSitting{At: *s.At, Centre: *s.Centre, Total: *s.Total, Eliminatory: s.Eliminatory})
	}
	return f, nil
}
