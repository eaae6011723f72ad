package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/auth"
)

// setSelect chooses value in the select sel, as a person does: the
// change event bubbles up to the page's handler.
func setSelect(t *testing.T, b *browser, sel, value string) {
	t.Helper()
	eval[bool](t, b, "choose "+value+" in "+sel, `(() => {
  const s = document.querySelector(`+quote(sel)+`);
  s.value = `+quote(value)+`;
  s.dispatchEvent(new Event("change", {bubbles: true}));
  return s.value === `+quote(value)+`;
})()`)
}

// waitFor waits until the element sel is on the page.
func waitFor(t *testing.T, b *browser, sel string) {
	t.Helper()
	within(t, b, 20*time.Second, "wait for "+sel, chromedp.WaitVisible(chromedp.CSS(sel)))
}

// In Chromium at 360 px, theo (candidat libre, code passed) opens
// « Réserver » from the bar, chooses Haute-Garonne, the session of the demo
// with exactly one place left, declares who accompanies him and books it:
// « Mes réservations » shows the convocation; he asks to cancel, is told
// what it costs before confirming, confirms, and the place comes back.
// Léa (no code yet) and Yanis (failed 6 days ago) get their refusals in
// French, Yanis with the day he may book.
func TestBookTheLastPlaceInChromium(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	paris, _ := time.LoadLocation("Europe/Paris")
	today := points.DateOf(time.Now().In(paris))
	if landed := signInAs(t, b, s.URL, auth.FranceConnect, "theo"); landed != auth.PathLinked {
		t.Fatalf("theo landed on %s", landed)
	}
	waitText(t, b, "#candidat", "pas encore de permis")
	b.run(t, "open « Réserver » from the bar", chromedp.Click(chromedp.CSS(`.dossier-nav a[href="/examens/reserver"]`)))
	waitPath(t, b, "/examens/reserver")
	waitFor(t, b, "#departement")
	checkAccessibility(t, b, "« Réserver »")
	setSelect(t, b, "#departement", "31")
	waitFor(t, b, "#session")
	last := eval[[]string](t, b, "the session with one place left", `(() => {
  const o = [...document.querySelectorAll("#session option")].find((o) => o.textContent.endsWith("— 1 place restante"));
  const full = [...document.querySelectorAll("#session option")].filter((o) => o.disabled && o.textContent.endsWith("— complet")).length;
  return o ? [o.value, o.textContent, String(full)] : [];
})()`)
	if len(last) != 3 || last[2] == "0" {
		t.Fatalf("no session with one place left, or no full one shown as such: %v", last)
	}
	setSelect(t, b, "#session", last[0])
	waitFor(t, b, "#acc-nom")
	checkAccessibility(t, b, "« Réserver », the form filled in")
	checkNoHorizontalScroll(t, b, "« Réserver »")
	b.run(t, "declare the accompanying person and confirm",
		chromedp.SendKeys(chromedp.ID("acc-nom"), "Sophie Garnier"),
		chromedp.SendKeys(chromedp.ID("acc-permis"), "20/06/2001"),
		chromedp.Click(chromedp.ID("acc-double")),
		chromedp.Click(chromedp.ID("confirmer-reservation")),
	)
	waitPath(t, b, "/examens/reservations")
	conv := waitText(t, b, "#convocation", "Convocation")
	day, _ := points.ParseDate(strings.Split(last[0], ".")[1])
	for _, want := range []string{"Centre d'examen de Toulouse Nord", "12 chemin des Izards", "08:30", "pièce d'identité", "Sophie Garnier"} {
		if !strings.Contains(conv, want) {
			t.Errorf("the convocation lacks %q: %s", want, conv)
		}
	}
	if href := eval[string](t, b, "calendar link", `document.getElementById("agenda").getAttribute("href")`); !strings.HasSuffix(href, "/convocation.ics") {
		t.Errorf("« Ajouter à mon agenda » leads to %q", href)
	} else if ics := fetchIn(t, b, "GET", href, ""); ics.Status != 200 || !strings.Contains(ics.Body, "BEGIN:VEVENT") {
		t.Errorf("the calendar file: %d %s", ics.Status, ics.Body)
	}
	checkAccessibility(t, b, "« Mes réservations »")
	if left := placesLeft(t, b, last[0]); left != 0 {
		t.Fatalf("after the booking, %d places left", left)
	}
	// Cancelling says what it costs first.
	b.run(t, "ask to cancel", chromedp.Click(chromedp.ID("annuler-reservation")))
	waitFor(t, b, "#confirmer-annulation")
	cost := textOf(t, b, "#cout-annulation")
	late := int(day-today) < 7
	if want := "vous ne pourrez pas réserver avant le " + day.AddDays(30).French(); late && !strings.Contains(cost, want) {
		t.Errorf("the warning reads %q, want %q", cost, want)
	} else if !late && !strings.Contains(cost, "sans frais") {
		t.Errorf("the warning reads %q for a test in %d days", cost, day-today)
	}
	if exp := eval[string](t, b, "expanded", `document.getElementById("annuler-reservation").getAttribute("aria-expanded")`); exp != "true" {
		t.Errorf("aria-expanded is %q while the question is open", exp)
	}
	b.run(t, "keep it", chromedp.Click(chromedp.ID("garder")), chromedp.WaitNotVisible(chromedp.ID("confirmer-annulation")))
	b.run(t, "cancel", chromedp.Click(chromedp.ID("annuler-reservation")), chromedp.WaitVisible(chromedp.ID("confirmer")), chromedp.Click(chromedp.ID("confirmer")))
	waitText(t, b, "#note", "Réservation annulée")
	waitFor(t, b, "#aucune-reservation")
	if left := placesLeft(t, b, last[0]); left != 1 {
		t.Fatalf("after the cancellation, %d places left, want the place back", left)
	}
	if late {
		// A late cancellation: « Réserver » now says until when.
		b.run(t, "open « Réserver »", chromedp.Click(chromedp.CSS(`.dossier-nav a[href="/examens/reserver"]`)))
		waitText(t, b, "#refus", "Vous ne pourrez pas réserver avant le "+day.AddDays(30).French())
	}
	b.checkClean(t)
	signOut(t, b, s.URL)

	for _, c := range []struct{ login, says string }{
		{"lea", "il faut d'abord réussir l'épreuve du code"},
		{"yanis", "Vous ne pourrez pas réserver avant le " + today.AddDays(14).French()},
	} {
		signInAs(t, b, s.URL, auth.FranceConnect, c.login)
		b.run(t, "open « Réserver »", chromedp.Click(chromedp.CSS(`.dossier-nav a[href="/examens/reserver"]`)))
		waitPath(t, b, "/examens/reserver")
		if got := waitText(t, b, "#refus", c.says); !strings.Contains(got, c.says) {
			t.Errorf("%s reads %q, want %q", c.login, got, c.says)
		}
		b.run(t, "open « Mes examens »", chromedp.Click(chromedp.CSS(`.dossier-nav a[href="/examens"]`)))
		waitFor(t, b, "#prochaine-etape")
		checkAccessibility(t, b, c.login+"'s « Mes examens »")
		b.checkClean(t)
		signOut(t, b, s.URL)
	}
}

// placesLeft asks the API, from the page, how many places session id has
// left.
func placesLeft(t *testing.T, b *browser, id string) int {
	t.Helper()
	res := fetchIn(t, b, "GET", "/api/v1/exams/sessions?departement="+id[:2], "")
	var l wire.ExamSessions
	if err := json.Unmarshal([]byte(res.Body), &l); err != nil {
		t.Fatalf("sessions: %d %s", res.Status, res.Body)
	}
	for _, s := range l.Sessions {
		if s.ID == id {
			return s.Left
		}
	}
	t.Fatalf("session %s not listed", id)
	return 0
}

// The exam pages of theo, at 360 and 1280 px, pass the accessibility
// checks and do not scroll sideways; make screenshots writes them
// (examens-360.png, reserver-360.png, reservations-360.png…).
func TestScreensExams(t *testing.T) {
	s := startServer(t, nil)
	for _, width := range []int{360, 1280} {
		b := newBrowser(t, width, 800)
		shoot := func(name string) {
			checkAccessibility(t, b, name)
			checkNoHorizontalScroll(t, b, name)
			saveScreenshot(t, b, fmt.Sprintf("%s-%d", name, width), chromedp.FullScreenshot(100))
		}
		signInAs(t, b, s.URL, auth.FranceConnect, "theo")
		b.run(t, "open « Mes examens »", chromedp.Navigate(s.URL+"/examens"))
		waitFor(t, b, "#prochaine-etape")
		shoot("examens")
		b.run(t, "open « Réserver »", chromedp.Navigate(s.URL+"/examens/reserver"))
		waitFor(t, b, "#departement")
		setSelect(t, b, "#departement", "75")
		waitFor(t, b, "#acc-nom")
		shoot("reserver")
		b.run(t, "open « Mes réservations »", chromedp.Navigate(s.URL+"/examens/reservations"))
		waitFor(t, b, "#aucune-reservation")
		shoot("reservations")
		b.checkClean(t)
		signOut(t, b, s.URL)
	}
}

// Without a network, a candidate still sees « Mes examens » and « Mes
// réservations » as they last were, dated; « Réserver » says that the
// places need a network; signing out wipes them from the device.
func TestExamPagesOffline(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	signInAs(t, b, s.URL, auth.FranceConnect, "theo")
	b.run(t, "open « Mes examens »", chromedp.Navigate(s.URL+"/examens"))
	waitFor(t, b, "#prochaine-etape")
	next := eval[string](t, b, "the next step", `document.querySelector("#prochaine-etape").textContent`)
	b.run(t, "open « Mes réservations »", chromedp.Navigate(s.URL+"/examens/reservations"))
	waitFor(t, b, "#aucune-reservation")

	s.stop(t)
	setOffline(t, b, true)
	b.run(t, "open « Mes examens » offline", chromedp.Navigate(s.URL+"/examens"))
	see(t, b, "#prochaine-etape", next)
	got := see(t, b, "#examens-hors-ligne", "Hors ligne — vos examens tels qu'ils étaient le "+points.DateOf(time.Now()).French()+" à ")
	if !strings.Contains(got, "Réserver ou annuler une place demande du réseau") {
		t.Errorf("the offline note does not say what needs a network: %q", got)
	}
	b.run(t, "open « Mes réservations » offline", chromedp.Navigate(s.URL+"/examens/reservations"))
	waitFor(t, b, "#aucune-reservation")
	see(t, b, "#examens-hors-ligne", "Hors ligne — vos examens tels qu'ils étaient le")
	b.run(t, "open « Réserver » offline", chromedp.Navigate(s.URL+"/examens/reserver"))
	see(t, b, "#refus", "Hors ligne : les places d'examen s'afficheront quand vous aurez du réseau.")
	checkAccessibility(t, b, "« Mes examens » offline")
	b.checkClean(t)

	b.run(t, "open the account page offline", chromedp.Navigate(s.URL+"/compte"))
	waitFor(t, b, "#deconnexion button")
	b.run(t, "sign out offline", chromedp.Click(chromedp.CSS("#deconnexion button")))
	see(t, b, "main", "Vous êtes déconnecté sur cet appareil")
	if data := deviceData(t, b); strings.Contains(data, "prochaine-etape") || strings.Contains(data, "mespoints.examens") {
		t.Errorf("the exam pages are left on the device after sign-out: %s", data)
	}
	b.run(t, "open « Mes examens » again", chromedp.Navigate(s.URL+"/examens"))
	see(t, b, "main", "Vos données ont été effacées de cet appareil")
	if n := eval[int](t, b, "the next step", `document.querySelectorAll("#prochaine-etape").length`); n != 0 {
		t.Error("« Mes examens » shows the candidate's data after sign-out")
	}
}

// A person who signs in on a device where a candidate's session ended
// without a sign-out never gets the candidate's exam pages: they go from
// the device as soon as the new person's dossier replaces the copy.
func TestKeptExamPagesAreOnePersons(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	signInAs(t, b, s.URL, auth.FranceConnect, "theo")
	b.run(t, "open « Mes examens »", chromedp.Navigate(s.URL+"/examens"))
	waitFor(t, b, "#prochaine-etape")
	if data := deviceData(t, b); !strings.Contains(data, "prochaine-etape") {
		t.Fatalf("« Mes examens » was not kept on the device: %s", data)
	}
	// The session ends on its own (no sign-out): the cookie goes, the
	// device's storage stays.
	if _, err := chromedp.Call(b.ctx, network.ClearBrowserCookies, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	signInAs(t, b, s.URL, auth.FranceConnect, "camille")
	see(t, b, "#solde", " / ")
	if data := deviceData(t, b); strings.Contains(data, "prochaine-etape") || strings.Contains(data, "mespoints.examens") {
		t.Errorf("theo's exam pages are left on the device of camille: %s", data)
	}
	setOffline(t, b, true)
	b.run(t, "open « Mes examens » offline", chromedp.Navigate(s.URL+"/examens"))
	see(t, b, "#hors-ligne", "Hors ligne")
	if n := eval[int](t, b, "theo's next step", `document.querySelectorAll("#prochaine-etape").length`); n != 0 {
		t.Error("camille is shown theo's exam pages")
	}
	b.checkClean(t)
}
