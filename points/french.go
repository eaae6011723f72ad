package points

import "strconv"

// The French ways of writing the law's quantities that the app, the
// documents and the exam pages share.

// frenchMonths are the month names for dates written out in full.
var frenchMonths = [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}

// LongFrench writes d in words: "23 août 2024", "1er juin 2026".
func (d Date) LongFrench() string {
	y, m, day := d.YMD()
	first := strconv.Itoa(day)
	if day == 1 {
		first = "1er"
	}
	return first + " " + frenchMonths[m-1] + " " + strconv.Itoa(y)
}

// PointsFrench writes a number of points: "0 point", "1 point",
// "3 points" (the plural starts at 2; a negative number is written by its
// size).
func PointsFrench(n int) string {
	if n < 0 {
		n = -n
	}
	if n < 2 {
		return strconv.Itoa(n) + " point"
	}
	return strconv.Itoa(n) + " points"
}

// SignedFrench writes a change of the balance: "+3", "−4" (a true minus
// sign), "0".
func SignedFrench(n int) string {
	switch {
	case n > 0:
		return "+" + strconv.Itoa(n)
	case n < 0:
		return "−" + strconv.Itoa(-n)
	}
	return "0"
}
