package documents_test

import (
	"errors"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/demo"
	"mespoints/server/documents"
	"mespoints/server/store"
)

// issued is the instant the documents of these tests are issued at; the
// demo dossiers are made relative to its day.
var issued = time.Date(2026, 3, 16, 10, 30, 0, 0, paris)

var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}()

var today = points.DateOf(issued)

// persona returns a demo dossier and the engine's result for today.
func persona(t *testing.T, login string) (store.Record, points.Result) {
	t.Helper()
	for i, p := range demo.Personas {
		if p.Login != login {
			continue
		}
		rec := demo.Records(today)[i]
		pr, ok := rec.Engine()
		if !ok {
			return rec, points.Result{}
		}
		res, err := points.Compute(pr, today)
		if err != nil {
			t.Fatal(err)
		}
		return rec, res
	}
	t.Fatalf("no persona %s", login)
	return store.Record{}, points.Result{}
}

// text is every word a document prints, one line per fact, row or line.
func text(d documents.Document) string {
	var b strings.Builder
	b.WriteString(d.Title + "\n" + d.Subtitle + "\n")
	for _, s := range d.Sections {
		b.WriteString(s.Heading + "\n")
		for _, f := range s.Facts {
			b.WriteString(f.Label + " : " + strings.Join(f.Value, " / ") + "\n")
		}
		if s.Table != nil {
			for _, r := range s.Table.Rows {
				b.WriteString(strings.Join(r, " | ") + "\n")
			}
		}
		for _, l := range s.Lines {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// factOf returns the value of the fact label in section heading.
func factOf(d documents.Document, heading, label string) string {
	for _, s := range d.Sections {
		if strings.HasPrefix(s.Heading, heading) {
			for _, f := range s.Facts {
				if f.Label == label {
					return strings.Join(f.Value, " / ")
				}
			}
		}
	}
	return ""
}

// holders are the personas with a licence.
var holders = []string{"camille", "lucas", "ines", "marc", "sophie", "karim", "anne"}

// pointsWords are the ways a balance would show: "9 points", "0 point",
// "sur 12", "solde".
var pointsWords = regexp.MustCompile(`(?i)\b\d+\s+points?\b|\bsur\s+\d+\b|\bsolde\b|\bcapital\b`)

// The attestation states the holder, the licence, its categories with
// their dates, the state of the right to drive and its validity of 4
// months — and never the balance, for any persona.
func TestAttestationStatesTheRightToDriveWithoutPoints(t *testing.T) {
	for _, login := range holders {
		t.Run(login, func(t *testing.T) {
			rec, res := persona(t, login)
			d, err := documents.NewAttestation(rec, res, issued)
			if err != nil {
				t.Fatal(err)
			}
			all := text(d)
			if m := pointsWords.FindString(all); m != "" {
				t.Fatalf("the attestation says %q:\n%s", m, all)
			}
			for _, want := range []string{rec.Holder.FamilyName, rec.Holder.GivenNames, rec.NEPH, rec.Licence.Number, "valable 4 mois, jusqu'au 16 juillet 2026", "Délivrée : le 16 mars 2026 à 10 h 30"} {
				if !strings.Contains(all, want) {
					t.Errorf("the attestation does not say %q:\n%s", want, all)
				}
			}
			for _, c := range rec.Licence.Categories {
				if !strings.Contains(all, c.Category+" | "+c.Obtained.French()) {
					t.Errorf("category %s obtained %s missing:\n%s", c.Category, c.Obtained.French(), all)
				}
			}
			if d.ValidUntil == nil || *d.ValidUntil != today.AddMonths(4) {
				t.Errorf("valid until %v, want %s", d.ValidUntil, today.AddMonths(4))
			}
		})
	}
}

// What the registry holds for the documents shows on them: the place of
// birth's name, the address (or that there is none), a category's end of
// validity, the meaning of a restriction code.
func TestAttestationPrintsTheRegistrysDetail(t *testing.T) {
	marc, res := persona(t, "marc")
	d, _ := documents.NewAttestation(marc, res, issued)
	if got := factOf(d, "Titulaire", "Adresse"); got != "14 allées Jean Jaurès / Appartement 12 / 31000 TOULOUSE" {
		t.Errorf("Marc's address = %q", got)
	}
	if got := factOf(d, "Titulaire", "Lieu de naissance"); got != "Toulouse (31)" {
		t.Errorf("Marc's place of birth = %q", got)
	}
	c1 := marc.Licence.Categories[1]
	if !strings.Contains(text(d), "C1 | "+c1.Obtained.French()+" | "+c1.Until.French()) {
		t.Errorf("C1's end of validity missing:\n%s", text(d))
	}
	ines, res := persona(t, "ines")
	d, _ = documents.NewAttestation(ines, res, issued)
	if got := factOf(d, "Titulaire", "Adresse"); got != "non détenue par le fichier" {
		t.Errorf("Inès's address = %q, want that the registry holds none", got)
	}
	anne, res := persona(t, "anne")
	d, _ = documents.NewAttestation(anne, res, issued)
	all := text(d)
	for _, want := range []string{"Nom d'usage : Vidal", "Lieu de naissance : Liège (Belgique)", "Code 01.01 — lunettes obligatoires"} {
		if !strings.Contains(all, want) {
			t.Errorf("Anne's attestation does not say %q:\n%s", want, all)
		}
	}
}

// The state of the right to drive on the day: valid, on probation,
// invalidated with the 48SI letter, suspended until a day, annulled; the
// measures in force say so with their dates.
func TestTheRightToDriveOnTheDay(t *testing.T) {
	state := func(rec store.Record, res points.Result) (string, string) {
		d, err := documents.NewAttestation(rec, res, issued)
		if err != nil {
			t.Fatal(err)
		}
		var measures string
		for _, s := range d.Sections {
			if s.Heading == "Mesures en vigueur" {
				measures = strings.Join(s.Lines, " / ")
			}
		}
		return factOf(d, "Droit à conduire", "État du droit à conduire"), measures
	}
	camille, res := persona(t, "camille")
	if s, m := state(camille, res); s != "Valide" || m != "Aucune mesure en vigueur." {
		t.Errorf("Camille: %q, %q", s, m)
	}
	lucas, lres := persona(t, "lucas")
	if s, _ := state(lucas, lres); s != "Valide, en période probatoire jusqu'au "+lres.ProbationEnd.French() {
		t.Errorf("Lucas: %q", s)
	}
	karim, kres := persona(t, "karim")
	s, m := state(karim, kres)
	if s != "Invalidé (lettre 48SI) depuis le "+kres.InvalidSince.French() || !strings.Contains(m, "Invalidation du permis depuis le "+kres.InvalidSince.French()+" (lettre 48SI du ") {
		t.Errorf("Karim: %q, %q", s, m)
	}
	suspended := camille
	suspended.Licence = cloneLicence(camille.Licence)
	until := today.AddDays(20)
	suspended.Licence.Measures = []store.Measure{{Kind: store.SuspensionMeasure, Authority: store.Administrative, From: today.AddDays(-10), Until: &until, Reason: "inaptitude médicale"}}
	if s, m := state(suspended, res); s != "Suspendu jusqu'au "+until.French()+" inclus" || !strings.Contains(m, "Suspension administrative du "+today.AddDays(-10).French()) {
		t.Errorf("suspended: %q, %q", s, m)
	}
	annulled := camille
	annulled.Licence = cloneLicence(camille.Licence)
	ban := today.AddYears(2)
	annulled.Licence.Measures = []store.Measure{{Kind: store.Annulment, Authority: store.Judicial, From: today.AddMonths(-1), Until: &ban}}
	if s, m := state(annulled, res); s != "Annulé par décision de justice depuis le "+today.AddMonths(-1).French() || !strings.Contains(m, "interdiction de solliciter un nouveau permis jusqu'au "+ban.French()) {
		t.Errorf("annulled: %q, %q", s, m)
	}
}

func cloneLicence(l *store.Licence) *store.Licence {
	c := *l
	return &c
}

// The relevé intégral holds the engine's numbers for the day of issue:
// balance and ceiling, every change of the balance with the balance
// after, every offence with its points; for every persona.
func TestIntegralHoldsTheEnginesNumbers(t *testing.T) {
	for _, login := range holders {
		t.Run(login, func(t *testing.T) {
			rec, res := persona(t, login)
			d, err := documents.NewIntegral(rec, res, issued)
			if err != nil {
				t.Fatal(err)
			}
			want := plural(res.Balance) + " sur " + plural(res.Ceiling)
			if got := factOf(d, "Solde de points le 16 mars 2026", "Solde"); got != want {
				t.Errorf("balance %q, want %q", got, want)
			}
			if got := factOf(d, "Solde de points", "Stage de récupération"); got != res.Stage.Summary {
				t.Errorf("stage %q, want the engine's %q", got, res.Stage.Summary)
			}
			if d.Claims.Balance != res.Balance || d.Claims.Ceiling != res.Ceiling {
				t.Errorf("claims %d/%d, want %d/%d", d.Claims.Balance, d.Claims.Ceiling, res.Balance, res.Ceiling)
			}
			all := text(d)
			for _, c := range res.History {
				row := c.Date.French() + " | "
				if !strings.Contains(all, row) || !strings.Contains(all, plural(c.Balance)+" / "+plural(c.Ceiling)) {
					t.Errorf("change of %s (balance %d) missing:\n%s", c.Date, c.Balance, all)
				}
			}
			for _, e := range rec.Events {
				switch e.Type {
				case points.Offence:
					if !strings.Contains(all, "NATINF "+e.Natinf) || !strings.Contains(all, "−"+itoa(e.Points)) {
						t.Errorf("offence %s (%d points) missing:\n%s", e.Natinf, e.Points, all)
					}
				}
				for _, l := range e.Letters {
					if !strings.Contains(all, "Lettre "+string(l.Type)+" du "+l.Date.French()) {
						t.Errorf("letter %s of %s missing", l.Type, l.Date)
					}
				}
			}
		})
	}
}

func plural(n int) string {
	if n < 2 {
		return itoa(n) + " point"
	}
	return itoa(n) + " points"
}

func itoa(n int) string { return strconv.Itoa(n) }

// A candidate without a licence gets no document: there is nothing to
// attest.
func TestACandidateGetsNoDocument(t *testing.T) {
	theo, res := persona(t, "theo")
	if _, err := documents.NewAttestation(theo, res, issued); !errors.Is(err, documents.ErrNoLicence) {
		t.Errorf("attestation: %v, want ErrNoLicence", err)
	}
	if _, err := documents.NewIntegral(theo, res, issued); !errors.Is(err, documents.ErrNoLicence) {
		t.Errorf("relevé: %v, want ErrNoLicence", err)
	}
	offers := documents.Offers(wire.ProviderFranceConnect, "eidas1", theo, issued)
	if len(offers) != 4 || offers[3].Kind != documents.CEPC {
		t.Fatalf("offers to a candidate: %+v, want the three documents of a licence and the CEPC", offers)
	}
	for _, o := range offers[:3] {
		if o.Refusal == nil || o.Refusal.Code != wire.CodeNoLicence {
			t.Errorf("%s offered to a candidate: %+v", o.Kind, o.Refusal)
		}
	}
	if r := offers[3].Refusal; r == nil || r.Code != wire.CodeNoCEPC || r.Message != documents.MessageNoCEPC {
		t.Errorf("the CEPC offered to a candidate who has not passed the test: %+v", r)
	}
}

// The relevé intégral is for FranceConnect at eidas1 or higher only.
func TestIntegralOnlyWithFranceConnect(t *testing.T) {
	camille, _ := persona(t, "camille")
	for _, c := range []struct {
		provider, acr string
		allowed       bool
	}{
		{wire.ProviderFranceConnect, "eidas1", true},
		{wire.ProviderFranceConnect, "eidas2", true},
		{wire.ProviderFranceConnect, "eidas3", true},
		{wire.ProviderFranceConnect, "", false},
		{wire.ProviderUsager, "", false},
		{wire.ProviderUsager, "eidas1", false},
	} {
		if got := documents.IntegralAllowed(c.provider, c.acr); got != c.allowed {
			t.Errorf("IntegralAllowed(%s, %q) = %v", c.provider, c.acr, got)
		}
		offers := documents.Offers(c.provider, c.acr, camille, issued)
		if len(offers) != 3 || offers[0].Refusal != nil || offers[2].Refusal != nil {
			t.Fatalf("offers to %s: %+v, want the attestation and the calendar", c.provider, offers)
		}
		if got := offers[1].Refusal; (got == nil) != c.allowed || (got != nil && got.Code != wire.CodeFranceConnectRequired) {
			t.Errorf("relevé to %s %q: refusal %+v", c.provider, c.acr, got)
		}
	}
}

// The claims of every persona's documents read back the same; a body
// cut short, lengthened or of an unknown kind is refused.
func TestClaimsRoundTrip(t *testing.T) {
	for _, login := range holders {
		rec, res := persona(t, login)
		for _, build := range []func(store.Record, points.Result, time.Time) (documents.Document, error){documents.NewAttestation, documents.NewIntegral} {
			d, err := build(rec, res, issued)
			if err != nil {
				t.Fatal(err)
			}
			b, err := d.Claims.MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			var back documents.Claims
			if err := back.UnmarshalBinary(b); err != nil {
				t.Fatalf("%s %s: %v", login, d.Kind, err)
			}
			if !reflect.DeepEqual(back, d.Claims) {
				t.Errorf("%s %s:\n got %+v\nwant %+v", login, d.Kind, back, d.Claims)
			}
			for _, bad := range [][]byte{b[:len(b)-1], append(b, 0), append([]byte{'Z'}, b[1:]...), nil} {
				if err := new(documents.Claims).UnmarshalBinary(bad); err == nil {
					t.Errorf("%s %s: a damaged body read as claims", login, d.Kind)
				}
			}
		}
	}
}
