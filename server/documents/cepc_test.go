package documents_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	wire "mespoints/api"
	"mespoints/exams"
	"mespoints/points"
	"mespoints/server/documents"
	"mespoints/server/store"
)

// Nora passed the practical test 5 weeks ago: her certificate states the
// test (category, day, centre, result out of 31) and that it stands as a
// provisional licence in France until 4 months after the test; its code
// states the same and reads back.
func TestCEPCOfAPassedTest(t *testing.T) {
	nora, _ := persona(t, "nora")
	c, refusal := documents.CEPCFor(nora, issued)
	if refusal != nil {
		t.Fatalf("nora has no certificate: %+v", refusal)
	}
	test := today.AddDays(-35)
	until := test.AddMonths(exams.CEPCValidityMonths)
	if c.Category != "B" || c.Date != test || c.Total != 26 || c.ValidUntil != until || c.Centre != "Centre d'examen de Toulouse Nord" {
		t.Fatalf("certificate %+v, want B passed on %s with 26/31, valid until %s", c, test, until)
	}
	d := documents.NewCEPC(nora, c, issued)
	got := text(d)
	for _, want := range []string{
		"Certificat d'examen du permis de conduire",
		"Nom de naissance : Lambert", "Prénoms : Nora Élise", "Numéro de dossier (NEPH) : " + nora.NEPH,
		"Catégorie : B", "Date de l'examen : 9 février 2026", "Résultat : favorable, 26 points sur 31\n",
		"Valable jusqu'au : 9 juin 2026 inclus", "en France", "Il n'est pas valable à l'étranger",
		"pièce d'identité", "arrêté du 27 juin 2013", "Adresse : 5 rue des Filatiers",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the certificate does not say %q:\n%s", want, got)
		}
	}
	if d.ValidUntil == nil || *d.ValidUntil != until {
		t.Errorf("ValidUntil %v, want %s", d.ValidUntil, until)
	}
	cl := d.Claims
	if cl.Kind != documents.CEPC || cl.NEPH != nora.NEPH || cl.State != documents.StateValid || len(cl.Categories) != 1 ||
		cl.Categories[0].Name != "B" || cl.Categories[0].Obtained != test || *cl.Categories[0].Until != until || *cl.ValidUntil != until {
		t.Errorf("claims %+v", cl)
	}
	b, err := cl.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if b[0] != 'C' {
		t.Errorf("the kind byte of a CEPC is %q, want 'C'", b[0])
	}
	var back documents.Claims
	if err := back.UnmarshalBinary(b); err != nil || !reflect.DeepEqual(back, cl) {
		t.Errorf("claims read back %+v, %v; want %+v", back, err, cl)
	}
}

// A certificate is refused, each time with its French reason: no test
// passed (theo, yanis), a result not yet published (it would tell the
// result early), the 4 months over, the licence already in the registry.
func TestCEPCRefusals(t *testing.T) {
	nora, _ := persona(t, "nora")
	unpublished := nora
	f := *nora.Exams
	f.Practical = append([]exams.PracticalSitting(nil), f.Practical[:1]...)
	f.Practical = append(f.Practical, exams.PracticalSitting{At: points.NewDateTime(today.AddDays(-1), 14, 0), Centre: "Centre d'examen de Toulouse Nord", Total: 25})
	unpublished.Exams = &f
	withLicence := nora
	withLicence.Licence = &store.Licence{Licence: points.Licence{Obtained: today.AddDays(-35), Probation: points.Traditional},
		Categories: []store.Category{{Category: "B", Obtained: today.AddDays(-35)}}}
	theo, _ := persona(t, "theo")
	yanis, _ := persona(t, "yanis")
	after := nora.Exams.Practical[1].At.Date().AddMonths(4).AddDays(1)
	for _, c := range []struct {
		name string
		rec  store.Record
		at   time.Time
		want string
	}{
		{"code passed, no test yet", theo, issued, documents.MessageNoCEPC},
		{"test failed", yanis, issued, documents.MessageNoCEPC},
		{"result not yet published", unpublished, issued, "sera publié le " + today.AddDays(1).French() + " à 14:00"},
		{"4 months over", nora, time.Date(after.Time().Year(), after.Time().Month(), after.Time().Day(), 9, 0, 0, 0, paris), "n'est plus valable depuis le " + after.French()},
		{"licence made", withLicence, issued, "Votre permis de conduire est inscrit au fichier"},
	} {
		if _, r := documents.CEPCFor(c.rec, c.at); r == nil || r.Code != wire.CodeNoCEPC || !strings.Contains(r.Message, c.want) {
			t.Errorf("%s: %+v, want no_cepc saying %q", c.name, r, c.want)
		}
	}
	// The last day of its validity, it is still given.
	last := nora.Exams.Practical[1].At.Date().AddMonths(4).Time()
	if _, r := documents.CEPCFor(nora, time.Date(last.Year(), last.Month(), last.Day(), 23, 30, 0, 0, paris)); r != nil {
		t.Errorf("on its last day: %+v", r)
	}
}
