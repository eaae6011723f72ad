// Package storetest makes valid licence records for tests and benchmarks:
// many different ones, the same for the same number, with every optional
// field of the registry's detail in use.
package storetest

import (
	"fmt"
	"time"

	"mespoints/points"
	"mespoints/server/store"
)

var (
	families = []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Lefèvre", "Garçon", "N'Diaye", "Le Gall"}
	givens   = []string{"Camille", "Léa", "Hugo", "Chloé", "Louis", "Inès", "Jean-Pierre", "Zoé", "Noé", "Maël"}
	communes = []store.Place{{Commune: "75115", Name: "Paris 15e"}, {Commune: "69383", Name: "Lyon 3e"}, {Commune: "13055", Name: "Marseille"}, {Commune: "31555", Name: "Toulouse"}, {Commune: "2A004", Name: "Ajaccio"}}
)

// NEPH returns the NEPH of record i: 12 digits.
func NEPH(i int) string { return fmt.Sprintf("%012d", 100000000000+int64(i)*7919%900000000000) }

// Record returns record number i: a licence outside probation obtained in
// 2005 (categories B, and C1 valid 5 years) with two offences, one with a
// 48 letter and a suspension, a stage, and a medical suspension of two
// months long ago; the holder with a place of birth named and an address;
// every field valid. Records with different i have different NEPHs.
func Record(i int) store.Record {
	obtained := points.NewDate(2005, time.Month(1+i%12), 1+i%28)
	def1 := obtained.AddDays(400 + i%300)
	def2 := def1.AddDays(200 + i%90)
	stage := def2.AddDays(60)
	place := communes[i%len(communes)]
	c1Until := obtained.AddYears(7)
	medical := obtained.AddYears(3)
	medicalEnd := medical.AddMonths(2)
	return store.Record{
		NEPH:    NEPH(i),
		Updated: points.NewDate(2025, 6, 1+i%28),
		Holder: store.Holder{
			FamilyName: families[i%len(families)],
			GivenNames: givens[(i/7)%len(givens)],
			Birthdate:  points.NewDate(1960+i%40, time.Month(1+i%12), 1+i%27),
			Birthplace: place.Commune,
			Email:      fmt.Sprintf("titulaire%d@example.org", i),
			// The documents' detail.
			BirthplaceName: place.Name,
			Address:        &store.Address{Lines: []string{fmt.Sprintf("%d rue de la République", 1+i%90)}, Postcode: "75015", City: "Paris"},
		},
		Licence: &store.Licence{
			Licence:      points.Licence{Obtained: obtained, Probation: points.NoProbation},
			Number:       fmt.Sprintf("%012d", i),
			Categories:   []store.Category{{Category: "B", Obtained: obtained}, {Category: "C1", Obtained: obtained.AddYears(2), Until: &c1Until}},
			Restrictions: []string{"01.01"},
			Measures:     []store.Measure{{Kind: store.SuspensionMeasure, Authority: store.Administrative, From: medical, Until: &medicalEnd, Reason: "inaptitude médicale temporaire"}},
		},
		Events: []store.Event{
			{
				Event: points.Event{Type: points.Offence, Committed: points.NewDateTime(def1.AddDays(-30), 8, 15), Definitive: def1, Points: 3, Class: points.C4, Label: "téléphone tenu en main"},
				Place: &place, Natinf: "22208", NatinfLabel: "Usage d'un téléphone tenu en main par le conducteur d'un véhicule en circulation",
				DefinitiveBy: store.ByPayment,
				Letters:      []store.Letter{{Type: store.Letter48, Date: def1.AddDays(12)}},
			},
			{
				Event:        points.Event{Type: points.Offence, Committed: points.NewDateTime(def2.AddDays(-45), 17, 40), Definitive: def2, Points: 4, Class: points.C4, Label: "feu rouge"},
				DefinitiveBy: store.ByTitreExecutoire,
				Suspensions:  []store.Suspension{{Kind: store.Administrative, From: def2.AddDays(-44), Until: def2.AddDays(-44 + 60)}},
				Letters:      []store.Letter{{Type: store.Letter48, Date: def2.AddDays(10)}},
			},
			{
				Event:   points.Event{Type: points.Stage, FirstDay: stage, LastDay: stage.AddDays(1)},
				Centre:  &store.Centre{Name: "Centre de sensibilisation à la sécurité routière", Place: &place},
				Letters: []store.Letter{{Type: store.Letter47, Date: stage.AddDays(20)}},
			},
		},
	}
}
