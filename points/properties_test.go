package points

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// genRecord returns a random valid record and a day to ask about, with
// events close enough together to meet each other's delays.
func genRecord(rng *rand.Rand) (Record, Date) {
	obtained := day("1960-01-01").AddDays(rng.IntN(63 * 365))
	var r Record
	r.Licence = Licence{Obtained: obtained, Probation: []Probation{NoProbation, Traditional, AAC}[rng.IntN(3)]}
	if r.Licence.Probation != NoProbation && rng.IntN(3) == 0 {
		t := obtained.AddMonths(3).AddDays(rng.IntN(400))
		r.Licence.Training = &t
	}
	span := 365 * (1 + rng.IntN(12))
	var instants []DateTime
	n := rng.IntN(16)
	for range n {
		switch k := rng.IntN(10); {
		case k < 7:
			var c DateTime
			if len(instants) > 0 && rng.IntN(6) == 0 {
				c = instants[rng.IntN(len(instants))] // the same interception
			} else {
				c = NewDateTime(obtained.AddDays(rng.IntN(span)-20), rng.IntN(24), rng.IntN(60))
				instants = append(instants, c)
			}
			def := max(c.Date(), obtained).AddDays(rng.IntN(200))
			pts := []int{0, 1, 1, 1, 2, 2, 3, 3, 4, 6}[rng.IntN(10)]
			cls := []Class{C1, C2, C3, C4, C4, C5, Delit}[rng.IntN(7)]
			r.Events = append(r.Events, Event{Type: Offence, Committed: c, Definitive: def, Points: pts, Class: cls, Label: fmt.Sprintf("o%d", len(r.Events))})
		case k < 9:
			f := obtained.AddDays(rng.IntN(span))
			r.Events = append(r.Events, Event{Type: Stage, FirstDay: f, LastDay: f.AddDays(1)})
		default:
			r.Events = append(r.Events, Event{Type: Invalidation, Notified: obtained.AddDays(rng.IntN(span))})
		}
	}
	at := obtained.AddDays(rng.IntN(span + 4*365))
	return r, at
}

// knownAt keeps of r what is known on day at: the same record for the
// engine on day at, and on any later day if nothing else happens.
func knownAt(r Record, at Date) Record {
	out := Record{Licence: r.Licence}
	if t := r.Licence.Training; t != nil && *t > at {
		out.Licence.Training = nil
	}
	for _, e := range r.Events {
		if e.EffectiveOn() <= at {
			out.Events = append(out.Events, e)
		}
	}
	return out
}

// forEachRecord runs f over generated records, with fixed seeds.
func forEachRecord(t *testing.T, n int, f func(t *testing.T, r Record, at Date, res Result)) {
	for seed := range uint64(n) {
		rng := rand.New(rand.NewPCG(seed, 0x6d657370))
		r, at := genRecord(rng)
		if err := r.Validate(); err != nil {
			t.Fatalf("seed %d: generated record not valid: %v", seed, err)
		}
		res, err := Compute(r, at)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			defer func() {
				if t.Failed() {
					b, _ := json.Marshal(r)
					t.Logf("record %s at %s", b, at)
				}
			}()
			f(t, r, at, res)
		})
	}
}

const propertyRecords = 2000

// The balance is always within 0 and the ceiling, and the ceiling within 6
// and 12 (L223-1).
func TestPropertyBalanceWithinCeiling(t *testing.T) {
	forEachRecord(t, propertyRecords, func(t *testing.T, r Record, at Date, res Result) {
		if res.Balance < 0 || res.Balance > res.Ceiling || res.Ceiling < probationPoints || res.Ceiling > MaxPoints {
			t.Errorf("balance %d ceiling %d", res.Balance, res.Ceiling)
		}
		for _, c := range append(res.History, res.Forecast...) {
			if c.Balance < 0 || c.Balance > c.Ceiling || c.Ceiling > MaxPoints {
				t.Errorf("%s: balance %d ceiling %d", line(c), c.Balance, c.Ceiling)
			}
		}
		if res.Status == StatusInvalid && (len(res.Forecast) > 0 || res.Stage.Eligible || res.Stage.From != nil) {
			t.Errorf("invalid licence with a forecast %q or a stage %+v", lines(res.Forecast), res.Stage)
		}
		if res.Balance == 0 && res.Status != StatusInvalid {
			t.Errorf("balance 0 on the day asked and status %s", res.Status)
		}
	})
}

// The forecast is strictly after the day asked, in date order, without
// changes of 0, each balance the previous one plus its change; the same
// chain holds in the history and ends on the balance of the day.
func TestPropertyChains(t *testing.T) {
	forEachRecord(t, propertyRecords, func(t *testing.T, r Record, at Date, res Result) {
		prev, last := res.Balance, at
		for _, c := range res.Forecast {
			if c.Date <= at || c.Date < last || c.Change == 0 || c.Balance != prev+c.Change {
				t.Errorf("forecast entry %s after balance %d on %s", line(c), prev, last)
			}
			prev, last = c.Balance, c.Date
		}
		for i, c := range res.History {
			if c.Date > at || c.Date < at.AddYears(-10) {
				t.Errorf("history entry %s outside the 10 years before %s", line(c), at)
			}
			if i > 0 {
				p := res.History[i-1]
				if c.Date < p.Date || c.Balance != p.Balance+c.Change {
					t.Errorf("history entry %s after %s", line(c), line(p))
				}
			}
			if c.Change == 0 && c.Rule != RuleOffence {
				t.Errorf("history entry %s: a change of 0 that is not an offence", line(c))
			}
		}
		if n := len(res.History); n > 0 && res.History[n-1].Balance != res.Balance {
			t.Errorf("history ends on %d, balance %d", res.History[n-1].Balance, res.Balance)
		}
	})
}

// Asked on a day of the forecast, with nothing new, the engine gives the
// balance the forecast announced, and the rest of the same forecast.
func TestPropertyForecastHolds(t *testing.T) {
	forEachRecord(t, propertyRecords/2, func(t *testing.T, r Record, at Date, res Result) {
		known := knownAt(r, at)
		for i, c := range res.Forecast {
			if i+1 < len(res.Forecast) && res.Forecast[i+1].Date == c.Date {
				continue // the balance at the end of that day is the last one
			}
			later := mustCompute(t, known, c.Date.String())
			if later.Balance != c.Balance || later.Ceiling != c.Ceiling {
				t.Errorf("on %s the forecast said %d/%d, computed %d/%d", c.Date, c.Balance, c.Ceiling, later.Balance, later.Ceiling)
			}
			if got, want := lines(later.Forecast), lines(res.Forecast[i+1:]); !equalLines(got, want) {
				t.Errorf("forecast on %s\n got %q\nwant %q", c.Date, got, want)
			}
		}
	})
}

// The order of the events in the input does not matter.
func TestPropertyOrderIrrelevant(t *testing.T) {
	forEachRecord(t, propertyRecords, func(t *testing.T, r Record, at Date, res Result) {
		rng := rand.New(rand.NewPCG(uint64(at), 7))
		shuffled := Record{Licence: r.Licence, Events: slices.Clone(r.Events)}
		rng.Shuffle(len(shuffled.Events), func(i, j int) { shuffled.Events[i], shuffled.Events[j] = shuffled.Events[j], shuffled.Events[i] })
		other := mustCompute(t, shuffled, at.String())
		if d := diff(res, other, -1); d != "" {
			t.Error(d)
		}
	})
}

// Adding an offence worth 0 points changes nothing but one line of history.
func TestPropertyZeroPointOffence(t *testing.T) {
	forEachRecord(t, propertyRecords, func(t *testing.T, r Record, at Date, res Result) {
		rng := rand.New(rand.NewPCG(uint64(at), 11))
		c := NewDateTime(r.Licence.Obtained.AddDays(rng.IntN(int(at-r.Licence.Obtained)+1)), rng.IntN(24), rng.IntN(60))
		if len(r.Events) > 0 && rng.IntN(3) == 0 && r.Events[0].Type == Offence {
			c = r.Events[0].Committed // even at an interception with points
		}
		zero := Event{Type: Offence, Committed: c, Definitive: max(c.Date(), r.Licence.Obtained).AddDays(rng.IntN(100)), Points: 0, Class: C3, Label: "zéro"}
		more := Record{Licence: r.Licence, Events: append(slices.Clone(r.Events), zero)}
		other := mustCompute(t, more, at.String())
		if d := diff(res, other, len(r.Events)); d != "" {
			t.Error(d)
		}
	})
}

// diff compares two results but for the event indices, leaving out of b the
// history entries of event skip. It returns "" when they agree.
func diff(a, b Result, skip int) string {
	var h []Change
	for _, c := range b.History {
		if c.Event != skip || c.Rule != RuleOffence {
			h = append(h, c)
		}
	}
	b.History = h
	if a.Balance != b.Balance || a.Ceiling != b.Ceiling || a.Status != b.Status || datep(a.ProbationEnd) != datep(b.ProbationEnd) ||
		a.Stage.Eligible != b.Stage.Eligible || a.Stage.Points != b.Stage.Points || datep(a.Stage.From) != datep(b.Stage.From) ||
		a.Stage.Reason != b.Stage.Reason || a.Stage.Summary != b.Stage.Summary || a.Stage.Explanation != b.Stage.Explanation ||
		datep(a.InvalidSince) != datep(b.InvalidSince) || a.Training != b.Training {
		return fmt.Sprintf("results differ:\n%+v\n%+v", a, b)
	}
	for _, pair := range [][2][]Change{{a.History, b.History}, {a.Forecast, b.Forecast}} {
		x, y := pair[0], pair[1]
		if len(x) != len(y) {
			return fmt.Sprintf("changes differ:\n%q\n%q", lines(x), lines(y))
		}
		for i := range x {
			if line(x[i]) != line(y[i]) || x[i].Label != y[i].Label || x[i].Explanation != y[i].Explanation || x[i].Letters != y[i].Letters {
				return fmt.Sprintf("change %d differs:\n%+v\n%+v", i, x[i], y[i])
			}
		}
	}
	if len(a.Notes) != len(b.Notes) {
		return fmt.Sprintf("notes differ:\n%v\n%v", a.Notes, b.Notes)
	}
	for i := range a.Notes {
		if a.Notes[i].Text != b.Notes[i].Text || a.Notes[i].Date != b.Notes[i].Date {
			return fmt.Sprintf("note %d differs:\n%v\n%v", i, a.Notes[i], b.Notes[i])
		}
	}
	return ""
}

// Every explanation names its day and an article or a decision, and the
// result marshals to JSON.
func TestPropertyExplained(t *testing.T) {
	forEachRecord(t, propertyRecords/4, func(t *testing.T, r Record, at Date, res Result) {
		for _, c := range append(res.History, res.Forecast...) {
			if !containsAll(c.Explanation, c.Date.French()) || !containsAny(c.Explanation, "article", "CE ") {
				t.Errorf("%s: %q", line(c), c.Explanation)
			}
		}
		for _, n := range res.Notes {
			if !containsAny(n.Text, "article", "CE ") {
				t.Errorf("note %q cites nothing", n.Text)
			}
		}
		if _, err := json.Marshal(res); err != nil {
			t.Error(err)
		}
	})
}

// The reason of the stage eligibility agrees with its answer: eligible
// exactly when a stage started today brings points, invalid exactly when
// the licence is, at the ceiling only when the balance is; a stage is
// never possible before From, and asked on From with nothing new, the
// engine says a stage started then brings points. Its texts say the
// reason, give From and cite their article.
func TestPropertyStageReason(t *testing.T) {
	forEachRecord(t, propertyRecords, func(t *testing.T, r Record, at Date, res Result) {
		s := res.Stage
		if (s.Reason == StageEligible) != s.Eligible || (s.Reason == StageInvalid) != (res.Status == StatusInvalid) {
			t.Errorf("reason %s, eligible %v, status %s", s.Reason, s.Eligible, res.Status)
		}
		switch s.Reason {
		case StageEligible:
			if s.From == nil || *s.From != at || s.Points < 1 || s.Points > stagePoints {
				t.Errorf("eligible with %d points from %s", s.Points, datep(s.From))
			}
		case StageInvalid:
			if s.From != nil {
				t.Errorf("invalid licence with a stage from %s", s.From)
			}
		case StageAtCeiling:
			if res.Balance != res.Ceiling {
				t.Errorf("at the ceiling with %d/%d", res.Balance, res.Ceiling)
			}
		case StageTooSoon, StageFullBeforeCredit:
			if res.Balance >= res.Ceiling {
				t.Errorf("%s with %d/%d", s.Reason, res.Balance, res.Ceiling)
			}
		default:
			t.Errorf("unknown reason %q", s.Reason)
		}
		if !s.Eligible && s.Points != 0 || !s.Eligible && s.From != nil && *s.From <= at {
			t.Errorf("not eligible, %d points from %s", s.Points, datep(s.From))
		}
		if s.Summary == "" || s.Article == "" || !strings.Contains(s.Explanation, "("+s.Article) {
			t.Errorf("texts: summary %q, explanation %q, article %q", s.Summary, s.Explanation, s.Article)
		}
		if s.From != nil && !s.Eligible && !strings.Contains(s.Summary, s.From.French()) {
			t.Errorf("summary %q does not say from when (%s)", s.Summary, s.From.French())
		}
		if s.From != nil && !s.Eligible {
			later := mustCompute(t, knownAt(r, at), s.From.String())
			if !later.Stage.Eligible {
				t.Errorf("from %s, but asked that day: %s %q", s.From, later.Stage.Reason, later.Stage.Summary)
			}
			before := mustCompute(t, knownAt(r, at), s.From.AddDays(-1).String())
			if before.Stage.Eligible {
				t.Errorf("from %s, but asked the day before: eligible", s.From)
			}
		}
	})
}
