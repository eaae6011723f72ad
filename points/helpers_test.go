package points

import (
	"fmt"
	"strings"
	"testing"
)

// Helpers to write records compactly in tests.

// day parses a YYYY-MM-DD literal of a test.
func day(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// dayp returns a pointer to day(s), or nil for "".
func dayp(s string) *Date {
	if s == "" {
		return nil
	}
	d := day(s)
	return &d
}

// lic is a licence obtained on day obtained; training is "" for none.
func lic(obtained string, p Probation, training string) Licence {
	return Licence{Obtained: day(obtained), Probation: p, Training: dayp(training)}
}

// off is an offence committed at committed ("2024-02-03T10:00", or a day
// alone for 08:00), definitive on definitive.
func off(committed, definitive string, points int, class Class) Event {
	if len(committed) == 10 {
		committed += "T08:00"
	}
	c, err := ParseDateTime(committed)
	if err != nil {
		panic(err)
	}
	return Event{Type: Offence, Committed: c, Definitive: day(definitive), Points: points, Class: class, Label: fmt.Sprintf("%d pts %s", points, class)}
}

// stg is a stage whose first day is first.
func stg(first string) Event {
	f := day(first)
	return Event{Type: Stage, FirstDay: f, LastDay: f.AddDays(1)}
}

// inval is a 48SI letter notified on notified.
func inval(notified string) Event { return Event{Type: Invalidation, Notified: day(notified)} }

// rec builds a record.
func rec(l Licence, events ...Event) Record { return Record{Licence: l, Events: events} }

// line writes a change as "2024-03-01 -3 9 offence", the form expected
// values are written in.
func line(c Change) string {
	return fmt.Sprintf("%s %+d %d %s", c.Date, c.Change, c.Balance, c.Rule)
}

func lines(cs []Change) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = line(c)
	}
	return out
}

func equalLines(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func datep(d *Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// mustCompute computes r at day at, failing the test on an error.
func mustCompute(t testing.TB, r Record, at string) Result {
	t.Helper()
	res, err := Compute(r, day(at))
	if err != nil {
		t.Fatalf("Compute: %v", err)
	}
	return res
}

func containsAll(s string, subs ...string) bool {
	for _, x := range subs {
		if !strings.Contains(s, x) {
			return false
		}
	}
	return true
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
