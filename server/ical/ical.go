// Package ical writes the forecast of restitutions as an iCalendar file
// (RFC 5545, with github.com/arran4/golang-ical): one all-day event per
// change of the balance to come — each restitution, each step of
// probation — saying its points, that it is a forecast subject to no new
// offence, and its article; and one for the day a points-recovery stage
// becomes possible, when that day is still to come. Each event's UID is derived from the dossier and what
// the change comes from, not its date: importing a newer file updates
// the events instead of adding new ones.
package ical

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	ics "github.com/arran4/golang-ical"

	"mespoints/points"
)

// Reserve is said of every forecast restitution.
const Reserve = "restitution prévisionnelle, sous réserve de l'absence de nouvelle infraction"

// Forecast writes the calendar of the forecast in res (the engine's
// result for the day of issue) of the dossier neph, issued at issued.
func Forecast(neph string, res points.Result, issued time.Time) []byte {
	cal := ics.NewCalendarFor("Mes points")
	cal.SetProductId("-//Mes points//Restitutions prévisionnelles//FR")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName("Mes points — restitutions prévisionnelles")
	cal.SetXWRCalName("Mes points — restitutions prévisionnelles")
	cal.SetXWRCalDesc("Les restitutions de points prévues à la date du " + res.At.French() + ", sous réserve de l'absence de nouvelle infraction.")
	seen := map[string]int{}
	for _, c := range res.Forecast {
		if c.Change <= 0 {
			continue
		}
		origin := string(c.Rule) + "/" + strconv.Itoa(c.Event)
		n := seen[origin]
		seen[origin] = n + 1
		e := cal.AddEvent(uid(neph, origin+"/"+strconv.Itoa(n)))
		day(e, c.Date, issued)
		e.SetSummary("+" + points.PointsFrench(c.Change) + " — " + summaryOf(c.Rule))
		e.SetDescription(c.Explanation + " Solde prévu après ce jour : " + strconv.Itoa(c.Balance) + " sur " + strconv.Itoa(c.Ceiling) + ". " +
			"Prévision établie le " + res.At.French() + " par Mes points, sous réserve de l'absence de nouvelle infraction.")
	}
	// The day a stage becomes possible, if it is still to come.
	if s := res.Stage; s.From != nil && *s.From > res.At {
		e := cal.AddEvent(uid(neph, "stage"))
		day(e, *s.From, issued)
		e.SetSummary("Stage de récupération de points possible")
		e.SetDescription(s.Explanation + " (" + s.Article + ")")
	}
	return []byte(cal.Serialize())
}

// summaryOf is the title of a forecast change.
func summaryOf(r points.Rule) string {
	switch r {
	case points.RuleProbationStep, points.RuleProbationEnd:
		return "points de la période probatoire, sous réserve de l'absence de nouvelle infraction"
	}
	return Reserve
}

// day makes e an all-day event on d, stamped at issued, that does not
// mark the time as busy.
func day(e *ics.VEvent, d points.Date, issued time.Time) {
	e.SetDtStampTime(issued.UTC())
	e.SetAllDayStartAt(d.Time())
	e.SetAllDayEndAt(d.AddDays(1).Time())
	e.SetTimeTransparency(ics.TransparencyTransparent)
}

// uid is an event's stable identifier: a hash of the dossier and of what
// the event comes from, which names neither.
func uid(neph, origin string) string {
	sum := sha256.Sum256([]byte("mespoints-calendrier\x00" + neph + "\x00" + origin))
	return hex.EncodeToString(sum[:16]) + "@mespoints"
}
