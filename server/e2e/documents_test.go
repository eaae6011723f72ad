package e2e

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"mespoints/server/auth"
	"mespoints/server/internal/testkit"
)

// offline switches the browser's network off or on.
func offline(t *testing.T, b *browser, off bool) {
	t.Helper()
	if _, err := chromedp.Call(b.ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: off, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		t.Fatal(err)
	}
}

// waitFile waits until a file whose name starts with prefix is complete
// in dir, and returns its bytes.
func waitFile(t *testing.T, dir, prefix string) []byte {
	t.Helper()
	for range 300 {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), prefix) && !strings.HasSuffix(e.Name(), ".crdownload") {
				b, err := os.ReadFile(filepath.Join(dir, e.Name()))
				if err == nil && len(b) > 0 {
					return b
				}
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no download %s* in %s", prefix, dir)
	return nil
}

// In Chromium at 360 px, signed in with FranceConnect: « Mes documents »
// offers the three documents (axe-clean, no sideways scroll); downloading
// the attestation saves a PDF whose QR code verifies, and keeps the
// attestation on the device, which then opens offline with its QR code; a
// share code is made, read by a third party, seen used, revoked; signing
// out leaves nothing. The server's log of the whole run holds no code,
// NEPH nor name. make screenshots writes the page and a page of each
// document as PNG (documents-*.png).
func TestScreensOfDocuments(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	downloads := t.TempDir()
	if _, err := chromedp.Call(b.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatal(err)
	}
	rec := s.record(t, "marc")
	neph := rec.NEPH
	signInAs(t, b, s.URL, auth.FranceConnect, "marc")

	b.run(t, "open Mes documents", chromedp.Navigate(s.URL+"/documents"))
	waitText(t, b, "#document-attestation", "Télécharger")
	waitText(t, b, "#document-releve-integral", "Télécharger")
	waitText(t, b, "#document-calendrier", "Télécharger")
	waitText(t, b, "#partage", "Créer un code de partage")
	checkAccessibility(t, b, "Mes documents")
	checkNoHorizontalScroll(t, b, "Mes documents")
	shootViewport(t, b, "documents-360x740")

	// The attestation: downloaded, and kept on the device.
	b.run(t, "download the attestation", chromedp.Click(chromedp.ID("telecharger-attestation")))
	pdf := waitFile(t, downloads, "attestation-droits-a-conduire-")
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("the download is not a PDF: %.20q", pdf)
	}
	waitText(t, b, "#attestation-gardee", "Voir l'attestation gardée")
	qr := testkit.PDFQR(t, pdf)
	if len(qr) != 1 {
		t.Fatalf("QR codes of the downloaded attestation: %q", qr)
	}
	code := path.Base(qr[0])
	res, body := get(t, s.URL+"/VERIFIER/"+code, nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), "Document authentique") {
		t.Fatalf("the downloaded attestation's QR code: %d", res.StatusCode)
	}
	changed := byte('A')
	if code[10] == 'A' {
		changed = 'B'
	}
	res, _ = get(t, s.URL+"/verifier/"+code[:10]+string(changed)+code[11:], nil)
	if res.StatusCode < 400 || res.StatusCode >= 500 {
		t.Errorf("a changed code: %d, want a 4xx", res.StatusCode)
	}

	// The public pages, as a renter's phone shows them.
	for name, target := range map[string]string{"verifier": "/verifier/" + code, "verifier-inconnu": "/verifier/" + code[:40], "verifier-saisie": "/verifier"} {
		b.run(t, "open "+name, chromedp.Navigate(s.URL+target), chromedp.WaitVisible(chromedp.CSS("h1")))
		checkAccessibility(t, b, name)
		checkNoHorizontalScroll(t, b, name)
		shootViewport(t, b, "documents-"+name+"-360x740")
	}
	b.run(t, "back to Mes documents", chromedp.Navigate(s.URL+"/documents"))
	waitText(t, b, "#partage", "Créer un code de partage")

	// A share code: made, read by a third party, seen used, revoked.
	b.run(t, "make a share code", chromedp.SetValue(chromedp.ID("jours"), "10"), chromedp.Click(chromedp.CSS(`#nouveau-code button[type="submit"]`)))
	share := waitText(t, b, "#code-partage", "-")
	if !regexp.MustCompile(`^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){4}$`).MatchString(share) {
		t.Fatalf("share code %q", share)
	}
	res, body = get(t, s.URL+"/partage/"+share, nil)
	if res.StatusCode != 200 || !strings.Contains(string(body), rec.Holder.FamilyName) || regexp.MustCompile(`\d+ points?\b`).Match(body) {
		t.Fatalf("the share page: %d", res.StatusCode)
	}
	other := newBrowser(t, 360, 740)
	other.run(t, "open the share page", chromedp.Navigate(s.URL+"/partage/"+share), chromedp.WaitVisible(chromedp.CSS("h1")))
	checkAccessibility(t, other, "the share page")
	checkNoHorizontalScroll(t, other, "the share page")
	shootViewport(t, other, "documents-partage-360x740")
	other.checkClean(t)
	b.run(t, "reload Mes documents", chromedp.Navigate(s.URL+"/documents"))
	waitText(t, b, "#codes", "utilisé 1 fois")
	b.run(t, "ask to revoke", chromedp.Click(chromedp.CSS(`button[data-action="ask"]`)))
	waitText(t, b, "#codes", "Oui, révoquer")
	if focused := eval[string](t, b, "focus", `document.activeElement.id`); focused != "confirmer-revocation" {
		t.Errorf("after asking to revoke, the focus is on %q, want the confirmation", focused)
	}
	checkAccessibility(t, b, "Mes documents, revocation asked")
	b.run(t, "revoke", chromedp.Click(chromedp.ID("confirmer-revocation")))
	waitText(t, b, "#codes", "— révoqué")
	if res, body := get(t, s.URL+"/partage/"+share, nil); res.StatusCode != 410 || !strings.Contains(string(body), "Code expiré ou révoqué") {
		t.Errorf("a revoked code's page: %d", res.StatusCode)
	}

	// The calendar offers the file.
	b.run(t, "open the calendar", chromedp.Navigate(s.URL+"/calendrier"))
	waitText(t, b, "#agenda", "Ajouter à mon agenda")

	// Offline, the kept attestation opens with its QR code.
	offline(t, b, true)
	b.run(t, "open the kept attestation offline", chromedp.Navigate(s.URL+"/documents/attestation"))
	waitText(t, b, "#attestation", rec.NEPH)
	size := eval[[]float64](t, b, "measure the QR code", `(() => { const r = document.querySelector("#attestation-qr").getBoundingClientRect(); return [r.width, r.height, r.top]; })()`)
	if size[0] < 150 || size[0] != size[1] {
		t.Errorf("the kept QR code is %v px: not visible, or not square", size)
	}
	if got := textOf(t, b, "#attestation-code"); strings.ReplaceAll(got, " ", "") != code {
		t.Errorf("the kept attestation's code %q is not the PDF's %q", got, code)
	}
	checkAccessibility(t, b, "the kept attestation, offline")
	checkNoHorizontalScroll(t, b, "the kept attestation, offline")
	shootViewport(t, b, "documents-attestation-hors-ligne-360x740")
	offline(t, b, false)

	// A page of each document as PNG, for the note (make screenshots).
	cookie := sessionCookie(t, b, s.URL)
	if cookie == nil {
		t.Fatal("no session cookie")
	}
	if *screenshotDir != "" {
		for name, target := range map[string]string{"documents-attestation": "/documents/attestation.pdf", "documents-releve-integral": "/documents/releve-integral.pdf"} {
			res, doc := get(t, s.URL+target, map[string]string{"Cookie": cookie.Name + "=" + cookie.Value})
			if res.StatusCode != 200 {
				t.Fatalf("GET %s: %d", target, res.StatusCode)
			}
			for page := 1; page <= 2; page++ {
				if name == "documents-attestation" && page == 2 {
					break
				}
				png := testkit.PDFPage(t, doc, page, 110, t.TempDir())
				img, err := os.ReadFile(png)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(*screenshotDir, name+"-page"+string(rune('0'+page))+".png"), img, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}

	// Sign-out leaves nothing of it.
	signOut(t, b, s.URL)
	if data := deviceData(t, b); strings.Contains(data, neph) || strings.Contains(data, code) || strings.Contains(data, "mespoints.attestation") {
		t.Errorf("after sign-out the device holds: %.300s", data)
	}
	offline(t, b, true)
	b.run(t, "open the kept attestation after sign-out", chromedp.Navigate(s.URL+"/documents/attestation"))
	waitText(t, b, "main", "Aucune attestation n'est gardée sur cet appareil")
	offline(t, b, false)
	b.checkClean(t)

	// The log of the whole run: routes by pattern, never a code, a NEPH
	// or a name.
	s.stop(t)
	logs := s.Logs.String()
	for _, secret := range []string{code, share, strings.ReplaceAll(share, "-", ""), neph, rec.Holder.FamilyName, rec.Holder.GivenNames} {
		if strings.Contains(logs, secret) {
			t.Errorf("the server's log holds %q", secret)
		}
	}
	for _, route := range []string{"GET /verifier/{code}", "GET /VERIFIER/{code}", "GET /partage/{code}", "GET /documents/attestation.pdf", "GET /api/v1/documents/attestation", "DELETE /api/v1/shares/{id}"} {
		if !strings.Contains(logs, route) {
			t.Errorf("the log has no line for %s", route)
		}
	}
}
