package store

import (
	"fmt"
	"strings"

	"mespoints/points"
)

// Address is a postal address in France, as the registry holds it.
type Address struct {
	// Lines are the lines above the postcode: number and street, then a
	// complement (building, lieu-dit) if any; one to three lines.
	Lines []string `json:"lines"`
	// Postcode is the five-digit postcode.
	Postcode string `json:"postcode"`
	// City is the commune's name as the post writes it.
	City string `json:"city"`
}

// MeasureKind is what a measure on the licence is.
type MeasureKind string

// The kinds of measures on a licence.
const (
	// Annulment is the judicial annulment of the licence (annulation): it
	// ends the licence for good; Until, if given, is the last day of the
	// ban on applying for a new one.
	Annulment MeasureKind = "annulation"
	// SuspensionMeasure is a suspension that no offence of the dossier
	// carries (medical unfitness, say): from From to Until inclusive.
	SuspensionMeasure MeasureKind = "suspension"
)

// Measure is a measure on the licence that is not tied to one offence of
// the dossier.
type Measure struct {
	// Kind is annulation or suspension.
	Kind MeasureKind `json:"kind"`
	// Authority is who ordered it: administrative (the préfet) or
	// judicial (a court).
	Authority SuspensionKind `json:"authority"`
	// From is the first day it applies.
	From points.Date `json:"from"`
	// Until is the last day of a suspension (required), or of the ban on
	// applying for a new licence after an annulment (optional).
	Until *points.Date `json:"until,omitempty"`
	// Reason says why, in French, if the registry says ("inaptitude
	// médicale").
	Reason string `json:"reason,omitempty"`
}

// maxAddressLine is the longest line of an address, in characters: twice
// the 38 of the postal standard (NF Z10-011), to be lenient.
const maxAddressLine = 76

func (a Address) validate(f string) error {
	if len(a.Lines) == 0 || len(a.Lines) > 3 {
		return fieldErr(f+".lines", "an address has one to three lines above the postcode, this one has %d", len(a.Lines))
	}
	for i, l := range a.Lines {
		if strings.TrimSpace(l) == "" {
			return fieldErr(fmt.Sprintf("%s.lines[%d]", f, i), "empty line")
		}
		if n := len([]rune(l)); n > maxAddressLine {
			return fieldErr(fmt.Sprintf("%s.lines[%d]", f, i), "%d characters, more than %d", n, maxAddressLine)
		}
	}
	if !isDigits(a.Postcode, 5, 5) {
		return fieldErr(f+".postcode", "%q is not a postcode (five digits)", a.Postcode)
	}
	if strings.TrimSpace(a.City) == "" {
		return fieldErr(f+".city", "missing")
	}
	return nil
}

func (m Measure) validate(f string) error {
	switch m.Kind {
	case Annulment, SuspensionMeasure:
	default:
		return fieldErr(f+".kind", "%q is not annulation or suspension", m.Kind)
	}
	if m.Authority != Administrative && m.Authority != Judicial {
		return fieldErr(f+".authority", "%q is not administrative or judicial", m.Authority)
	}
	if m.Kind == Annulment && m.Authority != Judicial {
		return fieldErr(f+".authority", "only a court annuls a licence")
	}
	if m.From == 0 {
		return fieldErr(f+".from", "missing")
	}
	switch {
	case m.Until == nil && m.Kind == SuspensionMeasure:
		return fieldErr(f+".until", "missing: the last day of the suspension")
	case m.Until != nil && *m.Until < m.From:
		return fieldErr(f+".until", "%s is before from (%s)", *m.Until, m.From)
	}
	return nil
}
