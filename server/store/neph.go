package store

import (
	"fmt"
	"strings"
)

// NEPH length bounds after normalisation (issue 4: 5 to 19 letters and digits).
const (
	minNEPH = 5
	maxNEPH = 19
)

// NormaliseNEPH returns the dossier number in its stored form: upper case,
// with the spaces people type between groups of digits removed. It rejects
// anything that is not 5 to 19 letters and digits once normalised, with an
// error that says what is wrong (and does not repeat the number).
func NormaliseNEPH(s string) (string, error) {
	var b strings.Builder
	b.Grow(len(s))
	for _, c := range s {
		switch {
		case c == ' ' || c == '\u00a0' || c == '\t':
			continue
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z':
			b.WriteRune(c)
		case c >= 'a' && c <= 'z':
			b.WriteRune(c - 'a' + 'A')
		default:
			return "", fmt.Errorf("a NEPH has only letters and digits, not %q", c)
		}
	}
	n := b.Len()
	if n < minNEPH || n > maxNEPH {
		if n == 0 {
			return "", fmt.Errorf("missing (a NEPH has %d to %d letters and digits)", minNEPH, maxNEPH)
		}
		return "", fmt.Errorf("a NEPH has %d to %d letters and digits, this one has %d", minNEPH, maxNEPH, n)
	}
	return b.String(), nil
}
