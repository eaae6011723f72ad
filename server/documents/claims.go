package documents

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"mespoints/points"
)

// Claims are what a document's verifiable code states: the essential
// fields of the document, signed (package signing) so that anyone can
// check them without trusting the paper. Their binary form is in
// docs/documents.md; MarshalBinary and UnmarshalBinary write and read it.
type Claims struct {
	// Kind is the document.
	Kind Kind
	// Issued is when the document was issued, to the minute (UTC).
	Issued time.Time
	// NEPH is the dossier number.
	NEPH string
	// FamilyName, UsageName (empty when none) and GivenNames name the
	// holder.
	FamilyName, UsageName, GivenNames string
	// Birthdate is the holder's date of birth.
	Birthdate points.Date
	// State is the state of the right to drive on the day of issue, and
	// StateDate its date (see StateKind), nil for a valid licence.
	State     StateKind
	StateDate *points.Date
	// Categories are the categories held, with their dates.
	Categories []ClaimCategory
	// ValidUntil is the last day the document is valid (the attestation:
	// 4 months), nil when it states none.
	ValidUntil *points.Date
	// Balance and Ceiling are the points and the most the licence may
	// hold on the day of issue: the relevé intégral only.
	Balance, Ceiling int
}

// ClaimCategory is one category in a code.
type ClaimCategory struct {
	// Name is the category (B, C1…).
	Name string
	// Obtained is the day it was obtained.
	Obtained points.Date
	// Until is the end of its validity, nil when it has none.
	Until *points.Date
}

// The bytes of the kinds and states in a code.
var (
	kindBytes  = map[Kind]byte{Attestation: 'A', Integral: 'I', CEPC: 'C'}
	stateBytes = map[StateKind]byte{StateValid: 'V', StateProbation: 'P', StateSuspended: 'S', StateInvalid: 'X', StateAnnulled: 'N'}
)

// dayZero is the day before the first day a code can write: dates are
// counted from it, 0 meaning "no date".
var dayZero = points.NewDate(1899, time.December, 31)

// errClaims is the error of a body that is not claims of this version.
var errClaims = errors.New("documents: not the claims of a document")

// MarshalBinary writes the claims' binary form.
func (c Claims) MarshalBinary() ([]byte, error) {
	kind, ok := kindBytes[c.Kind]
	if !ok {
		return nil, fmt.Errorf("documents: claims of unknown kind %q", c.Kind)
	}
	state, ok := stateBytes[c.State]
	if !ok {
		return nil, fmt.Errorf("documents: claims of unknown state %q", c.State)
	}
	if len(c.Categories) > 255 {
		return nil, errors.New("documents: more than 255 categories")
	}
	b := []byte{kind}
	b = binary.BigEndian.AppendUint32(b, uint32(c.Issued.Unix()/60))
	var err error
	for _, s := range []string{c.NEPH, c.FamilyName, c.UsageName, c.GivenNames} {
		if b, err = appendString(b, s); err != nil {
			return nil, err
		}
	}
	b = appendDate(b, &c.Birthdate)
	b = append(b, state)
	b = appendDate(b, c.StateDate)
	b = append(b, byte(len(c.Categories)))
	for _, cat := range c.Categories {
		if b, err = appendString(b, cat.Name); err != nil {
			return nil, err
		}
		b = appendDate(b, &cat.Obtained)
		b = appendDate(b, cat.Until)
	}
	b = appendDate(b, c.ValidUntil)
	if c.Kind == Integral {
		if c.Balance < 0 || c.Balance > 255 || c.Ceiling < 0 || c.Ceiling > 255 {
			return nil, errors.New("documents: balance or ceiling out of range")
		}
		b = append(b, byte(c.Balance), byte(c.Ceiling))
	}
	return b, nil
}

func appendString(b []byte, s string) ([]byte, error) {
	if len(s) > 255 {
		return nil, fmt.Errorf("documents: a text of %d bytes in a code, at most 255", len(s))
	}
	return append(append(b, byte(len(s))), s...), nil
}

func appendDate(b []byte, d *points.Date) []byte {
	if d == nil {
		return binary.BigEndian.AppendUint32(b, 0)
	}
	return binary.BigEndian.AppendUint32(b, uint32(*d-dayZero))
}

// reader reads the binary form, remembering the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) take(n int) []byte {
	if r.err != nil || len(r.b) < n {
		r.err = errClaims
		return make([]byte, n)
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) byte() byte { return r.take(1)[0] }

func (r *reader) string() string { return string(r.take(int(r.byte()))) }

func (r *reader) date() *points.Date {
	n := binary.BigEndian.Uint32(r.take(4))
	if n == 0 {
		return nil
	}
	d := dayZero + points.Date(n)
	return &d
}

// UnmarshalBinary reads the claims' binary form; anything else is an
// error.
func (c *Claims) UnmarshalBinary(b []byte) error {
	r := &reader{b: b}
	*c = Claims{}
	kind := r.byte()
	for k, v := range kindBytes {
		if v == kind {
			c.Kind = k
		}
	}
	c.Issued = time.Unix(int64(binary.BigEndian.Uint32(r.take(4)))*60, 0).UTC()
	c.NEPH, c.FamilyName, c.UsageName, c.GivenNames = r.string(), r.string(), r.string(), r.string()
	if d := r.date(); d != nil {
		c.Birthdate = *d
	} else {
		r.err = errClaims
	}
	state := r.byte()
	for k, v := range stateBytes {
		if v == state {
			c.State = k
		}
	}
	c.StateDate = r.date()
	n := int(r.byte())
	for range n {
		cat := ClaimCategory{Name: r.string()}
		if d := r.date(); d != nil {
			cat.Obtained = *d
		}
		cat.Until = r.date()
		c.Categories = append(c.Categories, cat)
	}
	c.ValidUntil = r.date()
	if c.Kind == Integral {
		c.Balance, c.Ceiling = int(r.byte()), int(r.byte())
	}
	switch {
	case r.err != nil:
		return r.err
	case c.Kind == "" || c.State == "" || len(r.b) != 0:
		return errClaims
	}
	return nil
}
