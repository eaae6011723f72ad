package api

import (
	"net/http"
	"path"
	"strings"
	"testing"
	"time"

	wire "mespoints/api"
	"mespoints/exams"
	"mespoints/server/auth"
	"mespoints/server/internal/testkit"
)

// Nora passed the practical test 5 weeks ago: her certificate (CEPC) is
// listed by GET /api/v1/documents and the exam file, downloads as a PDF
// that pdftotext reads back with her name, her NEPH, the test and its
// validity, whose QR code opens « Document authentique » on /verifier/
// with « valable jusqu'au … » and « vaut titre de conduite » today; its
// code with a character changed is refused with a 4xx; the issue and the
// verification are audited, never with the code or a name. Four months
// after the test, the download is refused with the day it ended, and the
// verification of the same code says it is authentic but expired.
//
// The demo dossiers are made relative to a day 5 months ago, and the clock
// set there once Nora is signed in; back at the real time, her test was 6
// months ago.
func TestCEPCDownloadVerifiesAndExpires(t *testing.T) {
	real := time.Now()
	at := real.AddDate(0, -5, 0)
	e := newEnv(t, envOptions{at: at})
	nora := e.signIn(t, auth.FranceConnect, "nora")
	e.clock.Set(at)
	rec := e.record(t, "nora")
	test := e.today.AddDays(-35)
	until := test.AddMonths(exams.CEPCValidityMonths)

	var offers wire.Documents
	nora.get(t, "/api/v1/documents").decode(t, &offers)
	last := offers.Documents[len(offers.Documents)-1]
	if last.Kind != wire.DocumentCEPC || last.URL != "/documents/cepc.pdf" || last.Refusal != nil {
		t.Fatalf("the CEPC among Nora's documents: %+v", last)
	}
	var file wire.ExamFile
	nora.get(t, "/api/v1/exams").decode(t, &file)
	if c := file.CEPC; c == nil || !c.Valid || c.URL != "/documents/cepc.pdf" || c.ValidUntil != until {
		t.Fatalf("the CEPC in Nora's exam file: %+v", c)
	}
	if res := nora.get(t, "/api/v1/exams/page?page=examens"); !strings.Contains(string(res.body), `id="cepc-pdf"`) ||
		!strings.Contains(string(res.body), `href="/documents/cepc.pdf"`) || !strings.Contains(string(res.body), "jusqu&#39;au "+until.French()) {
		t.Errorf("« Mes examens » does not offer the certificate:\n%s", res.body)
	}

	b := download(t, nora, "/documents/cepc.pdf", "application/pdf", "certificat-examen-permis")
	text := strings.Join(strings.Fields(testkit.PDFText(t, b, 0)), " ")
	for _, want := range []string{"Certificat d'examen du permis de conduire", rec.Holder.FamilyName, rec.NEPH,
		"favorable, 26 points sur 31", "s'il vaut encore titre de conduite le jour du contrôle", longDateFR(test), longDateFR(until) + " inclus", "Il n'est pas valable à l'étranger"} {
		if !strings.Contains(text, want) {
			t.Errorf("the certificate's PDF does not say %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "sur 31 points") {
		t.Error("the certificate writes the grid's maximum as « 31 points »: « sur 31 »")
	}
	if info := testkit.PDFInfo(t, b); info["Title"] != "Certificat d'examen du permis de conduire" {
		t.Errorf("the PDF's title is %q", info["Title"])
	}
	qr := testkit.PDFQR(t, b)
	if len(qr) != 1 || !strings.HasPrefix(qr[0], strings.ToUpper(publicURL)+"/VERIFIER/") {
		t.Fatalf("QR codes %q", qr)
	}
	code := path.Base(qr[0])
	status, page := e.page(t, nil, "/VERIFIER/"+code)
	for _, want := range []string{"Document authentique", "Certificat d'examen du permis de conduire (CEPC)", rec.Holder.FamilyName, rec.NEPH,
		"catégorie B, le " + test.French(), "valable jusqu'au " + until.French() + " inclus",
		"Aujourd'hui, " + longDateFR(e.today) + " : ce certificat vaut titre de conduite provisoire en France, jusqu'au " + until.French()} {
		if status != 200 || !strings.Contains(page, want) {
			t.Errorf("the verification of the certificate (%d) does not say %q: %s", status, want, page)
		}
	}
	forged := code[:10] + map[bool]string{true: "B", false: "A"}[code[10] == 'A'] + code[11:]
	if status, page := e.page(t, nil, "/verifier/"+forged); status < 400 || status >= 500 || !strings.Contains(page, "Document non reconnu") {
		t.Errorf("a certificate's code with a character changed: %d %s", status, page)
	}
	trail, err := e.auth.AuditTrail()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, a := range trail {
		if a.NEPH == rec.NEPH {
			seen[a.Action] = true
		}
		if strings.Contains(a.Action, code) || strings.Contains(a.Action, rec.Holder.FamilyName) {
			t.Errorf("an audit entry holds the code or a name: %+v", a)
		}
	}
	for _, want := range []string{"GET /documents/cepc.pdf", "GET /VERIFIER/{code}"} {
		if !seen[want] {
			t.Errorf("no audit entry %q for Nora's dossier; entries: %v", want, seen)
		}
	}
	for _, secret := range []string{code, rec.NEPH, rec.Holder.FamilyName} {
		if strings.Contains(e.logs.String(), secret) {
			t.Errorf("the server's log holds %q", secret)
		}
	}

	// Back at the real time, past its last day.
	e.clock.Set(real)
	nora = e.signIn(t, auth.FranceConnect, "nora")
	after := until.AddDays(1)
	status, page = e.page(t, nora, "/documents/cepc.pdf")
	if status != http.StatusConflict || !strings.Contains(page, "n'est plus valable depuis le "+after.French()) || !strings.Contains(page, "Mes examens") {
		t.Errorf("the certificate after its 4 months: %d %s", status, page)
	}
	var later wire.ExamFile
	nora.get(t, "/api/v1/exams").decode(t, &later)
	if c := later.CEPC; c == nil || c.Valid || c.URL != "" {
		t.Errorf("the exam file after the 4 months: %+v", c)
	}
	status, page = e.page(t, nil, "/verifier/"+code)
	if status != 200 || !strings.Contains(page, "Document authentique, mais expiré") ||
		!strings.Contains(page, "ce certificat ne vaut plus titre de conduite depuis le "+after.French()) {
		t.Errorf("the verification of an expired certificate: %d %s", status, page)
	}
}

// A candidate who has not passed the test (theo: the code only) gets a
// French page, or the API's 409 no_cepc; nobody signed in, 401; a licence
// holder, a French page (no exam file).
func TestCEPCRefusedWithAReason(t *testing.T) {
	e := newEnv(t, envOptions{})
	theo := e.signIn(t, auth.FranceConnect, "theo")
	status, page := e.page(t, theo, "/documents/cepc.pdf")
	if status != http.StatusConflict || !strings.Contains(page, "Aucun examen de conduite réussi n'est inscrit à votre dossier") {
		t.Errorf("theo's certificate: %d %s", status, page)
	}
	res := e.call(t, theo, "GET", "/documents/cepc.pdf", "", map[string]string{"Accept": "application/json"})
	if res.status != http.StatusConflict || res.apiError(t).Code != wire.CodeNoCEPC {
		t.Errorf("theo's certificate as JSON: %d %s", res.status, res.body)
	}
	if status, _ := e.page(t, nil, "/documents/cepc.pdf"); status != http.StatusUnauthorized {
		t.Errorf("the certificate without a session: %d", status)
	}
	camille := e.signIn(t, auth.FranceConnect, "camille")
	if status, page := e.page(t, camille, "/documents/cepc.pdf"); status != http.StatusConflict || !strings.Contains(page, "Votre permis de conduire est inscrit au fichier") {
		t.Errorf("a licence holder's certificate: %d %s", status, page)
	}
	var offers wire.Documents
	camille.get(t, "/api/v1/documents").decode(t, &offers)
	for _, o := range offers.Documents {
		if o.Kind == wire.DocumentCEPC {
			t.Errorf("the CEPC listed to a licence holder without exam data: %+v", o)
		}
	}
}
