package pdf_test

import (
	"bytes"
	"context"
	"path"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"mespoints/points"
	"mespoints/server/demo"
	"mespoints/server/documents"
	"mespoints/server/internal/testkit"
	"mespoints/server/kv/boltkv"
	"mespoints/server/pdf"
	"mespoints/server/signing"
)

const base = "https://mespoints.example.fr"

var paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}()

var issued = time.Date(2026, 3, 16, 10, 30, 0, 0, paris)

func newKeys(t *testing.T) *signing.Keys {
	t.Helper()
	s, err := boltkv.Open(t.TempDir(), boltkv.Options{PurgeEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return signing.New(s, nil)
}

// document builds and signs a persona's document of kind.
func document(t *testing.T, keys *signing.Keys, login string, kind documents.Kind) documents.Document {
	t.Helper()
	today := points.DateOf(issued)
	for i, p := range demo.Personas {
		if p.Login != login {
			continue
		}
		rec := demo.Records(today)[i]
		pr, _ := rec.Engine()
		res, err := points.Compute(pr, today)
		if err != nil {
			t.Fatal(err)
		}
		build := documents.NewAttestation
		if kind == documents.Integral {
			build = documents.NewIntegral
		}
		d, err := build(rec, res, issued)
		if err != nil {
			t.Fatal(err)
		}
		if err := documents.Sign(context.Background(), &d, keys, base); err != nil {
			t.Fatal(err)
		}
		return d
	}
	t.Fatalf("no persona %s", login)
	return documents.Document{}
}

func render(t *testing.T, d documents.Document) []byte {
	t.Helper()
	b, err := pdf.Render(d, pdf.Options{BaseURL: base})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every French character prints, as pdftotext reads it back: the font is
// embedded with its Unicode map.
func TestEveryFrenchCharacterPrints(t *testing.T) {
	d := document(t, newKeys(t), "anne", documents.Attestation)
	const french = "é è ê ë à â ç ô ö î ï ù û ü œ æ É È Ê À Ç Ô Œ « » ’ € — …"
	d.Sections = append(d.Sections, documents.Section{Heading: "Caractères", Lines: []string{french}})
	got := testkit.PDFText(t, render(t, d), 0)
	// pdftotext reads one-letter words as one: compare without spaces.
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	if !strings.Contains(squeeze(got), squeeze(french)) {
		t.Fatalf("the PDF's text lacks %q:\n%s", french, got)
	}
}

// Every page has the title, the date of issue and "page N/M"; the PDF
// says its title, subject and language; A4.
func TestEveryPageAndTheMetadata(t *testing.T) {
	keys := newKeys(t)
	for _, c := range []struct {
		login string
		kind  documents.Kind
		date  string
	}{{"marc", documents.Integral, "Délivré le 16/03/2026 à 10 h 30"}, {"karim", documents.Integral, "Délivré le 16/03/2026 à 10 h 30"}, {"camille", documents.Attestation, "Délivrée le 16/03/2026 à 10 h 30"}} {
		d := document(t, keys, c.login, c.kind)
		b := render(t, d)
		info := testkit.PDFInfo(t, b)
		if info["Title"] != d.Title || info["Subject"] != d.Subtitle || !strings.HasPrefix(info["Page size"], "595.28 x 841.89") {
			t.Errorf("%s %s: pdfinfo %v", c.login, c.kind, info)
		}
		if !bytes.Contains(b, []byte("/Lang (fr-FR)")) {
			t.Errorf("%s %s: no /Lang (fr-FR) in the catalogue", c.login, c.kind)
		}
		n, err := strconv.Atoi(info["Pages"])
		if err != nil || n < 1 {
			t.Fatalf("pages %q", info["Pages"])
		}
		if c.kind == documents.Attestation && n != 1 {
			t.Errorf("the attestation takes %d pages, want 1", n)
		}
		if c.kind == documents.Integral && n < 2 {
			t.Errorf("%s's relevé intégral takes %d page: this test wants several", c.login, n)
		}
		for p := 1; p <= n; p++ {
			page := testkit.PDFText(t, b, p)
			for _, want := range []string{d.Title, c.date, "page " + strconv.Itoa(p) + "/" + strconv.Itoa(n)} {
				if !strings.Contains(page, want) {
					t.Errorf("%s %s page %d does not say %q:\n%s", c.login, c.kind, p, want, page)
				}
			}
		}
	}
}

// The QR code, printed and read by zbarimg, holds the verification URL
// (upper case, in the QR code's alphanumeric mode), whose code verifies
// and states the document's claims; the code is also printed in text.
func TestTheQRCodeVerifies(t *testing.T) {
	keys := newKeys(t)
	for _, kind := range []documents.Kind{documents.Attestation, documents.Integral} {
		d := document(t, keys, "sophie", kind)
		b := render(t, d)
		codes := testkit.PDFQR(t, b)
		if len(codes) != 1 {
			t.Fatalf("%s: zbarimg read %d QR codes: %q", kind, len(codes), codes)
		}
		if codes[0] != strings.ToUpper(d.VerifyURL) || !strings.HasPrefix(codes[0], "HTTPS://MESPOINTS.EXAMPLE.FR/VERIFIER/") {
			t.Fatalf("%s: the QR code holds %q, want %q in upper case", kind, codes[0], d.VerifyURL)
		}
		claims, _, err := documents.Verify(context.Background(), keys, path.Base(codes[0]))
		if err != nil {
			t.Fatalf("%s: the printed code does not verify: %v", kind, err)
		}
		if !reflect.DeepEqual(claims, d.Claims) {
			t.Errorf("%s: the code states %+v, the document %+v", kind, claims, d.Claims)
		}
		text := strings.Join(strings.Fields(testkit.PDFText(t, b, 1)), " ")
		if !strings.Contains(text, documents.Groups(d.Code)) {
			t.Errorf("%s: the code is not printed in groups of 4:\n%s", kind, text)
		}
	}
}
