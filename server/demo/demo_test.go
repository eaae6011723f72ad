package demo_test

import (
	"slices"
	"testing"
	"time"

	"mespoints/exams"
	"mespoints/points"
	"mespoints/server/demo"
	"mespoints/server/store"
)

// todays are the days the demo is checked on: ordinary days, month ends,
// 29 February and the days around it, 31 December.
var todays = []points.Date{
	points.NewDate(2026, 5, 14),
	points.NewDate(2024, 2, 29),
	points.NewDate(2028, 2, 29),
	points.NewDate(2027, 2, 28),
	points.NewDate(2027, 3, 1),
	points.NewDate(2025, 12, 31),
	points.NewDate(2026, 8, 31),
	points.NewDate(2026, 1, 31),
	points.NewDate(2030, 10, 1),
	points.DateOf(time.Now()),
}

func has(cs []points.Change, rule points.Rule) bool {
	return slices.ContainsFunc(cs, func(c points.Change) bool { return c.Rule == rule && c.Change != 0 })
}

// want checks the engine's answer for one persona on today.
var want = map[string]func(t *testing.T, today points.Date, r points.Result){
	"camille": func(t *testing.T, today points.Date, r points.Result) {
		if r.Balance != 9 || r.Ceiling != 12 || r.Status != points.StatusValid || !r.Stage.Eligible || r.Stage.Points != 3 {
			t.Errorf("balance %d/%d %s, stage %+v; want 9/12 valid, eligible for 3 points", r.Balance, r.Ceiling, r.Status, r.Stage)
		}
	},
	"lucas": func(t *testing.T, today points.Date, r points.Result) {
		if r.Balance != 8 || r.Ceiling != 8 || r.Status != points.StatusProbation || !has(r.History, points.RuleProbationStep) || len(r.History) != 1 {
			t.Errorf("balance %d/%d %s, history %+v; want 8/8 on probation after one step, nothing else", r.Balance, r.Ceiling, r.Status, r.History)
		}
	},
	"ines": func(t *testing.T, today points.Date, r points.Result) {
		if r.Balance != 6 || r.Ceiling != 6 || r.Status != points.StatusProbation || !has(r.History, points.RuleStage) || !has(r.History, points.RuleOffence) {
			t.Errorf("balance %d/%d %s, history %+v; want 6/6 on probation after a -3 offence and a stage", r.Balance, r.Ceiling, r.Status, r.History)
		}
		if r.Mandatory == nil || !r.Mandatory.Done {
			t.Errorf("mandatory stage %+v; want one, done", r.Mandatory)
		}
	},
	"marc": func(t *testing.T, today points.Date, r points.Result) {
		if r.Balance != 4 || r.Ceiling != 12 || r.Status != points.StatusValid || !has(r.History, points.RuleRestore10y) || !has(r.Forecast, points.RuleRestoreFull) {
			t.Errorf("balance %d/%d %s; history %+v; forecast %+v; want 4/12, a 10-year restitution behind, a full restoration ahead", r.Balance, r.Ceiling, r.Status, r.History, r.Forecast)
		}
	},
	"sophie": func(t *testing.T, today points.Date, r points.Result) {
		if r.Balance != 11 || r.Ceiling != 12 || len(r.Forecast) == 0 {
			t.Fatalf("balance %d/%d, forecast %+v; want 11/12 and a restitution ahead", r.Balance, r.Ceiling, r.Forecast)
		}
		next := r.Forecast[0]
		if days := int(next.Date - today); next.Rule != points.RuleRestore6m || next.Change != 1 || days < 14 || days > 35 {
			t.Errorf("next change %+v, in %d days; want +1 by the 6-month rule in a few weeks", next, days)
		}
	},
	"karim": func(t *testing.T, today points.Date, r points.Result) {
		if r.Balance != 0 || r.Status != points.StatusInvalid || len(r.Forecast) != 0 || r.Stage.Eligible {
			t.Errorf("balance %d %s, forecast %+v, stage %+v; want 0, invalid, nothing ahead", r.Balance, r.Status, r.Forecast, r.Stage)
		}
	},
	"anne": func(t *testing.T, today points.Date, r points.Result) {
		if r.Balance != 12 || r.Ceiling != 12 || r.Status != points.StatusValid || len(r.History) != 0 || len(r.Forecast) != 0 {
			t.Errorf("balance %d/%d %s, history %+v; want a clean 12/12", r.Balance, r.Ceiling, r.Status, r.History)
		}
	},
}

// candidates checks the booking rules' answer for each candidate persona
// on today, at noon, for a test ten days on.
var candidates = map[string]func(t *testing.T, today points.Date, f exams.File){
	"theo": func(t *testing.T, today points.Date, f exams.File) {
		acc := &exams.Accompanist{Name: "Sophie Garnier", LicenceSince: today.AddYears(-25), DualControl: true}
		if r := refusal(today, f, acc); r != nil || f.School != "" {
			t.Errorf("theo is refused (%+v) or has a driving school (%q); want a candidat libre who may book now", r, f.School)
		}
	},
	"lea": func(t *testing.T, today points.Date, f exams.File) {
		if r := refusal(today, f, nil); r == nil || r.Code != exams.RefusedCodeNotValid {
			t.Errorf("lea: %+v; want code_not_valid", r)
		}
	},
	"yanis": func(t *testing.T, today points.Date, f exams.File) {
		if r := refusal(today, f, nil); r == nil || r.Code != exams.RefusedTooSoon || r.From != today.AddDays(14) {
			t.Errorf("yanis: %+v; want too_soon until %s", r, today.AddDays(14))
		}
	},
	"nora": func(t *testing.T, today points.Date, f exams.File) {
		if r := refusal(today, f, nil); r == nil || r.Code != exams.RefusedNotCandidate {
			t.Errorf("nora: %+v; want not_candidate (the practical test is passed)", r)
		}
		c, ok := exams.Assess(f, points.NewDateTime(today, 12, 0)).Certificate()
		if !ok || c.Date != today.AddDays(-35) || c.ValidUntil < today.AddDays(70) || c.Total != 26 {
			t.Errorf("nora's certificate: %+v, %v; want the test of 5 weeks ago, valid about 11 more weeks", c, ok)
		}
	},
}

// refusal is the rules' answer to a booking on today at noon of a test ten
// days on.
func refusal(today points.Date, f exams.File, acc *exams.Accompanist) *exams.Refusal {
	now := points.NewDateTime(today, 12, 0)
	return exams.Assess(f, now).CheckBooking(f, exams.Request{Session: points.NewDateTime(today.AddDays(10), 8, 30), Accompanist: acc})
}

func TestEachPersonaShowsItsSituationWhateverTheDay(t *testing.T) {
	for _, today := range todays {
		for i, rec := range demo.Records(today) {
			p := demo.Personas[i]
			t.Run(today.String()+"/"+p.Login, func(t *testing.T) {
				if rec.NEPH != p.NEPH {
					t.Fatalf("record %d has NEPH %s, persona %s", i, rec.NEPH, p.NEPH)
				}
				if err := rec.Validate(); err != nil {
					t.Fatalf("invalid demo record: %v", err)
				}
				if rec.Updated > today {
					t.Errorf("updated %s is after today", rec.Updated)
				}
				for j, e := range rec.Events {
					for _, l := range e.Letters {
						if l.Date > today {
							t.Errorf("events[%d]: letter %s dated %s, after today", j, l.Type, l.Date)
						}
					}
				}
				pr, ok := rec.Engine()
				if check := candidates[p.Login]; check != nil {
					if ok || rec.Licence != nil || len(rec.Events) != 0 || rec.Exams == nil {
						t.Fatalf("%s has a licence or events, or no exam file: %+v", p.Login, rec)
					}
					check(t, today, *rec.Exams)
					return
				}
				if !ok {
					t.Fatal("no licence")
				}
				res, err := points.Compute(pr, today)
				if err != nil {
					t.Fatal(err)
				}
				want[p.Login](t, today, res)
			})
		}
	}
}

func TestLoginsAreFixedAndUnique(t *testing.T) {
	logins := []string{"camille", "lucas", "ines", "marc", "sophie", "karim", "anne", "theo", "lea", "yanis", "nora"}
	seen := map[string]bool{}
	for i, l := range logins {
		neph, ok := demo.NEPHForLogin(l)
		if !ok || neph != demo.Personas[i].NEPH || seen[neph] {
			t.Errorf("login %s → %q, %v", l, neph, ok)
		}
		seen[neph] = true
	}
	if _, ok := demo.NEPHForLogin("nobody"); ok {
		t.Error("unknown login found")
	}
}

func TestSeedIfEmptySeedsOnlyAnEmptyStore(t *testing.T) {
	st, err := store.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	today := points.NewDate(2026, 5, 14)
	seeded, err := demo.SeedIfEmpty(st, today)
	if err != nil || !seeded {
		t.Fatalf("SeedIfEmpty = %v, %v", seeded, err)
	}
	if n, _ := st.Count(); n != len(demo.Personas) {
		t.Fatalf("%d records, want %d", n, len(demo.Personas))
	}
	r, err := st.Get(demo.Personas[0].NEPH)
	if err != nil || r.Holder.FamilyName != "Lefèvre" {
		t.Fatalf("camille = %+v, %v", r.Holder, err)
	}
	seeded, err = demo.SeedIfEmpty(st, today.AddDays(100))
	if err != nil || seeded {
		t.Fatalf("second SeedIfEmpty = %v, %v; want nothing done", seeded, err)
	}
	if r2, _ := st.Get(demo.Personas[0].NEPH); r2.Updated != r.Updated {
		t.Fatal("second SeedIfEmpty changed a record")
	}
}
