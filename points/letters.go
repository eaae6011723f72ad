package points

import (
	"encoding/json"
	"fmt"
)

// Letters is a set of the letters the holder receives (docs/points-rules.md,
// Letters the holder receives). Its JSON form is a list of their names:
// ["48", "48M"].
type Letters uint16

// The letters of the ministry of the interior.
const (
	// Letter48 is sent at each withdrawal.
	Letter48 Letters = 1 << iota
	// Letter48M is sent when the balance is 6 or less, outside probation.
	Letter48M
	// Letter48N is sent to a probationary driver after an offence of 3
	// points or more: a stage is mandatory.
	Letter48N
	// Letter48SI is the invalidation: the balance is 0, the licence is to be
	// handed in within 10 days.
	Letter48SI
	// Letter46 is the full restoration.
	Letter46
	// Letter46D is the 6-month restitution.
	Letter46D
	// Letter46B is the 10-year restitution.
	Letter46B
	// Letter47 is the credit of a stage.
	Letter47
)

var letterNames = [...]string{"48", "48M", "48N", "48SI", "46", "46D", "46B", "47"}

// Names returns the names of the letters of the set, in the order above.
func (l Letters) Names() []string {
	var out []string
	for i, n := range letterNames {
		if l&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

// MarshalJSON writes the set as a list of names.
func (l Letters) MarshalJSON() ([]byte, error) {
	b := []byte{'['}
	for i, n := range letterNames {
		if l&(1<<i) != 0 {
			if len(b) > 1 {
				b = append(b, ',')
			}
			b = append(b, '"')
			b = append(b, n...)
			b = append(b, '"')
		}
	}
	return append(b, ']'), nil
}

// UnmarshalJSON reads a list of letter names, as MarshalJSON writes it, so
// that a result read back is the result written (an unknown name is an
// error; null is the empty set).
func (l *Letters) UnmarshalJSON(b []byte) error {
	var names []string
	if err := json.Unmarshal(b, &names); err != nil {
		return fmt.Errorf("letters: %s is not a list of letter names", b)
	}
	var set Letters
	for _, n := range names {
		i := 0
		for i < len(letterNames) && letterNames[i] != n {
			i++
		}
		if i == len(letterNames) {
			return fmt.Errorf("letters: %q is not a letter (48, 48M, 48N, 48SI, 46, 46D, 46B, 47)", n)
		}
		set |= 1 << i
	}
	*l = set
	return nil
}
