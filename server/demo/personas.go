package demo

import (
	"mespoints/exams"
	"mespoints/points"
	"mespoints/server/store"
)

// Communes of the personas (INSEE code and name).
var (
	nantes       = store.Place{Commune: "44109", Name: "Nantes"}
	lille        = store.Place{Commune: "59350", Name: "Lille"}
	lyon3        = store.Place{Commune: "69383", Name: "Lyon 3e Arrondissement"}
	villeurbanne = store.Place{Commune: "69266", Name: "Villeurbanne"}
	toulouse     = store.Place{Commune: "31555", Name: "Toulouse"}
	bordeaux     = store.Place{Commune: "33063", Name: "Bordeaux"}
	marseille    = store.Place{Commune: "13055", Name: "Marseille"}
	montpellier  = store.Place{Commune: "34172", Name: "Montpellier"}
	rennes       = store.Place{Commune: "35238", Name: "Rennes"}
	strasbourg   = store.Place{Commune: "67482", Name: "Strasbourg"}
	paris13      = store.Place{Commune: "75113", Name: "Paris 13e Arrondissement"}
)

// The offences the personas committed: label for the history, points and
// class of the barème (docs/points-rules.md), NATINF code and wording.
type offenceKind struct {
	label, natinf, natinfLabel string
	points                     int
	class                      points.Class
}

var (
	phone    = offenceKind{"téléphone tenu en main", "22208", "Usage d'un téléphone tenu en main par le conducteur d'un véhicule en circulation", 3, points.C4}
	speed20  = offenceKind{"excès de vitesse de 20 à 29 km/h", "11302", "Excès de vitesse d'au moins 20 km/h et inférieur à 30 km/h par conducteur de véhicule à moteur", 2, points.C4}
	speed5   = offenceKind{"excès de vitesse inférieur à 20 km/h", "11300", "Excès de vitesse inférieur à 20 km/h par conducteur de véhicule à moteur - vitesse maximale autorisée supérieure à 50 km/h", 1, points.C3}
	line     = offenceKind{"franchissement de ligne continue", "20", "Franchissement d'une ligne continue par conducteur de véhicule", 3, points.C4}
	redLight = offenceKind{"feu rouge", "202", "Inobservation par conducteur de véhicule de l'arrêt imposé par un feu rouge fixe ou clignotant", 4, points.C4}
	alcohol  = offenceKind{"alcoolémie de 0,8 g/L ou plus", "4181", "Conduite d'un véhicule sous l'empire d'un état alcoolique : concentration d'alcool par litre d'au moins 0,80 gramme dans le sang", 6, points.Delit}
)

// offence returns an offence of kind k committed at hh:mm on committed,
// definitive on definitive, with the 48 letter sent 10 days later.
func offence(k offenceKind, committed points.Date, hh, mm int, definitive points.Date, by store.DefinitiveBy, where store.Place, letters ...store.Letter) store.Event {
	place := where
	return store.Event{
		Event: points.Event{
			Type: points.Offence, Committed: points.NewDateTime(committed, hh, mm), Definitive: definitive,
			Points: k.points, Class: k.class, Label: k.label,
		},
		Place: &place, Natinf: k.natinf, NatinfLabel: k.natinfLabel, DefinitiveBy: by,
		Letters: append([]store.Letter{{Type: store.Letter48, Date: definitive.AddDays(10)}}, letters...),
	}
}

// licence returns a category B licence obtained on obtained.
func licence(obtained points.Date, p points.Probation, number string) *store.Licence {
	return &store.Licence{
		Licence:    points.Licence{Obtained: obtained, Probation: p},
		Number:     number,
		Categories: []store.Category{{Category: "B", Obtained: obtained}},
	}
}

// holder returns a holder born in France at where, living at the
// address lines, postcode and city of home (none when home is empty).
func holder(family, given string, born points.Date, where store.Place, email string, home ...string) store.Holder {
	h := store.Holder{FamilyName: family, GivenNames: given, Birthdate: born, Birthplace: where.Commune, Birthcountry: store.CountryFrance, Email: email,
		BirthplaceName: where.Name + " (" + where.Commune[:2] + ")"}
	if n := len(home); n >= 3 {
		h.Address = &store.Address{Lines: home[:n-2], Postcode: home[n-2], City: home[n-1]}
	}
	return h
}

// camille: the public service's own example, a 3-point offence a month ago
// on a licence outside probation: 9/12, a stage would bring 3 points.
func camille(neph string, today points.Date) store.Record {
	obtained := today.AddYears(-15).AddDays(-41)
	def := today.AddMonths(-1)
	return store.Record{
		NEPH: neph, Updated: def.AddDays(10),
		Holder:  holder("Lefèvre", "Camille Marie", today.AddYears(-34).AddDays(-75), nantes, "camille.lefevre@example.fr", "8 rue Crébillon", "44000", "Nantes"),
		Licence: licence(obtained, points.NoProbation, "110544012345"),
		Events:  []store.Event{offence(phone, def.AddDays(-23), 8, 47, def, store.ByPayment, nantes)},
	}
}

// lucas: licence obtained 16 months ago, traditional probation, no
// offence: the first step (+2 at one year) granted, 8/8.
func lucas(neph string, today points.Date) store.Record {
	obtained := today.AddMonths(-16)
	return store.Record{
		NEPH: neph, Updated: obtained.AddYears(1),
		Holder:  holder("Moreau", "Lucas Antoine", today.AddYears(-19).AddDays(-130), lille, "lucas.moreau@example.fr", "27 rue Esquermoise", "59800", "Lille"),
		Licence: licence(obtained, points.Traditional, "240659012345"),
		Events:  []store.Event{},
	}
}

// ines: AAC licence obtained 18 months ago; 3 points lost five months in
// (48N: mandatory stage), the stage done two months later brought the
// balance back to the ceiling, 6; the first step was refused.
func ines(neph string, today points.Date) store.Record {
	obtained := today.AddMonths(-18)
	def := obtained.AddMonths(5)
	first := def.AddMonths(2)
	return store.Record{
		NEPH: neph, Updated: first.AddDays(16),
		Holder:  holder("Benali", "Inès", today.AddYears(-20).AddDays(-12), lyon3, "ines.benali@example.fr"),
		Licence: licence(obtained, points.AAC, "230469012345"),
		Events: []store.Event{
			offence(line, def.AddDays(-26), 17, 32, def, store.ByPayment, villeurbanne, store.Letter{Type: store.Letter48N, Date: def.AddDays(10)}),
			{
				Event:   points.Event{Type: points.Stage, FirstDay: first, LastDay: first.AddDays(1)},
				Centre:  &store.Centre{Name: "Centre de sensibilisation à la sécurité routière du Rhône", Place: &villeurbanne},
				Letters: []store.Letter{{Type: store.Letter47, Date: first.AddDays(15)}},
			},
		},
	}
}

// marc: offences every two to three years for ten years, so no full
// restoration: the first one's 3 points came back after 10 years six
// months ago (4/12 now); the second's come back in 21 months, and the full
// restoration 3 years after the last withdrawal, in 24 months.
func marc(neph string, today points.Date) store.Record {
	d1, d2, d3 := today.AddMonths(-126), today.AddMonths(-99), today.AddMonths(-66)
	d4, d5 := today.AddMonths(-36), today.AddMonths(-12)
	m := func(d points.Date) store.Letter { return store.Letter{Type: store.Letter48M, Date: d.AddDays(10)} }
	l := licence(today.AddYears(-33).AddDays(-20), points.NoProbation, "920731012345")
	// A C1 category (light trucks) obtained 8 years ago, whose validity,
	// renewed after a medical check, ends in 2 years.
	c1Until := today.AddYears(2).AddDays(-40)
	l.Categories = append(l.Categories, store.Category{Category: "C1", Obtained: today.AddYears(-8).AddDays(-40), Until: &c1Until})
	return store.Record{
		NEPH: neph, Updated: d1.AddYears(10).AddDays(12),
		Holder:  holder("Girard", "Marc Henri", today.AddYears(-52).AddDays(-200), toulouse, "marc.girard@example.fr", "14 allées Jean Jaurès", "Appartement 12", "31000", "Toulouse"),
		Licence: l,
		Events: []store.Event{
			offence(phone, d1.AddDays(-35), 18, 5, d1, store.ByPayment, toulouse, store.Letter{Type: store.Letter46B, Date: d1.AddYears(10).AddDays(12)}),
			offence(speed20, d2.AddDays(-30), 11, 20, d2, store.ByPayment, bordeaux),
			offence(speed20, d3.AddDays(-30), 9, 55, d3, store.ByTitreExecutoire, toulouse, m(d3)),
			offence(speed20, d4.AddDays(-30), 16, 10, d4, store.ByPayment, montpellier, m(d4)),
			offence(speed20, d5.AddDays(-30), 7, 40, d5, store.ByPayment, toulouse, m(d5)),
		},
	}
}

// sophie: a 1-point speeding offence became definitive a little under six
// months ago: the point comes back on its six-month anniversary, 17 to 20
// days from today.
func sophie(neph string, today points.Date) store.Record {
	def := today.AddDays(20).AddMonths(-6)
	return store.Record{
		NEPH: neph, Updated: def.AddDays(10),
		Holder:  holder("Laurent-Dubois", "Sophie Anne", today.AddYears(-41).AddDays(-300), bordeaux, "sophie.laurent-dubois@example.fr", "41 cours de l'Intendance", "33000", "Bordeaux"),
		Licence: licence(today.AddYears(-22).AddDays(-90), points.NoProbation, "040733012345"),
		Events:  []store.Event{offence(speed5, def.AddDays(-25), 14, 10, def, store.ByPayment, marseille)},
	}
}

// karim: 6 + 4 + 2 points within three years: balance 0, and the 48SI
// letter notified about two months ago invalidated the licence.
func karim(neph string, today points.Date) store.Record {
	d1, d2, d3 := today.AddMonths(-26), today.AddMonths(-14), today.AddMonths(-3)
	notified := d3.AddDays(20)
	first := offence(alcohol, d1.AddDays(-60), 23, 40, d1, store.ByJudgment, strasbourg, store.Letter{Type: store.Letter48M, Date: d1.AddDays(10)})
	first.Suspensions = []store.Suspension{
		{Kind: store.Administrative, From: d1.AddDays(-59), Until: d1.AddDays(-59).AddMonths(4).AddDays(-1)},
		{Kind: store.Judicial, From: d1, Until: d1.AddMonths(6).AddDays(-1)},
	}
	return store.Record{
		NEPH: neph, Updated: notified,
		Holder:  holder("Haddad", "Karim", today.AddYears(-29).AddDays(-45), strasbourg, "", "3 quai Kléber", "67000", "Strasbourg"),
		Licence: licence(today.AddYears(-9).AddDays(-33), points.NoProbation, "160267012345"),
		Events: []store.Event{
			first,
			offence(redLight, d2.AddDays(-40), 12, 15, d2, store.ByPayment, strasbourg, store.Letter{Type: store.Letter48M, Date: d2.AddDays(10)}),
			offence(speed20, d3.AddDays(-35), 8, 5, d3, store.ByPayment, strasbourg),
			{
				Event:   points.Event{Type: points.Invalidation, Notified: notified},
				Letters: []store.Letter{{Type: store.Letter48SI, Date: notified.AddDays(-4)}},
			},
		},
	}
}

// anne: licence for 27 years, never an offence: 12/12. Born in Belgium,
// so no commune of birth.
func anne(neph string, today points.Date) store.Record {
	obtained := today.AddYears(-27).AddDays(-160)
	l := licence(obtained, points.NoProbation, "980335012345")
	l.Categories = append([]store.Category{{Category: "A", Obtained: obtained.AddYears(4)}}, l.Categories...)
	l.Restrictions = []string{"01.01"}
	return store.Record{
		NEPH: neph, Updated: obtained.AddYears(4),
		Holder: store.Holder{
			FamilyName: "Rousseau", UsageName: "Vidal", GivenNames: "Anne Sylvie",
			Birthdate: today.AddYears(-46).AddDays(-17), Birthcountry: "99131", Email: "anne.vidal@example.fr",
			BirthplaceName: "Liège (Belgique)",
			Address:        &store.Address{Lines: []string{"19 rue Foch"}, Postcode: "34000", City: "Montpellier"},
		},
		Licence: l,
		Events:  []store.Event{},
	}
}

// theo: a candidate without a driving school (candidat libre) who passed
// the code four months ago at the second try: he may book a place at the
// practical test now, declaring who accompanies him.
func theo(neph string, today points.Date) store.Record {
	passed := today.AddMonths(-4)
	return store.Record{
		NEPH: neph, Updated: passed,
		Holder: holder("Garnier", "Théo", today.AddYears(-19).AddDays(-200), rennes, "theo.garnier@example.fr", "6 place des Lices", "35000", "Rennes"),
		Events: []store.Event{},
		Exams: &exams.File{Code: []exams.CodeSitting{
			{Date: passed.AddDays(-23), Centre: "SGS — Toulouse Compans", Score: 33},
			{Date: passed, Centre: "La Poste — Toulouse Saint-Cyprien", Score: 37},
		}},
	}
}

// lea: a candidate at a driving school who has not passed the code yet:
// 32 correct answers out of 40 twelve days ago. Booking is refused.
func lea(neph string, today points.Date) store.Record {
	return store.Record{
		NEPH: neph, Updated: today.AddDays(-12),
		Holder: holder("Fontaine", "Léa Juliette", today.AddYears(-18).AddDays(-40), montpellier, "lea.fontaine@example.fr"),
		Events: []store.Event{},
		Exams: &exams.File{School: "Auto-école de l'Écusson, Montpellier", Code: []exams.CodeSitting{
			{Date: today.AddDays(-12), Centre: "Dekra — Montpellier Port-Marianne", Score: 32},
		}},
	}
}

// yanis: a candidate at a driving school who failed the practical test
// six days ago with 17 points out of 31: he must wait 20 days after it
// (arrêté du 27 avril 2021, article 3), until 14 days from today.
func yanis(neph string, today points.Date) store.Record {
	code := today.AddMonths(-5)
	failed := today.AddDays(-6)
	return store.Record{
		NEPH: neph, Updated: failed.AddDays(2),
		Holder: holder("Mercier", "Yanis", today.AddYears(-21).AddDays(-90), paris13, "yanis.mercier@example.fr"),
		Events: []store.Event{},
		Exams: &exams.File{School: "Auto-école des Gobelins, Paris 13e",
			Code: []exams.CodeSitting{{Date: code, Centre: "La Poste — Paris Italie", Score: 36}},
			Practical: []exams.PracticalSitting{
				{At: points.NewDateTime(code.AddMonths(2), 10, 30), Centre: "Centre d'examen de Paris 13e", Total: 24, Eliminatory: true},
				{At: points.NewDateTime(failed, 8, 30), Centre: "Centre d'examen de Paris 13e", Total: 17},
			},
		},
	}
}

// nora: a candidate at a driving school who passed the practical test 5
// weeks ago with 26 points out of 31, after a failure in the winter; her
// licence is not made yet, so her certificate of the test (CEPC) is her
// provisional licence for about 11 more weeks.
func nora(neph string, today points.Date) store.Record {
	code := today.AddMonths(-8)
	failed := today.AddDays(-80)
	passed := today.AddDays(-35)
	return store.Record{
		NEPH: neph, Updated: passed.AddDays(2),
		Holder: holder("Lambert", "Nora Élise", today.AddYears(-19).AddDays(-250), toulouse, "nora.lambert@example.fr", "5 rue des Filatiers", "31000", "Toulouse"),
		Events: []store.Event{},
		Exams: &exams.File{School: "Auto-école du Capitole, Toulouse",
			Code: []exams.CodeSitting{{Date: code, Centre: "La Poste — Toulouse Saint-Cyprien", Score: 36}},
			Practical: []exams.PracticalSitting{
				{At: points.NewDateTime(failed, 9, 0), Centre: "Centre d'examen de Toulouse Nord", Total: 18},
				{At: points.NewDateTime(passed, 14, 30), Centre: "Centre d'examen de Toulouse Nord", Total: 26},
			},
		},
	}
}
