package exams

import "mespoints/points"

// Certificate is what the certificat d'examen du permis de conduire
// (CEPC) of a passed practical test states, beside the holder's identity
// and NEPH (which the registry record gives): the data of the PDF that
// the service will issue with its documents' PDF stack and verifiable
// code (see docs/exams.md, « Le CEPC »).
type Certificate struct {
	// Category is the category passed: "B".
	Category string
	// Date is the day of the test, Centre where it took place.
	Date   points.Date
	Centre string
	// Total is the points of the evaluation grid, out of PracticalMax.
	Total int
	// ValidUntil is the last day it stands as a provisional licence
	// (CEPCValidityMonths after the test).
	ValidUntil points.Date
}

// Certificate returns the certificate of the latest passed practical
// test whose result is published, and false when there is none.
func (s Standing) Certificate() (Certificate, bool) {
	if s.Passed == nil {
		return Certificate{}, false
	}
	p := s.Passed
	return Certificate{Category: "B", Date: p.At.Date(), Centre: p.Centre, Total: p.Total, ValidUntil: s.CEPCValidUntil()}, true
}
