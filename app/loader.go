package app

import (
	"encoding/json"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/api"
	"mespoints/points"
)

// loadState says what a dossier page can show.
type loadState int

const (
	// stateLoading: nothing known yet (also what the server prerenders).
	stateLoading loadState = iota
	// stateSignedOut: no session; the page offers to sign in.
	stateSignedOut
	// stateNotLinked: signed in, but no dossier linked to the account yet.
	stateNotLinked
	// stateNoData: offline, and nothing kept on the device.
	stateNoData
	// stateFailed: the server answered with an error and nothing is kept.
	stateFailed
	// stateReady: a dossier to show, fresh or kept on the device.
	stateReady
)

// dossierView is what a dossier page renders from.
type dossierView struct {
	state   loadState
	me      api.Me
	dossier *api.Dossier
	// offline is true when the dossier comes from the device because the
	// server could not be reached.
	offline bool
	// today is the day the numbers are computed for: the device's date.
	today points.Date
	// result is the engine's answer for today; valid when hasResult.
	result    points.Result
	hasResult bool
}

// deviceCopy is what the app keeps on the device.
type deviceCopy struct {
	Me      api.Me       `json:"me"`
	Dossier *api.Dossier `json:"dossier"`
}

// freshFor is how long a dossier fetched from the server is shown without
// asking again while the person moves between pages.
const freshFor = time.Minute

// memory is the last view, kept while the app runs so that moving between
// pages is instant. It only ever lives in the browser's memory.
var memory struct {
	view    dossierView
	fetched time.Time
}

// generation counts the times the app forgot the dossier (sign-out, another
// person): an answer that left before cannot be kept after.
var generation int

// forget drops the in-memory and on-device copies of the dossier.
func forget() {
	generation++
	memory.view = dossierView{}
	memory.fetched = time.Time{}
	wipeDevice()
}

// viewOf builds a ready view of a dossier, computed for today.
func viewOf(me api.Me, d *api.Dossier, offline bool) dossierView {
	v := dossierView{state: stateReady, me: me, dossier: d, offline: offline, today: points.DateOf(time.Now())}
	if res, err := computeDossier(d, v.today); err == nil {
		v.result, v.hasResult = res, true
	}
	return v
}

// deviceView is the view of the dossier kept on the device, if there is
// one.
func deviceView(offline bool) (dossierView, bool) {
	b := loadDevice()
	if b == nil {
		return dossierView{}, false
	}
	var c deviceCopy
	if json.Unmarshal(b, &c) != nil || c.Dossier == nil {
		return dossierView{}, false
	}
	return viewOf(c.Me, c.Dossier, offline), true
}

// loadDossier gives set the best view it has at once (memory, then the
// device copy), then asks the server and gives set the answer. It runs in
// the browser only.
func loadDossier(ctx app.Context, set func(dossierView)) {
	if memory.view.state == stateReady {
		v := memory.view
		if v.offline || time.Since(memory.fetched) > freshFor {
			v = viewOf(v.me, v.dossier, v.offline) // today may have changed
		}
		set(v)
		if !v.offline && time.Since(memory.fetched) < freshFor {
			return
		}
	} else if v, ok := deviceView(!navigatorOnline()); ok {
		set(v)
	}
	gen := generation
	ctx.Async(func() {
		v := fetchDossier(gen)
		ctx.Dispatch(func(ctx app.Context) {
			if gen != generation {
				return // signed out meanwhile
			}
			if v.state == stateReady && !v.offline {
				memory.view, memory.fetched = v, time.Now()
			}
			set(v)
		})
	})
}

// fetchDossier asks the server who is signed in and their dossier, keeps
// the dossier on the device, and falls back on the device copy when the
// server cannot be reached.
func fetchDossier(gen int) dossierView {
	kept := func(fail loadState) dossierView {
		if v, ok := deviceView(true); ok {
			return v
		}
		return dossierView{state: fail}
	}
	res, err := fetchAPI("GET", "/api/v1/me", nil)
	if err != nil {
		return kept(stateNoData)
	}
	switch {
	case errorOf(res).Code == api.CodeNotSignedIn:
		// No session: whatever is on the device belongs to a session
		// that ended, perhaps someone else's.
		forget()
		return dossierView{state: stateSignedOut}
	case res.Status != 200:
		return kept(stateFailed)
	}
	var me api.Me
	if err := json.Unmarshal(res.Body, &me); err != nil {
		return kept(stateFailed)
	}
	if !me.Linked {
		forget()
		return dossierView{state: stateNotLinked, me: me}
	}
	res, err = fetchAPI("GET", "/api/v1/dossier", nil)
	if err != nil {
		return kept(stateNoData)
	}
	if res.Status != 200 {
		return kept(stateFailed)
	}
	d, err := decodeDossier(res.Body)
	if err != nil {
		return kept(stateFailed)
	}
	d.FetchedAt = time.Now()
	if b, err := json.Marshal(deviceCopy{Me: me, Dossier: d}); err == nil && gen == generation {
		// The copy replaces any other: one person's data at a time.
		saveDevice(b)
	}
	return viewOf(me, d, false)
}
