package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mespoints/server/auth"
)

// readMailCode reads the development mail catcher's page (/dev-mail/),
// where the holder's e-mails arrive in -dev, and returns the last code it
// shows, checking that no message holds the dossier number.
func readMailCode(t *testing.T, base, neph string) string {
	t.Helper()
	res, body := get(t, base+"/dev-mail/", nil)
	m := codeInMail.FindStringSubmatch(string(body))
	if res.StatusCode != 200 || m == nil {
		t.Fatalf("GET /dev-mail/ = %d without a code:\n%s", res.StatusCode, body)
	}
	if strings.Contains(string(body), neph) {
		t.Error("an e-mail holds the dossier number")
	}
	return m[1]
}

// typeCode types code into the code step of the linking form, key by
// key, and sends it.
func typeCode(t *testing.T, b *browser, code string) {
	t.Helper()
	eval[bool](t, b, "empty the code field", `(() => {
  const el = document.getElementById("code");
  el.value = "";
  el.dispatchEvent(new Event("input", {bubbles: true}));
  return true;
})()`)
	b.run(t, "type the code "+code,
		chromedp.SendKeys(chromedp.ID("code"), code),
		chromedp.Click(chromedp.CSS(`#rattachement-code button[type="submit"]`)))
}

// A licence account links its dossier through the real form: the number
// and the date of birth, then the code the holder receives by e-mail (read
// in the development mail catcher, /dev-mail/). The form says where the
// code went without showing the address; a wrong code says how many tries
// are left; the right one opens the dossier.
func TestLinkingWithTheEmailCodeThroughTheForm(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	rec := s.record(t, "lucas")
	neph := rec.NEPH
	if landed := signInAs(t, b, s.URL, auth.Usager, "lucas"); landed != auth.PathUnlinked {
		t.Fatalf("landed on %s", landed)
	}
	within(t, b, 30*time.Second, "linking form", chromedp.WaitVisible(chromedp.ID("neph")))
	waitLive(t, b)
	fillLinkForm(t, b, neph, rec.Holder.Birthdate.String())
	sent := see(t, b, "#code-envoye", "Un code de confirmation de 6 chiffres vient d'être envoyé à l'adresse électronique du dossier, l•••••@e•••.fr.")
	if strings.Contains(sent, rec.Holder.Email) {
		t.Errorf("the form shows the holder's whole address: %q", sent)
	}
	if !strings.Contains(sent, "Il est valable jusqu'à") {
		t.Errorf("the form does not say until when the code is valid: %q", sent)
	}
	if focused := eval[string](t, b, "focus", `document.activeElement ? document.activeElement.id : ""`); focused != "code-envoye" {
		t.Errorf("the focus is on %q, not on the message that the code was sent", focused)
	}
	checkAccessibility(t, b, "the code step of the linking form")
	checkNoHorizontalScroll(t, b, "the code step of the linking form")

	code := readMailCode(t, s.URL, neph)
	wrong := string('0'+(code[0]-'0'+1)%10) + code[1:]
	typeCode(t, b, wrong)
	if msg := see(t, b, "#rattachement-erreur", "Encore 4 essais avant un blocage d'une heure"); strings.Contains(msg, "bloqué") {
		t.Errorf("a wrong code: %q", msg)
	}
	typeCode(t, b, code)
	waitPath(t, b, auth.PathLinked)
	want := expectedBalance(t, s, "lucas")
	see(t, b, "#solde", fmt.Sprintf("%d / %d", want.Balance, want.Ceiling))
	b.checkClean(t)
}

// Karim's dossier holds no e-mail address (the demo persona without
// one): the form says no code can be sent and offers FranceConnect, which
// links his dossier at once and opens it — not the linking form again.
func TestNoContactOffersFranceConnect(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	rec := s.record(t, "karim")
	neph := rec.NEPH
	if rec.Holder.Email != "" {
		t.Fatalf("karim's dossier holds an e-mail address: %q", rec.Holder.Email)
	}
	if landed := signInAs(t, b, s.URL, auth.Usager, "karim"); landed != auth.PathUnlinked {
		t.Fatalf("landed on %s", landed)
	}
	within(t, b, 30*time.Second, "linking form", chromedp.WaitVisible(chromedp.ID("neph")))
	waitLive(t, b)
	fillLinkForm(t, b, neph, rec.Holder.Birthdate.String())
	see(t, b, "#rattachement-erreur", "Aucune adresse électronique n'est enregistrée pour ce dossier")
	fc := `#rattachement-erreur a[href^="/auth/franceconnect/login"]`
	within(t, b, 20*time.Second, "the FranceConnect button", chromedp.WaitVisible(chromedp.CSS(fc)))
	checkAccessibility(t, b, "the linking form's no_contact")
	within(t, b, 30*time.Second, "identify with FranceConnect", chromedp.Click(chromedp.CSS(fc)), chromedp.WaitVisible(chromedp.ID("password")))
	b.run(t, "as karim",
		chromedp.SetValue(chromedp.ID("login"), "karim"),
		chromedp.SendKeys(chromedp.ID("password"), "demo"),
		chromedp.Submit(chromedp.ID("password")),
	)
	waitPath(t, b, auth.PathLinked)
	see(t, b, "#solde", "0 / 12")
	b.checkClean(t)
}
