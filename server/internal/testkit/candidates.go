package testkit

import (
	"fmt"
	"strings"
	"testing"

	"mespoints/exams"
	"mespoints/points"
	"mespoints/server/devidp"
	"mespoints/server/store"
)

// Candidate is a made-up candidate of the contention and cluster tests:
// a dossier whose code was passed a month ago, presented by a driving
// school (so that they may book a practical test now), and the login of
// the FranceConnect identity that the service links to it by itself.
type Candidate struct {
	Login string
	Rec   store.Record
}

// Candidates makes n candidates, the same for the same n, day and
// series; the series (a digit) starts their NEPHs, so that two tests'
// candidates never share a dossier.
func Candidates(n int, today points.Date, series byte) []Candidate {
	out := make([]Candidate, n)
	for i := range n {
		given := "Prénom" + strings.Map(func(r rune) rune { return 'a' + (r-'0')%26 }, fmt.Sprintf("%04d", i))
		out[i] = Candidate{Login: fmt.Sprintf("candidat%03d", i), Rec: store.Record{
			NEPH:    fmt.Sprintf("%c%011d", series, i),
			Updated: today.AddDays(-30),
			Holder: store.Holder{FamilyName: "Candidat", GivenNames: given, Birthdate: today.AddYears(-20).AddDays(-i),
				Birthplace: "31555", Birthcountry: store.CountryFrance},
			Events: []store.Event{},
			Exams: &exams.File{School: "Auto-école de l'essai",
				Code: []exams.CodeSitting{{Date: today.AddDays(-30), Centre: "La Poste — Toulouse", Score: 38}}},
		}}
	}
	return out
}

// Users are the candidates as identities of the development provider.
func Users(cs []Candidate) []devidp.User {
	users := make([]devidp.User, len(cs))
	for i, c := range cs {
		h := c.Rec.Holder
		users[i] = devidp.User{Login: c.Login, GivenNames: h.GivenNames, FamilyName: h.FamilyName, Birthdate: h.Birthdate.String(),
			Birthplace: h.Birthplace, Birthcountry: h.Birthcountry, Gender: "female"}
	}
	return users
}

// ImportCandidates writes the candidates' dossiers into the store of the
// data folder dir, before a server opens it.
func ImportCandidates(t testing.TB, dir string, cs []Candidate) {
	t.Helper()
	st, err := store.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	im, err := st.BeginImport()
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cs {
		if err := im.Add(c.Rec, i+1); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}
