package ical_test

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"mespoints/points"
	"mespoints/server/demo"
	"mespoints/server/ical"
)

// forecast is a persona's dossier computed on day, and its calendar.
func forecast(t *testing.T, login string, made, day points.Date) (string, points.Result, *ics.Calendar, []byte) {
	t.Helper()
	for i, p := range demo.Personas {
		if p.Login != login {
			continue
		}
		rec := demo.Records(made)[i]
		pr, _ := rec.Engine()
		res, err := points.Compute(pr, day)
		if err != nil {
			t.Fatal(err)
		}
		b := ical.Forecast(rec.NEPH, res, day.Time().Add(9*time.Hour))
		cal, err := ics.ParseCalendar(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("the file does not read back: %v\n%s", err, b)
		}
		return rec.NEPH, res, cal, b
	}
	t.Fatalf("no persona %s", login)
	return "", points.Result{}, nil, nil
}

func prop(e *ics.VEvent, p ics.ComponentProperty) string {
	if v := e.GetProperty(p); v != nil {
		return v.Value
	}
	return ""
}

// One all-day event per restitution to come, on its day, with its points,
// the reserve and the article; one for the day a stage becomes possible.
func TestOneEventPerRestitution(t *testing.T) {
	today := points.NewDate(2026, 3, 16)
	stageToCome := false
	for _, login := range []string{"marc", "sophie", "lucas", "camille", "ines"} {
		neph, res, cal, raw := forecast(t, login, today, today)
		events := cal.Events()
		want := 0
		for _, c := range res.Forecast {
			if c.Change <= 0 {
				continue
			}
			want++
			found := false
			for _, e := range events {
				start := e.GetProperty(ics.ComponentPropertyDtStart)
				if start == nil || start.Value != strings.ReplaceAll(c.Date.String(), "-", "") {
					continue
				}
				sum := prop(e, ics.ComponentPropertySummary)
				if strings.HasPrefix(sum, "+"+strconv.Itoa(c.Change)+" point") && strings.Contains(sum, "sous réserve de l'absence de nouvelle infraction") &&
					strings.Contains(prop(e, ics.ComponentPropertyDescription), "article") {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: no event for %+d on %s:\n%s", login, c.Change, c.Date, raw)
			}
		}
		if res.Stage.From != nil && *res.Stage.From > today {
			want++
			if !bytes.Contains(raw, []byte("SUMMARY:Stage de récupération de points possible")) {
				t.Errorf("%s: no event for the stage possible from %s", login, res.Stage.From)
			}
		}
		stageToCome = stageToCome || res.Stage.From != nil && *res.Stage.From > today
		if len(events) != want {
			t.Errorf("%s: %d events, want %d", login, len(events), want)
		}
		for _, e := range events {
			if start := e.GetProperty(ics.ComponentPropertyDtStart); start == nil || len(start.ICalParameters["VALUE"]) == 0 || start.ICalParameters["VALUE"][0] != "DATE" {
				t.Errorf("%s: an event is not all-day: %+v", login, start)
			}
		}
		if bytes.Contains(raw, []byte(neph)) {
			t.Errorf("%s: the calendar holds the NEPH", login)
		}
	}
	if !stageToCome {
		t.Error("no persona has a stage still to come: this test checks no stage event")
	}
}

// A file made a month later, when the forecast holds the same
// restitutions, gives them the same UIDs: a re-import updates them.
func TestUIDsAreStable(t *testing.T) {
	made := points.NewDate(2026, 3, 16)
	_, _, before, _ := forecast(t, "marc", made, made)
	_, _, after, _ := forecast(t, "marc", made, made.AddDays(30))
	uids := map[string]string{}
	for _, e := range before.Events() {
		uids[e.Id()] = prop(e, ics.ComponentPropertyDtStart)
	}
	if len(uids) != len(before.Events()) {
		t.Fatalf("two events share a UID")
	}
	for _, e := range after.Events() {
		start, ok := uids[e.Id()]
		if !ok {
			t.Errorf("event %q of %s is new a month later", prop(e, ics.ComponentPropertySummary), prop(e, ics.ComponentPropertyDtStart))
		} else if start != prop(e, ics.ComponentPropertyDtStart) {
			t.Errorf("event %s moved from %s to %s", e.Id(), start, prop(e, ics.ComponentPropertyDtStart))
		}
	}
	// Another dossier's events have other UIDs.
	_, _, other, _ := forecast(t, "sophie", made, made)
	for _, e := range other.Events() {
		if _, ok := uids[e.Id()]; ok {
			t.Errorf("Sophie's event %s has a UID of Marc's", e.Id())
		}
	}
}
