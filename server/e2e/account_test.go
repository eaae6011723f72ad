package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mespoints/server/auth"
)

// The account page of a licence-account session that no dossier is linked
// to yet shows who is signed in, the way to link a dossier and to sign
// out, never « Chargement de vos données… » for ever (a reported bug:
// /api/v1/me answered 200 and the page stayed on its loading message).
func TestAccountPageOfAnUnlinkedSession(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	if landed := signInAs(t, b, s.URL, auth.Usager, "camille"); landed != auth.PathUnlinked {
		t.Fatalf("landed on %s", landed)
	}
	for _, how := range []string{"address", "reload", "in-app link"} {
		switch how {
		case "address":
			within(t, b, 30*time.Second, "open the account page", chromedp.Navigate(s.URL+"/compte"))
		case "reload":
			within(t, b, 30*time.Second, "reload the account page", chromedp.Reload())
		default:
			within(t, b, 30*time.Second, "open the linking form", chromedp.Navigate(s.URL+auth.PathUnlinked))
			waitLive(t, b)
			followInApp(t, b, "/compte")
		}
		waitLive(t, b)
		got := see(t, b, "main", "Rattacher mon dossier")
		if strings.Contains(got, "Chargement") {
			t.Errorf("%s: the account page still says it is loading: %q", how, got)
		}
		see(t, b, "#fournisseur", "compte permis de conduire")
		see(t, b, "#deconnexion", "Se déconnecter")
		if path := eval[string](t, b, "path", `location.pathname`); path != "/compte" {
			t.Errorf("%s: the account page moved to %s", how, path)
		}
	}
	checkAccessibility(t, b, "the account page of an unlinked session")
	b.checkClean(t)
}

// followInApp follows a link to path inside the running app, as a click
// on one of its links does (go-app's router, no page load).
func followInApp(t *testing.T, b *browser, path string) {
	t.Helper()
	eval[bool](t, b, "follow a link to "+path, `(() => {
  const a = document.createElement("a");
  a.href = `+strconv.Quote(path)+`;
  a.textContent = "lien";
  document.querySelector("main").appendChild(a);
  a.click();
  return true;
})()`)
}

// waitGone waits until no element matches sel, and fails the test if one
// still does after 15 s.
func waitGone(t *testing.T, b *browser, sel, what string) {
	t.Helper()
	if !eval[bool](t, b, "wait for "+what, `(async () => {
  for (let i = 0; i < 300; i++) {
    if (!document.querySelector(`+strconv.Quote(sel)+`)) { return true; }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
})()`) {
		t.Fatalf("%s: %s is still on the page", what, sel)
	}
}

// The holder is in control (issue 13): Sophie, signed in with
// FranceConnect, sees on « Mon compte » the two accounts linked to her
// dossier — her own and a licence account linked with the e-mail code —
// and removes the other. The licence account, at its next sign-in, is told
// why it is no longer linked; closed with « J'ai compris », the notice is
// not shown again, not even after the app starts again.
func TestTheHolderRemovesAnotherAccountsLink(t *testing.T) {
	s := startServer(t, nil)
	rec := s.record(t, "sophie")
	neph := rec.NEPH
	holder := newBrowser(t, 360, 740)
	if landed := signInAs(t, holder, s.URL, auth.FranceConnect, "sophie"); landed != auth.PathLinked {
		t.Fatalf("FranceConnect landed on %s", landed)
	}
	other := newBrowser(t, 360, 740)
	if landed := signInAs(t, other, s.URL, auth.Usager, "sophie"); landed != auth.PathUnlinked {
		t.Fatalf("the licence account landed on %s", landed)
	}
	linkWithCodeIn(t, other, s.URL, neph, rec.Holder.Birthdate.String())

	within(t, holder, 30*time.Second, "open « Mon compte »", chromedp.Navigate(s.URL+"/compte"))
	list := see(t, holder, "#comptes-rattaches", "compte permis de conduire")
	for _, want := range []string{"compte FranceConnect (le compte de cette session)", "par l'identité FranceConnect du titulaire",
		"avec le code envoyé à l'adresse électronique du dossier", "Retirer le rattachement de ce compte"} {
		if !strings.Contains(list, want) {
			t.Errorf("the list of linked accounts does not say %q: %q", want, list)
		}
	}
	if n := eval[int](t, holder, "count the linked accounts", `document.querySelectorAll("#comptes-rattaches li").length`); n != 2 {
		t.Errorf("%d accounts listed, want 2", n)
	}
	checkAccessibility(t, holder, "the list of linked accounts")
	checkNoHorizontalScroll(t, holder, "the list of linked accounts")
	holder.run(t, "remove the licence account's link", chromedp.Click(chromedp.CSS("#comptes-rattaches li button")))
	waitGone(t, holder, "#comptes-rattaches li button", "the removal")
	if n := eval[int](t, holder, "count the linked accounts", `document.querySelectorAll("#comptes-rattaches li").length`); n != 1 {
		t.Errorf("after the removal, %d accounts listed, want 1", n)
	}
	holder.checkClean(t)

	// The removed account's next sign-in.
	signOutFromAccount(t, other, s.URL)
	if landed := signInAs(t, other, s.URL, auth.Usager, "sophie"); landed != auth.PathUnlinked {
		t.Fatalf("the removed account landed on %s", landed)
	}
	notice := see(t, other, "#avis", "Le titulaire du dossier que vous consultiez en a détaché votre compte")
	if !strings.Contains(notice, "J'ai compris") {
		t.Errorf("the notice has no « J'ai compris »: %q", notice)
	}
	checkAccessibility(t, other, "the notice of a removed link")
	other.run(t, "close the notice", chromedp.Click(chromedp.CSS("#avis button")))
	waitGone(t, other, "#avis", "closing the notice")
	if !eval[bool](t, other, "wait for the acknowledgement", `(async () => {
  for (let i = 0; i < 100; i++) {
    const me = await (await fetch("/api/v1/me")).json();
    if (!me.notices) { return true; }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
})()`) {
		t.Fatal("the service still sends the notice after « J'ai compris »")
	}
	within(t, other, 30*time.Second, "start the app again", chromedp.Reload())
	waitLive(t, other)
	see(t, other, "main", "Rattacher mon dossier")
	time.Sleep(time.Second) // what /me answers has been drawn
	if eval[bool](t, other, "notice", `!!document.querySelector("#avis")`) {
		t.Error("the notice is shown again after « J'ai compris »")
	}
	other.checkClean(t)
}

// « Supprimer mon compte » asks first, says what goes and what stays,
// then deletes the account: the person is signed out, the device wiped,
// and signing in again with the same licence account makes a new account,
// linked to nothing.
func TestDeleteTheAccount(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	rec := s.record(t, "camille")
	neph := rec.NEPH
	signInAs(t, b, s.URL, auth.Usager, "camille")
	linkWithCodeIn(t, b, s.URL, neph, rec.Holder.Birthdate.String())
	within(t, b, 30*time.Second, "open the balance", chromedp.Navigate(s.URL+"/solde"))
	see(t, b, "#solde", " / ")
	waitLive(t, b) // the server drew the balance; the app keeps the copy
	if data := deviceData(t, b); !strings.Contains(data, neph) {
		t.Fatal("the dossier is not kept on the device before the deletion")
	}
	within(t, b, 30*time.Second, "open « Mon compte »", chromedp.Navigate(s.URL+"/compte"), chromedp.WaitVisible(chromedp.ID("supprimer")))
	waitLive(t, b)
	if eval[bool](t, b, "confirmation", `!!document.getElementById("supprimer-confirmer")`) {
		t.Fatal("the deletion button is there before asking")
	}
	eval[bool](t, b, "ask to delete the account", `(document.getElementById("supprimer").click(), true)`)
	confirm := see(t, b, "#suppression-confirmation", "Voulez-vous vraiment supprimer votre compte Mes points ?")
	for _, want := range []string{"vos sessions, sur tous vos appareils", "les données gardées sur cet appareil", "Ne sont pas supprimés", "votre dossier au fichier national"} {
		if !strings.Contains(confirm, want) {
			t.Errorf("the confirmation does not say %q: %q", want, confirm)
		}
	}
	if expanded := eval[string](t, b, "aria-expanded", `document.getElementById("supprimer").getAttribute("aria-expanded")`); expanded != "true" {
		t.Errorf("the button's aria-expanded is %q once the confirmation is open", expanded)
	}
	checkAccessibility(t, b, "the confirmation of the account's deletion")
	b.run(t, "confirm", chromedp.Click(chromedp.ID("supprimer-confirmer")))
	waitPath(t, b, "/")
	if data := deviceData(t, b); strings.Contains(data, neph) || strings.Contains(data, rec.Holder.FamilyName) {
		t.Errorf("after the deletion the device holds: %.300s", data)
	}
	if got := fetchIn(t, b, "GET", "/api/v1/me", ""); got.Status != 401 {
		t.Errorf("GET /api/v1/me after the deletion = %d %s, want 401", got.Status, got.Body)
	}
	if n, _ := s.Srv.Auth.CountSessions(); n != 0 {
		t.Errorf("%d sessions on the server after the deletion, want 0", n)
	}
	// The provider's own session is not Mes points's to end: signing in
	// again is done from a new browser profile, through the login form.
	again := newBrowser(t, 360, 740)
	if landed := signInAs(t, again, s.URL, auth.Usager, "camille"); landed != auth.PathUnlinked {
		t.Errorf("signing in again landed on %s, want the linking form (a new account, linked to nothing)", landed)
	}
	if got := fetchIn(t, again, "GET", "/api/v1/account/links", ""); got.Status != 409 {
		t.Errorf("the new account's links: %d %s, want 409 not_linked", got.Status, got.Body)
	}
	b.checkClean(t)
}

// « Se déconnecter de tous les appareils » from one browser profile signs
// out the other too: both show they are signed out, and the server holds
// no session of the account.
func TestSignOutEverywhere(t *testing.T) {
	s := startServer(t, nil)
	phone := newBrowser(t, 360, 740)
	computer := newBrowser(t, 1280, 800)
	for _, b := range []*browser{phone, computer} {
		signInAs(t, b, s.URL, auth.FranceConnect, "marc")
		see(t, b, "#solde", " / ")
	}
	if n, _ := s.Srv.Auth.CountSessions(); n != 2 {
		t.Fatalf("%d sessions, want 2", n)
	}
	within(t, phone, 30*time.Second, "open « Mon compte »", chromedp.Navigate(s.URL+"/compte"), chromedp.WaitVisible(chromedp.CSS("#deconnexion-partout button")))
	waitLive(t, phone)
	// The button itself, not a point of the screen: the page may still
	// move under a pointer as the account's details arrive.
	eval[bool](t, phone, "sign out everywhere", `(document.querySelector("#deconnexion-partout button").click(), true)`)
	waitPath(t, phone, "/")
	if n, _ := s.Srv.Auth.CountSessions(); n != 0 {
		t.Errorf("%d sessions on the server after signing out everywhere, want 0", n)
	}
	if got := fetchIn(t, phone, "GET", "/api/v1/me", ""); got.Status != 401 {
		t.Errorf("the phone after signing out everywhere: %d %s", got.Status, got.Body)
	}
	within(t, phone, 30*time.Second, "the phone opens the balance", chromedp.Navigate(s.URL+"/solde"))
	see(t, phone, "main", "Vous n'êtes pas connecté")

	within(t, computer, 30*time.Second, "the computer opens the history", chromedp.Navigate(s.URL+"/historique"))
	see(t, computer, "#session-expiree", "Votre session a expiré")
	checkSignInLinks(t, computer, "/historique")
	if got := fetchIn(t, computer, "GET", "/api/v1/me", ""); got.Status != 401 || !strings.Contains(got.Body, "session_expired") {
		t.Errorf("the computer after signing out everywhere: %d %s", got.Status, got.Body)
	}
	phone.checkClean(t)
	computer.checkClean(t)
}
