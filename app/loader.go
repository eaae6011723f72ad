package app

import (
	"encoding/json"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/points"
)

// freshFor is how long a dossier fetched from the server is reused
// without asking for it again while the person moves between pages (who
// is signed in is asked at every page all the same).
const freshFor = time.Minute

// memory is the last view, kept while the app runs so that moving between
// pages is instant. It only ever lives in the browser's memory.
var memory struct {
	view    dossierView
	fetched time.Time
}

// generation counts the times the person made the app forget the dossier
// (sign-out, unlinking, linking another): an answer asked for before
// cannot be kept after. The loader never changes it.
var generation int

// shown is the page on screen: how to set its view, and how to load it
// again (the "Réessayer" button, a sign-out made offline).
var shown struct {
	set    func(dossierView)
	reload func(app.Context)
	// ctx is the page's context, to draw it again from outside.
	ctx *app.Context
}

// forget drops the in-memory and on-device copies of the dossier, for an
// action of the person: answers on their way are dropped too.
func forget() {
	generation++
	memory.view = dossierView{}
	memory.fetched = time.Time{}
	wipeDevice()
}

// today is the device's date, for the engine.
func today() points.Date { return points.DateOf(time.Now()) }

// loadDossier gives set the view this run of the app last showed, as
// stateLoading, then asks the service and gives set the settled state. It
// runs in the browser only.
func loadDossier(ctx app.Context, set func(dossierView)) {
	if app.IsServer {
		// A prerendered page is drawn for no one, by many requests at
		// once: it shows the loading state and touches nothing shared.
		set(dossierView{state: stateLoading})
		return
	}
	shown.set, shown.ctx = set, &ctx
	shown.reload = func(ctx app.Context) { loadDossier(ctx, set) }
	// The page the app started on, drawn by the server for the person:
	// the answers it was drawn from are the service's, just given.
	if data, ok := pageData(ctx.Page().URL().Path, true); ok {
		settled(ctx, pageDataAnswer(data), set)
		return
	}
	// What this run of the app showed is shown again at once. The
	// device's copy is not: it may be another person's, who did not sign
	// out, and the person now signed in must not see it, not even for a
	// moment. It is shown once the service says the session ended, or
	// cannot be reached.
	if v := memory.view; v.dossier != nil {
		set(viewOf(stateLoading, v.me, v.dossier, v.offline, today()))
	} else {
		set(dossierView{state: stateLoading})
	}
	var fresh *deviceCopy
	if memory.view.state == stateReady && time.Since(memory.fetched) < freshFor {
		fresh = &deviceCopy{Me: memory.view.me, Dossier: memory.view.dossier}
	}
	gen := generation
	ctx.Async(func() {
		var a answer
		if !sendPendingSignOut() {
			a = answer{kind: answerSignOutPending}
		} else {
			a = ask(fetchAPI, fresh)
		}
		ctx.Dispatch(func(ctx app.Context) {
			if gen != generation {
				return // the person signed out or unlinked meanwhile
			}
			settled(ctx, a, set)
		})
	})
}

// settled applies the service's answer: the new view, the device's copy,
// the notices, and the linking form for an account not linked yet.
func settled(ctx app.Context, a answer, set func(dossierView)) {
	kept := readCopy(loadDevice())
	v, effect := settle(a, kept, today())
	switch effect {
	case saveCopy:
		if b, err := json.Marshal(deviceCopy{Me: v.me, Dossier: v.dossier}); err == nil {
			// The copy replaces any other: one person's data at a time.
			saveDevice(b)
			forgetOthersExams(v.me.NEPH)
		}
	case wipeCopy:
		wipeDevice()
	}
	addNotices(a.me.Notices)
	if v.state == stateReady {
		memory.view, memory.fetched = v, time.Now()
	} else if v.dossier == nil {
		memory.view, memory.fetched = dossierView{}, time.Time{}
	}
	set(v)
	if v.state == stateNotLinked && ctx.Page().URL().Path != PathAccount {
		ctx.Navigate(PathLink)
		return
	}
	if v.state != stateReady && v.state != stateLoading {
		focusSoon(ctx, messageID(v.state))
	}
}

// focusSoon moves the focus to the element id once the page is drawn, so
// that a screen reader reads the new state's message.
func focusSoon(ctx app.Context, id string) {
	ctx.Defer(func(ctx app.Context) { focusElement(id) })
}
