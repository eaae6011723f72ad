package e2e

import (
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"mespoints/exams"
	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/internal/testkit"
)

// In Chromium at 360 px, Nora (practical test passed 5 weeks ago, no
// licence yet) finds her certificate (CEPC) on « Mes examens » with the
// day it stands until, downloads it — a PDF whose QR code opens
// « Document authentique » and says it stands as a provisional licence
// today — and finds it again in « Mes documents », reached from the exam
// page. Both pages pass axe and do not scroll sideways. make screenshots
// writes them (documents-cepc-*.png) and the certificate's page
// (documents-cepc-page1.png).
func TestScreensOfTheCEPC(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	downloads := t.TempDir()
	if _, err := chromedp.Call(b.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatal(err)
	}
	rec := s.record(t, "nora")
	neph := rec.NEPH
	paris, _ := time.LoadLocation("Europe/Paris")
	today := points.DateOf(time.Now().In(paris))
	until := today.AddDays(-35).AddMonths(exams.CEPCValidityMonths)
	if landed := signInAs(t, b, s.URL, auth.FranceConnect, "nora"); landed != auth.PathLinked {
		t.Fatalf("nora landed on %s", landed)
	}
	waitText(t, b, "#candidat", "pas encore de permis")

	b.run(t, "open « Mes examens » from the bar", chromedp.Click(chromedp.CSS(`.dossier-nav a[href="/examens"]`)))
	waitPath(t, b, "/examens")
	got := waitText(t, b, "#cepc", "Télécharger mon certificat")
	if !strings.Contains(got, "jusqu'au "+until.French()+" inclus") {
		t.Errorf("« Mes examens » does not say until when the certificate stands (%s): %q", until.French(), got)
	}
	checkAccessibility(t, b, "« Mes examens » with a certificate")
	checkNoHorizontalScroll(t, b, "« Mes examens » with a certificate")
	shootViewport(t, b, "documents-cepc-examens-360x740")

	b.run(t, "download the certificate", chromedp.Click(chromedp.ID("cepc-pdf")))
	pdf := waitFile(t, downloads, "certificat-examen-permis-")
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("the download is not a PDF: %.20q", pdf)
	}
	if text := strings.Join(strings.Fields(testkit.PDFText(t, pdf, 0)), " "); !strings.Contains(text, "Certificat d'examen du permis de conduire") ||
		!strings.Contains(text, rec.Holder.FamilyName) || !strings.Contains(text, neph) {
		t.Errorf("the downloaded certificate says:\n%s", text)
	}
	qr := testkit.PDFQR(t, pdf)
	if len(qr) != 1 {
		t.Fatalf("QR codes of the downloaded certificate: %q", qr)
	}
	code := path.Base(qr[0])
	b.run(t, "open the verification", chromedp.Navigate(s.URL+"/VERIFIER/"+code), chromedp.WaitVisible(chromedp.CSS("h1")))
	page := textOf(t, b, "main")
	for _, want := range []string{"Document authentique", "Certificat d'examen du permis de conduire (CEPC)", "ce certificat vaut titre de conduite provisoire en France, jusqu'au " + until.French()} {
		if !strings.Contains(page, want) {
			t.Errorf("the verification page does not say %q: %s", want, page)
		}
	}
	checkAccessibility(t, b, "the verification of a certificate")
	checkNoHorizontalScroll(t, b, "the verification of a certificate")
	shootViewport(t, b, "documents-cepc-verifier-360x740")

	b.run(t, "back to « Mes examens »", chromedp.Navigate(s.URL+"/examens"))
	waitText(t, b, "#cepc", "Mes documents")
	b.run(t, "follow « Mes documents »", chromedp.Click(chromedp.CSS(`#cepc a[href="/documents"]`)))
	waitPath(t, b, "/documents")
	waitText(t, b, "#document-cepc", "Télécharger")
	if href := eval[string](t, b, "the download link", `document.getElementById("telecharger-cepc").getAttribute("href")`); href != "/documents/cepc.pdf" {
		t.Errorf("« Mes documents » downloads the certificate from %q", href)
	}
	if got := textOf(t, b, "#document-attestation"); !strings.Contains(got, "pas encore de permis") {
		t.Errorf("« Mes documents » offers Nora an attestation: %q", got)
	}
	checkAccessibility(t, b, "« Mes documents » of a candidate with a certificate")
	checkNoHorizontalScroll(t, b, "« Mes documents » of a candidate with a certificate")
	shootViewport(t, b, "documents-cepc-360x740")
	if *screenshotDir != "" {
		img, err := os.ReadFile(testkit.PDFPage(t, pdf, 1, 110, t.TempDir()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*screenshotDir, "documents-cepc-page1.png"), img, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b.checkClean(t)

	s.stop(t)
	for _, secret := range []string{code, neph, rec.Holder.FamilyName} {
		if strings.Contains(s.Logs.String(), secret) {
			t.Errorf("the server's log holds %q", secret)
		}
	}
	if !strings.Contains(s.Logs.String(), "GET /documents/cepc.pdf") {
		t.Error("the log has no line for GET /documents/cepc.pdf")
	}
}
