package documents

import (
	"strings"
	"time"

	"mespoints/points"
	"mespoints/server/store"
)

// NewIntegral builds the relevé d'information intégral of rec, issued at
// issued, from the engine's result res for that day (in Paris): the
// holder, the licence, the balance and its status as the engine computes
// them, every offence with its detail, every restitution and stage, every
// letter, every suspension and measure. A record without a licence gives
// ErrNoLicence.
func NewIntegral(rec store.Record, res points.Result, issued time.Time) (Document, error) {
	day := points.DateOf(issued.In(paris))
	state, ok := StateOn(rec, res, day)
	if !ok {
		return Document{}, ErrNoLicence
	}
	d := Document{
		Kind:     Integral,
		Title:    "Relevé d'information intégral",
		Subtitle: "Tout ce que le fichier national des permis de conduire contient sur votre dossier — document personnel",
		Issued:   issued,
	}
	d.Sections = append(d.Sections,
		holderSection(rec.Holder, true),
		licenceSection(rec),
		categoriesSection(rec.Licence),
		restrictionsSection(rec.Licence),
		balanceSection(rec, res, state, day),
		offencesSection(rec),
		restitutionsSection(rec, res),
		lettersSection(rec),
		suspensionsSection(rec),
		Section{Heading: "Délivrance",
			Facts: []Fact{fact("Délivré", issuedText(issued, paris))},
			Lines: []string{"Ce relevé est établi à partir du fichier national des permis de conduire tel que Mes points le détient à sa date de délivrance ; " +
				"le solde et les dates sont calculés par Mes points selon le Code de la route pour ce jour-là. Il n'est délivré qu'à une personne identifiée par FranceConnect."}},
	)
	d.Claims = claimsOf(Integral, rec, state, issued, nil)
	d.Claims.Balance, d.Claims.Ceiling = res.Balance, res.Ceiling
	return d, nil
}

// balanceSection is the balance and the status on day, as the engine
// computes them.
func balanceSection(rec store.Record, res points.Result, state State, day points.Date) Section {
	s := Section{Heading: "Solde de points le " + day.LongFrench()}
	s.Facts = append(s.Facts,
		fact("Solde", points.PointsFrench(res.Balance)+" sur "+points.PointsFrench(res.Ceiling)),
		fact("État du permis", capitalise(stateText(state))),
	)
	if res.ProbationEnd != nil {
		verb := "prend fin le "
		if *res.ProbationEnd <= day {
			verb = "a pris fin le "
		}
		s.Facts = append(s.Facts, fact("Période probatoire", verb+shortDate(*res.ProbationEnd)))
	}
	if res.ReapplyFrom != nil {
		s.Facts = append(s.Facts, fact("Nouveau permis", "peut être demandé à partir du "+shortDate(*res.ReapplyFrom)))
	}
	if m := res.Mandatory; m != nil {
		done := "non suivi à ce jour"
		if m.Done {
			done = "suivi"
		}
		s.Facts = append(s.Facts, fact("Stage obligatoire (lettre 48N)", "à suivre après le retrait du "+shortDate(m.Since)+", dans les 4 mois de la réception de la lettre : "+done))
	}
	s.Facts = append(s.Facts, fact("Stage de récupération", res.Stage.Summary))
	s.Facts = append(s.Facts, fact("Fichier mis à jour le", shortDate(rec.Updated)))
	return s
}

// offencesSection lists every offence of the dossier with its detail.
func offencesSection(rec store.Record) Section {
	s := Section{Heading: "Infractions"}
	t := &Table{Columns: []Column{{"Commise le", 1.2}, {"Lieu", 1.2}, {"Infraction (code NATINF)", 3}, {"Points", 0.7}, {"Devenue définitive", 1.8}}}
	for _, e := range rec.Events {
		if e.Type != points.Offence {
			continue
		}
		dt := e.Committed.Date()
		when := shortDate(dt) + " à " + strings.Replace(e.Committed.String()[11:], ":", " h ", 1)
		place := "—"
		if e.Place != nil {
			place = e.Place.Name
			if place == "" {
				place = "commune " + e.Place.Commune
			}
		}
		what := e.NatinfLabel
		if what == "" {
			what = e.Label
		}
		if e.Natinf != "" {
			what += " (NATINF " + e.Natinf + ")"
		}
		what += " — " + e.Class.French()
		def := "le " + shortDate(e.Definitive)
		if e.DefinitiveBy != "" {
			def += ", par " + definitiveText(e.DefinitiveBy)
		}
		t.Rows = append(t.Rows, []string{when, place, what, points.SignedFrench(-e.Points), def})
	}
	if len(t.Rows) == 0 {
		s.Lines = []string{"Aucune infraction n'est inscrite au dossier."}
		return s
	}
	s.Table = t
	return s
}

// restitutionsSection lists every change of the balance over the last
// 10 years as the engine computes it, and the stages of the dossier.
func restitutionsSection(rec store.Record, res points.Result) Section {
	s := Section{Heading: "Retraits, restitutions et stages (10 dernières années)"}
	t := &Table{Columns: []Column{{"Date", 1.1}, {"Mouvement", 2.6}, {"Points", 0.8}, {"Solde après", 1.1}}}
	for _, c := range res.History {
		t.Rows = append(t.Rows, []string{shortDate(c.Date), capitalise(ruleText(c.Rule)) + changeDetail(rec, c), points.SignedFrench(c.Change), points.PointsFrench(c.Balance) + " / " + points.PointsFrench(c.Ceiling)})
	}
	if len(t.Rows) > 0 {
		s.Table = t
	} else {
		s.Lines = append(s.Lines, "Aucun mouvement du solde n'est intervenu ces 10 dernières années.")
	}
	for _, e := range rec.Events {
		if e.Type != points.Stage {
			continue
		}
		line := "Stage de sensibilisation à la sécurité routière les " + shortDate(e.FirstDay) + " et " + shortDate(e.LastDay)
		if e.Centre != nil {
			line += ", " + e.Centre.Name
			if e.Centre.Place != nil && e.Centre.Place.Name != "" {
				line += " (" + e.Centre.Place.Name + ")"
			}
		}
		s.Lines = append(s.Lines, line+".")
	}
	return s
}

// changeDetail names the offence of a withdrawal.
func changeDetail(rec store.Record, c points.Change) string {
	if c.Rule != points.RuleOffence || c.Event < 0 || c.Event >= len(rec.Events) {
		return ""
	}
	e := rec.Events[c.Event]
	label := e.Label
	if label == "" {
		label = e.NatinfLabel
	}
	if label == "" {
		return ""
	}
	return " : " + label
}

// lettersSection lists every letter sent to the holder, in date order.
func lettersSection(rec store.Record) Section {
	s := Section{Heading: "Lettres envoyées au titulaire"}
	var letters []store.Letter
	for _, e := range rec.Events {
		letters = append(letters, e.Letters...)
	}
	sortBy(letters, func(l store.Letter) points.Date { return l.Date })
	for _, l := range letters {
		s.Lines = append(s.Lines, "Lettre "+string(l.Type)+" du "+shortDate(l.Date)+" — "+letterText(l.Type))
	}
	if len(s.Lines) == 0 {
		s.Lines = []string{"Aucune lettre n'est inscrite au dossier."}
	}
	return s
}

// suspensionsSection lists every suspension and measure of the licence.
func suspensionsSection(rec store.Record) Section {
	s := Section{Heading: "Suspensions et mesures"}
	for _, m := range rec.Licence.Measures {
		if m.Kind != store.Annulment {
			continue
		}
		line := "Annulation judiciaire du permis le " + shortDate(m.From)
		if m.Until != nil {
			line += ", interdiction de solliciter un nouveau permis jusqu'au " + shortDate(*m.Until) + " inclus"
		}
		if m.Reason != "" {
			line += " (" + m.Reason + ")"
		}
		s.Lines = append(s.Lines, line)
	}
	for _, susp := range suspensionsOf(rec) {
		line := "Suspension " + authorityText(susp.Kind) + " du " + shortDate(susp.From) + " au " + shortDate(susp.Until) + " inclus"
		switch {
		case susp.Offence != "":
			line += " — pour : " + susp.Offence
		case susp.Reason != "":
			line += " — " + susp.Reason
		}
		s.Lines = append(s.Lines, line)
	}
	for _, e := range rec.Events {
		if e.Type == points.Invalidation {
			s.Lines = append(s.Lines, "Invalidation du permis notifiée le "+shortDate(e.Notified)+" (lettre 48SI)")
		}
	}
	if len(s.Lines) == 0 {
		s.Lines = []string{"Aucune suspension ni mesure n'est inscrite au dossier."}
	}
	return s
}
