package points

import (
	"errors"
	"testing"
)

func TestValidate(t *testing.T) {
	ok := lic("2020-01-01", trad, "")
	tests := []struct {
		name  string
		rec   Record
		field string
		msg   string
	}{
		{"obtained missing", rec(Licence{Probation: trad}), "licence.obtained", "missing"},
		{"probation missing", rec(Licence{Obtained: day("2020-01-01")}), "licence.probation", "missing (traditional, aac or none)"},
		{"probation unknown", rec(lic("2020-01-01", "supervised", "")), "licence.probation", `"supervised" is not one of traditional, aac, none`},
		{"training outside probation", rec(lic("2020-01-01", none, "2020-08-01")), "licence.training", `a licence outside probation (probation "none") has no post-licence training`},
		{"training before the licence", rec(lic("2020-01-01", trad, "2019-12-31")), "licence.training", "2019-12-31 is before the licence was obtained (2020-01-01)"},
		{"type missing", rec(ok, Event{}), "events[0].type", "missing (offence, stage or invalidation)"},
		{"type unknown", rec(ok, stg("2021-01-01"), Event{Type: "suspension"}), "events[1].type", `"suspension" is not one of offence, stage, invalidation`},
		{"committed missing", rec(ok, Event{Type: Offence, Definitive: day("2021-01-01"), Points: 1, Class: C3}), "events[0].committed", "missing"},
		{"definitive missing", rec(ok, Event{Type: Offence, Committed: NewDateTime(day("2021-01-01"), 8, 0), Points: 1, Class: C3}), "events[0].definitive", "missing"},
		{"definitive before committed", rec(ok, off("2021-02-01T10:00", "2021-01-31", 1, C3)), "events[0].definitive", "2021-01-31 is before committed (2021-02-01T10:00)"},
		{"definitive the day committed", rec(ok, off("2021-02-01T10:00", "2021-02-01", 1, C3)), "", ""},
		{"definitive before the licence", rec(ok, off("2019-11-01", "2019-12-01", 1, C3)), "events[0].definitive", "2019-12-01 is before the licence was obtained (2020-01-01)"},
		{"committed before the licence, definitive after", rec(ok, off("2019-12-20", "2020-01-15", 1, C3)), "", ""},
		{"points above 6", rec(ok, off("2021-01-01", "2021-02-01", 7, C4)), "events[0].points", "7 is outside 0–6"},
		{"points below 0", rec(ok, off("2021-01-01", "2021-02-01", -1, C4)), "events[0].points", "-1 is outside 0–6"},
		{"class missing", rec(ok, off("2021-01-01", "2021-02-01", 1, "")), "events[0].class", "missing (c1 to c5 or delit)"},
		{"class unknown", rec(ok, off("2021-01-01", "2021-02-01", 1, "c6")), "events[0].class", `"c6" is not one of c1, c2, c3, c4, c5, delit`},
		{"a stage field on an offence", rec(ok, func() Event { e := off("2021-01-01", "2021-02-01", 1, C3); e.FirstDay = day("2021-03-01"); return e }()), "events[0].first_day", "not a field of an event of type offence"},
		{"points on a stage", rec(ok, func() Event { e := stg("2021-03-01"); e.Points = 4; return e }()), "events[0].points", "not a field of an event of type stage"},
		{"stage first day missing", rec(ok, Event{Type: Stage, LastDay: day("2021-03-02")}), "events[0].first_day", "missing"},
		{"stage of one day", rec(ok, Event{Type: Stage, FirstDay: day("2021-03-01"), LastDay: day("2021-03-01")}), "events[0].last_day", "2021-03-01 is not the day after first_day (2021-03-01): a stage lasts two consecutive days"},
		{"stage of three days", rec(ok, Event{Type: Stage, FirstDay: day("2021-03-01"), LastDay: day("2021-03-03")}), "events[0].last_day", "2021-03-03 is not the day after first_day (2021-03-01): a stage lasts two consecutive days"},
		{"stage before the licence", rec(ok, stg("2019-03-01")), "events[0].first_day", "2019-03-01 is before the licence was obtained (2020-01-01)"},
		{"notified missing", rec(ok, Event{Type: Invalidation}), "events[0].notified", "missing"},
		{"notified before the licence", rec(ok, inval("2019-05-01")), "events[0].notified", "2019-05-01 is before the licence was obtained (2020-01-01)"},
		{"a label on a stage", rec(ok, func() Event { e := stg("2021-03-01"); e.Label = "x"; return e }()), "events[0].label", "not a field of an event of type stage"},
		{"obtained before 1900", rec(Licence{Obtained: NewDate(1899, 12, 31), Probation: trad}), "licence.obtained", "1899-12-31 is outside the years 1900 to 2200"},
		{"a date after 2200", rec(ok, Event{Type: Offence, Committed: NewDateTime(NewDate(2201, 1, 1), 8, 0), Definitive: NewDate(2201, 1, 2), Points: 1, Class: C3}), "events[0].committed", "2201-01-01 is outside the years 1900 to 2200"},
		{"valid record", rec(ok, off("2021-01-01", "2021-02-01", 0, C3), stg("2021-03-01"), inval("2021-04-01")), "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.rec.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate: %v, want nil", err)
				}
				return
			}
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Validate: %v, want a *FieldError", err)
			}
			if fe.Field != tt.field || fe.Msg != tt.msg || err.Error() != tt.field+": "+tt.msg {
				t.Errorf("got %q, want %q", err.Error(), tt.field+": "+tt.msg)
			}
			if _, err := Compute(tt.rec, day("2024-01-01")); err == nil || err.Error() != fe.Error() {
				t.Errorf("Compute: %v, want the error of Validate", err)
			}
		})
	}
}

func TestComputeAtBeforeLicence(t *testing.T) {
	_, err := Compute(rec(lic("2020-01-01", trad, "")), day("2019-12-31"))
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Field != "at" || err.Error() != "at: 2019-12-31 is before the licence was obtained (2020-01-01)" {
		t.Errorf("got %v", err)
	}
	if _, err := Compute(rec(lic("2020-01-01", trad, "")), day("2020-01-01")); err != nil {
		t.Errorf("on the day obtained: %v", err)
	}
}
