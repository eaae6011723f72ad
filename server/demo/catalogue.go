package demo

import (
	"bytes"
	"encoding/json"
	"time"

	"mespoints/points"
	"mespoints/server/booking"
)

// demoCentres are the exam centres of the demo: two in each of three
// départements. Names and addresses are invented.
var demoCentres = []booking.Centre{
	{ID: "toulouse-nord", Name: "Centre d'examen de Toulouse Nord", Address: "12 chemin des Izards, 31200 Toulouse", Departement: "31"},
	{ID: "muret", Name: "Centre d'examen de Muret", Address: "5 avenue de la Gare, 31600 Muret", Departement: "31"},
	{ID: "montpellier-garosud", Name: "Centre d'examen de Montpellier Garosud", Address: "140 rue de la Castelle, 34070 Montpellier", Departement: "34"},
	{ID: "beziers", Name: "Centre d'examen de Béziers", Address: "8 rue du Champ de Mars, 34500 Béziers", Departement: "34"},
	{ID: "paris-13", Name: "Centre d'examen de Paris 13e", Address: "25 rue du Château des Rentiers, 75013 Paris", Departement: "75"},
	{ID: "paris-20", Name: "Centre d'examen de Paris 20e", Address: "40 rue des Pyrénées, 75020 Paris", Departement: "75"},
}

// demoTimes are the times of the sessions, every weekday.
var demoTimes = [][2]int{{8, 30}, {13, 30}}

// CatalogueWeeks is how far the demo catalogue reaches.
const CatalogueWeeks = 8

// Catalogue returns the demo's exam catalogue from the day after today
// for CatalogueWeeks weeks, as a file for booking.Import, and the places
// already taken by other (made-up) candidates, by session: every fifth
// session is full, and the first session of the first centre has exactly
// one place left. The other sessions offer 2 to 6 places, none taken.
func Catalogue(today points.Date) ([]byte, map[string]int) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	for _, c := range demoCentres {
		enc.Encode(map[string]string{"kind": "centre", "id": c.ID, "name": c.Name, "address": c.Address, "departement": c.Departement})
	}
	taken := map[string]int{}
	n := 0
	for ci, c := range demoCentres {
		for d := today.AddDays(1); d <= today.AddDays(7*CatalogueWeeks); d++ {
			if wd := d.Time().Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue
			}
			for _, hm := range demoTimes {
				at := points.NewDateTime(d, hm[0], hm[1])
				places := 2 + (n*7+ci)%5
				id := booking.SessionID(c, at)
				switch {
				case len(taken) == 0:
					places, taken[id] = 4, 3 // the last place
				case n%5 == 2:
					taken[id] = places // full
				}
				enc.Encode(map[string]any{"kind": "session", "centre": c.ID, "at": at, "places": places})
				n++
			}
		}
	}
	return b.Bytes(), taken
}
