package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"mespoints/server/auth"
	"mespoints/server/demo"
)

// shootViewport writes a PNG of what the screen shows, without scrolling,
// when make screenshots asks for them.
func shootViewport(t *testing.T, b *browser, name string) {
	t.Helper()
	saveScreenshot(t, b, name, chromedp.CaptureScreenshot())
}

// aboveTheFold returns the selectors of sels that a person does not see
// without scrolling: missing, or below the bottom of the screen or under
// the navigation bar.
func aboveTheFold(t *testing.T, b *browser, sels ...string) []string {
	t.Helper()
	list := `["` + strings.Join(sels, `","`) + `"]`
	return eval[[]string](t, b, "measure the first screen", `(() => {
  const nav = document.querySelector(".dossier-nav");
  let fold = window.innerHeight;
  if (nav && getComputedStyle(nav).position === "fixed") { fold = Math.min(fold, nav.getBoundingClientRect().top); }
  return `+list+`.filter((sel) => {
    const el = document.querySelector(sel);
    if (!el) { return true; }
    const r = el.getBoundingClientRect();
    return r.height === 0 || r.bottom > fold + 0.5;
  });
})()`)
}

// textOf returns the text of the element sel, its spaces collapsed.
func textOf(t *testing.T, b *browser, sel string) string {
	t.Helper()
	return eval[string](t, b, "read "+sel, `(() => { const el = document.querySelector(`+quote(sel)+`); return el ? el.textContent.replace(/\s+/g, " ").trim() : `+quote("(no "+sel+")")+`; })()`)
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

// Every demo persona, on a 360 × 740 phone: the balance page answers its
// four questions on the first screen, above the navigation bar — points
// out of how many, whether the licence is valid, the next restitution and
// the day back at 12 (or when a new licence may be asked for), whether a
// stage would bring points, with the article of its reason — and the stage
// page prints exactly the engine's reason for today. make screenshots
// writes the first screen of each (solde-LOGIN-360x740.png).
func TestScreensEveryPersona(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	for _, p := range demo.Personas {
		neph, _ := demo.NEPHForLogin(p.Login)
		rec, err := s.Srv.Store.Get(neph)
		if err != nil {
			t.Fatal(err)
		}
		if landed := signInAs(t, b, s.URL, auth.FranceConnect, p.Login); landed != auth.PathLinked {
			t.Fatalf("%s: landed on %s", p.Login, landed)
		}
		if rec.Licence == nil {
			waitText(t, b, "#candidat", "pas encore de permis")
			shootViewport(t, b, "solde-"+p.Login+"-360x740")
			signOut(t, b, s.URL)
			continue
		}
		want := expectedBalance(t, s, p.Login)
		t.Run(p.Login+"/balance above the fold", func(t *testing.T) {
			waitText(t, b, "#solde", fmt.Sprintf("%d / %d points", want.Balance, want.Ceiling))
			second := "#retour-maximum"
			if want.InvalidSince != nil {
				second = "#invalidation"
			}
			if hidden := aboveTheFold(t, b, "#solde", "#statut", "#prochaine", second, "#stage-resume", "#pourquoi-stage .article"); len(hidden) > 0 {
				t.Errorf("%s: not on the first screen: %v", p.Login, hidden)
			}
			if got := textOf(t, b, "#stage-resume"); got != want.Stage.Summary {
				t.Errorf("%s: the balance page says %q of the stage, the engine %q", p.Login, got, want.Stage.Summary)
			}
			if got := textOf(t, b, "#pourquoi-stage .article"); got != want.Stage.Article {
				t.Errorf("%s: the stage's article reads %q, want %q", p.Login, got, want.Stage.Article)
			}
			shootViewport(t, b, "solde-"+p.Login+"-360x740")
		})
		t.Run(p.Login+"/stage reason", func(t *testing.T) {
			// Through the bar at the bottom of the screen, as a person would.
			b.run(t, "open the stage page", chromedp.Click(chromedp.CSS(`.dossier-nav a[href="/stage"]`)))
			waitPath(t, b, "/stage")
			waitText(t, b, "#stage-raison", want.Stage.Explanation)
			if got := textOf(t, b, "#stage-resume-page"); got != want.Stage.Summary {
				t.Errorf("%s: the stage page says %q, the engine %q", p.Login, got, want.Stage.Summary)
			}
			if got := textOf(t, b, "#stage-raison"); got != want.Stage.Explanation {
				t.Errorf("%s: the stage page's reason is %q, the engine's %q", p.Login, got, want.Stage.Explanation)
			}
			if p.Login == "ines" && (want.Stage.Reason != "at_ceiling" || strings.Contains(textOf(t, b, "main"), "trop récent")) {
				t.Errorf("Inès is told %q: her reason is her balance at the ceiling of probation", textOf(t, b, "#stage-verdict"))
			}
		})
		b.checkClean(t)
		signOut(t, b, s.URL)
	}
}

// On a 360 px phone the dossier's navigation is one bar at the bottom of
// the screen, as installed apps have, that never covers the end of the
// page; "Plus" leads to the other pages. The charts read at 12 px or more,
// "aujourd'hui" is not crossed by a line, and nothing is drawn outside
// the drawing. On a wide screen the navigation is a row at the top.
func TestPhoneNavigationAndCharts(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	signInAs(t, b, s.URL, auth.FranceConnect, "marc")
	waitText(t, b, "#solde", " / ")
	bar := eval[[]float64](t, b, "measure the bar", `(() => {
  const nav = document.querySelector("nav.dossier-nav");
  const r = nav.getBoundingClientRect();
  const tops = new Set([...nav.querySelectorAll("li")].map((li) => Math.round(li.getBoundingClientRect().top)));
  const sizes = [...nav.querySelectorAll(".nav-label")].map((l) => parseFloat(getComputedStyle(l).fontSize));
  return [r.top, r.bottom, r.height, tops.size, nav.querySelectorAll("a").length, Math.min(...sizes), window.innerHeight];
})()`)
	if top, bottom, height, rows, links, font, screen := bar[0], bar[1], bar[2], bar[3], bar[4], bar[5], bar[6]; bottom != screen || height > 80 || rows != 1 || links > 5 || font < 12 || top < screen-80 {
		t.Errorf("the bar: top %v bottom %v height %v, %v rows, %v links, labels of %v px, screen %v px high", top, bottom, height, rows, links, font, screen)
	}
	if label := eval[string](t, b, "nav label", `document.querySelector("nav.dossier-nav").getAttribute("aria-label")`); label == "" {
		t.Error("the navigation landmark has no label")
	}
	if cur := textOf(t, b, `.dossier-nav [aria-current="page"]`); cur != "Solde" {
		t.Errorf("the current page in the bar is %q, want Solde", cur)
	}
	covered := eval[bool](t, b, "scroll to the end", `(() => {
  window.scrollTo(0, document.documentElement.scrollHeight);
  const footer = document.querySelector("footer").getBoundingClientRect();
  return footer.bottom > document.querySelector("nav.dossier-nav").getBoundingClientRect().top + 0.5;
})()`)
	if covered {
		t.Error("the bar covers the end of the page")
	}
	// The bar never hides what has the keyboard's focus, even on a short
	// screen.
	b.run(t, "open the account page on a short screen", chromedp.EmulateViewport(360, 600),
		chromedp.Navigate(s.URL+"/compte"), chromedp.WaitVisible(chromedp.CSS("#deconnexion button")))
	focusByTab(t, b, "#deconnexion button")
	if hidden := aboveTheFold(t, b, "#deconnexion button"); len(hidden) > 0 {
		t.Error("the focused sign-out button is under the bar")
	}
	b.run(t, "back to 360 × 740", chromedp.EmulateViewport(360, 740))
	b.run(t, "open Plus", chromedp.Click(chromedp.CSS(`.dossier-nav a[href="/plus"]`)))
	waitPath(t, b, "/plus")
	b.run(t, "open the simulator from Plus", chromedp.Click(chromedp.CSS(`#plus a[href="/simulateur"]`)))
	waitPath(t, b, "/simulateur")
	waitText(t, b, "#simulation-solde", "au lieu de")
	if got := textOf(t, b, "#infraction-choisie"); strings.Contains(got, "0 point.") {
		t.Errorf("the simulator opens on a 0-point offence: %q", got)
	}
	if cls := eval[string](t, b, "Plus", `document.querySelector('.dossier-nav a[href="/plus"]').className`); !strings.Contains(cls, "nav-group-current") {
		t.Errorf("on a page of Plus, the bar does not show it (class %q)", cls)
	}

	for _, page := range []string{"/historique", "/calendrier"} {
		b.run(t, "open "+page, chromedp.Navigate(s.URL+page), chromedp.WaitVisible(chromedp.CSS("svg.chart")))
		bad := eval[[]string](t, b, "measure the chart", `(() => {
  const out = [];
  for (const svg of document.querySelectorAll("svg.chart")) {
    const scale = svg.getScreenCTM().a;
    const box = svg.getBoundingClientRect();
    let today = null;
    for (const text of svg.querySelectorAll("text")) {
      const px = parseFloat(text.getAttribute("font-size")) * scale;
      if (px < 12) { out.push(text.textContent + " at " + px.toFixed(1) + " px"); }
      const r = text.getBoundingClientRect();
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) { out.push(text.textContent + " outside the drawing"); }
      if (text.textContent === "aujourd'hui") { today = r; }
    }
    for (const el of svg.querySelectorAll("line, path")) {
      const r = el.getBoundingClientRect();
      if (r.left < box.left - 2 || r.right > box.right + 2 || r.top < box.top - 2 || r.bottom > box.bottom + 2) { out.push(el.tagName + " outside the drawing"); }
      if (today && r.left <= today.right && r.right >= today.left && r.top <= today.bottom - 1 && r.bottom >= today.top + 1) { out.push(el.tagName + " crosses aujourd'hui"); }
    }
  }
  return out;
})()`)
		if len(bad) > 0 {
			t.Errorf("%s at 360 px: %q", page, bad)
		}
	}
	b.checkClean(t)

	wide := newBrowser(t, 1280, 900)
	signInAs(t, wide, s.URL, auth.FranceConnect, "marc")
	waitText(t, wide, "#solde", " / ")
	if top := eval[float64](t, wide, "nav", `document.querySelector("nav.dossier-nav").getBoundingClientRect().top`); top > 200 {
		t.Errorf("on a wide screen the navigation is at %v px from the top", top)
	}
}

// Detaching the dossier asks first; "Non, le garder" keeps it linked; only
// "Oui, détacher ce dossier" detaches it.
func TestUnlinkAsksForConfirmation(t *testing.T) {
	s := startServer(t, nil)
	b := newBrowser(t, 360, 740)
	signInAs(t, b, s.URL, auth.FranceConnect, "camille")
	waitText(t, b, "#solde", " / ")
	b.run(t, "open the account page", chromedp.Navigate(s.URL+"/compte"), chromedp.WaitVisible(chromedp.ID("detacher")))
	b.run(t, "ask to detach", chromedp.Click(chromedp.ID("detacher")), chromedp.WaitVisible(chromedp.ID("confirmer-detachement")))
	if got := eval[string](t, b, "expanded", `document.getElementById("detacher").getAttribute("aria-expanded")`); got != "true" {
		t.Errorf("the button's aria-expanded is %q while the question is open", got)
	}
	if me := fetchIn(t, b, "GET", "/api/v1/me", ""); !strings.Contains(me.Body, `"linked":true`) {
		t.Fatalf("asking detached the dossier: %s", me.Body)
	}
	b.run(t, "keep it", chromedp.Click(chromedp.ID("annuler")), chromedp.WaitNotPresent(chromedp.ID("confirmer-detachement")))
	if me := fetchIn(t, b, "GET", "/api/v1/me", ""); !strings.Contains(me.Body, `"linked":true`) {
		t.Fatalf("« Non, le garder » detached the dossier: %s", me.Body)
	}
	b.run(t, "detach", chromedp.Click(chromedp.ID("detacher")), chromedp.WaitVisible(chromedp.ID("confirmer")), chromedp.Click(chromedp.ID("confirmer")))
	waitPath(t, b, "/rattachement")
	if me := fetchIn(t, b, "GET", "/api/v1/me", ""); !strings.Contains(me.Body, `"linked":false`) {
		t.Errorf("after confirming, the account is still linked: %s", me.Body)
	}
	b.checkClean(t)
}
