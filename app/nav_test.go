//go:build !wasm

package app

import (
	"strings"
	"testing"
)

// The navigation holds at most 5 entries, the current page marked for
// screen readers; a licence holder's other pages are behind "Plus", which
// is marked (without aria-current) when one of them is open.
func TestNavigationFitsOneRow(t *testing.T) {
	v := readyView(t, camilleLike(), day(2024, 8, 23), false)
	for _, current := range []string{PathBalance, PathHistory, PathWhatIf, PathLicence, PathAccount, PathMore} {
		got := printUI(navigation(current, v))
		if n := strings.Count(got, "<li"); n > maxBar {
			t.Errorf("%s: %d entries, at most %d", current, n, maxBar)
		}
		for _, want := range []string{"<nav ", `class="dossier-nav"`, `aria-label="Mon dossier"`, `href="/solde"`, `href="/plus"`, `<span class="nav-label">Plus</span>`, `aria-hidden="true"`} {
			if !strings.Contains(got, want) {
				t.Errorf("%s: navigation lacks %q", current, want)
			}
		}
		marked := strings.Count(got, `aria-current="page"`)
		inBar := strings.Contains(got, `href="`+current+`"`)
		if inBar && marked != 1 || !inBar && (marked != 0 || !strings.Contains(got, "nav-group-current")) {
			t.Errorf("%s: %d entries marked current (in the bar: %v):\n%s", current, marked, inBar, got)
		}
	}
	more := printUI(screenOf(newMore, v).Render())
	for _, want := range []string{`href="/simulateur"`, `href="/permis"`, `href="/compte"`, "Numéro, catégories"} {
		if !strings.Contains(more, want) {
			t.Errorf("the Plus page lacks %q", want)
		}
	}
}

// A candidate without a licence sees their own entries, no balance,
// history, calendar nor stage: no dead end.
func TestCandidateNavigationHasNoDeadEnds(t *testing.T) {
	d := camilleLike()
	d.Licence, d.Events = nil, nil
	got := printUI(navigation(PathBalance, dossierView{state: stateReady, dossier: d}))
	for _, dead := range []string{PathHistory, PathCalendar, PathStage, PathWhatIf, PathLicence, PathMore} {
		if strings.Contains(got, `href="`+dead+`"`) {
			t.Errorf("a candidate's navigation leads to %s", dead)
		}
	}
	for _, want := range []string{">Dossier<", `href="/compte"`} {
		if !strings.Contains(got, want) {
			t.Errorf("a candidate's navigation lacks %q", want)
		}
	}
}

// Every entry of the navigation has an icon drawn for it.
func TestEveryNavEntryHasAnIcon(t *testing.T) {
	for _, e := range append(dossierNav, navEntry{icon: "plus"}) {
		if navIcons[e.icon] == "" {
			t.Errorf("%s has no icon %q", e.label, e.icon)
		}
	}
}
