package app

import (
	"encoding/json"
	"time"

	"mespoints/api"
	"mespoints/points"
)

// The states of a dossier page, as one small state machine: what the
// page shows while it asks the service, and what it shows after, for each
// answer the service can give (or not give). The page starts in
// stateLoading (with what this run of the app showed last, never the
// device's copy, which may be another person's), asks the service (GET /api/v1/me, then GET /api/v1/dossier), and settle
// turns the answer into the next state and what to do on the device. No
// state waits for ever: every request has a time limit (fetchTimeout), and
// every state but stateReady says what to do next.
//
//	answer of the service                    state            on the device
//	(while asking)                           stateLoading     —
//	no answer, the browser is offline        stateOffline     copy shown, dated  (stateNoData without one)
//	no answer within fetchTimeout            stateOffline     copy shown, dated  (stateNoData without one)
//	401 session_expired                      stateExpired     copy shown, dated
//	401 not_signed_in, a copy on the device  stateExpired     copy shown, dated  (the session ended: sign-out wipes the copy)
//	401 not_signed_in, no copy               stateSignedOut   —
//	/me: signed in, no dossier linked        stateNotLinked   copy wiped; the page moves to the linking form
//	/me and /dossier answered                stateReady       copy replaced
//	any other error                          stateFailed      copy shown, dated (if any)
//	signed out with no network               stateSignedOutHere  copy wiped; the sign-out is sent later
type loadState int

const (
	// stateLoading: asking the service; what this run of the app showed
	// last, if anything, is shown meanwhile (the server prerenders it
	// without a dossier).
	stateLoading loadState = iota
	// stateReady: the dossier as the service just gave it.
	stateReady
	// stateOffline: the service could not be reached (no network, or no
	// answer in time); the device's copy is shown with its date.
	stateOffline
	// stateNoData: the service could not be reached and the device keeps
	// nothing.
	stateNoData
	// stateExpired: the session ended; the device's copy, if any, is
	// shown with its date, and the person signs in again to update it.
	stateExpired
	// stateSignedOut: no session and nothing on the device: sign in.
	stateSignedOut
	// stateNotLinked: signed in, but no dossier linked to the account.
	stateNotLinked
	// stateFailed: the service answered with an error; the device's copy,
	// if any, is shown with its date.
	stateFailed
	// stateSignedOutHere: the person signed out while offline: the device
	// is wiped, the server is told when the network comes back.
	stateSignedOutHere
)

// dossierView is what a dossier page renders from.
type dossierView struct {
	state loadState
	me    api.Me
	// dossier is the dossier to show: fresh in stateReady, the device's
	// copy otherwise; nil when there is none.
	dossier *api.Dossier
	// offline is true when the dossier shown is the device's copy, not a
	// fresh answer of the service.
	offline bool
	// timedOut says, in stateOffline and stateNoData, that the network
	// was there but the service did not answer in time.
	timedOut bool
	// today is the day the numbers are computed for: the device's date.
	today points.Date
	// result is the engine's answer for today; valid when hasResult.
	result    points.Result
	hasResult bool
}

// showsDossier tells whether the page has a dossier to show in its state.
func (v dossierView) showsDossier() bool {
	switch v.state {
	case stateReady, stateOffline, stateExpired, stateFailed, stateLoading:
		return v.dossier != nil
	}
	return false
}

// deviceCopy is what the app keeps on the device.
type deviceCopy struct {
	Me      api.Me       `json:"me"`
	Dossier *api.Dossier `json:"dossier"`
}

// readCopy reads the device's copy, nil when there is none (or it cannot
// be read).
func readCopy(b []byte) *deviceCopy {
	if b == nil {
		return nil
	}
	var c deviceCopy
	if json.Unmarshal(b, &c) != nil || c.Dossier == nil {
		return nil
	}
	return &c
}

// withDossier sets the dossier of v and the engine's result for today.
func (v dossierView) withDossier(me api.Me, d *api.Dossier, offline bool, today points.Date) dossierView {
	v.me, v.dossier, v.offline, v.today = me, d, offline, today
	v.result, v.hasResult = points.Result{}, false
	if res, err := computeDossier(d, today); err == nil {
		v.result, v.hasResult = res, true
	}
	return v
}

// viewOf builds a view in state s, showing the dossier d (nil: none).
func viewOf(s loadState, me api.Me, d *api.Dossier, offline bool, today points.Date) dossierView {
	v := dossierView{state: s, me: me}
	if d == nil {
		return v
	}
	return v.withDossier(me, d, offline, today)
}

// answerKind sorts the service's answers to the loader.
type answerKind int

const (
	// answerDone: /me and, when linked, /dossier answered.
	answerDone answerKind = iota
	// answerUnreachable: a request got no answer (network error).
	answerUnreachable
	// answerTimeout: a request got no answer within fetchTimeout.
	answerTimeout
	// answerError: the service answered with an error, in code.
	answerError
	// answerSignOutPending: a sign-out made offline could not be sent yet:
	// the session is not to be used.
	answerSignOutPending
)

// answer is what the loader got from the service.
type answer struct {
	kind answerKind
	// code is the error's code with answerError ("" when the body was
	// not an error of the API).
	code api.Code
	// me is /me's answer with answerDone (and with errors of /dossier).
	me api.Me
	// dossier is /dossier's answer with answerDone when linked.
	dossier *api.Dossier
}

// deviceEffect is what settle asks the loader to do with the device's
// copy.
type deviceEffect int

const (
	keepCopy deviceEffect = iota
	// saveCopy: replace the copy with the fresh dossier.
	saveCopy
	// wipeCopy: remove the copy (it is not this person's, or not linked
	// any more).
	wipeCopy
)

// settle is the state machine's transition: from the service's answer and
// the device's copy (nil: none), the next view and what to do with the
// copy. It is pure: the loader does the rest.
func settle(a answer, kept *deviceCopy, today points.Date) (dossierView, deviceEffect) {
	copyView := func(s loadState) dossierView {
		if kept == nil {
			return dossierView{state: s}
		}
		return viewOf(s, kept.Me, kept.Dossier, true, today)
	}
	switch a.kind {
	case answerUnreachable, answerTimeout:
		v := copyView(stateOffline)
		if kept == nil {
			v.state = stateNoData
		}
		v.timedOut = a.kind == answerTimeout
		return v, keepCopy
	case answerSignOutPending:
		return dossierView{state: stateSignedOutHere}, wipeCopy
	case answerError:
		switch a.code {
		case api.CodeSessionExpired:
			return copyView(stateExpired), keepCopy
		case api.CodeNotSignedIn:
			if kept == nil {
				return dossierView{state: stateSignedOut}, keepCopy
			}
			// The device keeps a copy, and sign-out wipes it: a session
			// was open here and has ended.
			return copyView(stateExpired), keepCopy
		case api.CodeNotLinked:
			return dossierView{state: stateNotLinked, me: a.me}, wipeCopy
		}
		if kept != nil && a.me.NEPH != "" && kept.Me.NEPH != a.me.NEPH {
			// The session is someone else's: their copy must go.
			return dossierView{state: stateFailed, me: a.me}, wipeCopy
		}
		return copyView(stateFailed), keepCopy
	}
	if !a.me.Linked {
		return dossierView{state: stateNotLinked, me: a.me}, wipeCopy
	}
	return viewOf(stateReady, a.me, a.dossier, false, today), saveCopy
}

// fetchTimeout is the longest the app waits for one answer of the
// service before it says it cannot reach it.
const fetchTimeout = 10 * time.Second

// caller sends one request to the service (fetchAPI in the browser).
type caller func(method, path string, body []byte) (apiResponse, error)

// ask asks the service who is signed in and, when linked, for their
// dossier. fresh, when not nil, is a dossier fetched a moment ago for
// the NEPH it holds: it is used rather than asking for it again.
func ask(call caller, fresh *deviceCopy) answer {
	failed := func(err error) answer {
		if err == errTimeout {
			return answer{kind: answerTimeout}
		}
		return answer{kind: answerUnreachable}
	}
	res, err := call("GET", "/api/v1/me", nil)
	if err != nil {
		return failed(err)
	}
	if res.Status != 200 {
		return answer{kind: answerError, code: errorOf(res).Code}
	}
	var me api.Me
	if json.Unmarshal(res.Body, &me) != nil {
		return answer{kind: answerError}
	}
	if !me.Linked {
		return answer{kind: answerDone, me: me}
	}
	if fresh != nil && fresh.Me.NEPH == me.NEPH {
		return answer{kind: answerDone, me: me, dossier: fresh.Dossier}
	}
	res, err = call("GET", "/api/v1/dossier", nil)
	if err != nil {
		return failed(err)
	}
	if res.Status != 200 {
		return answer{kind: answerError, code: errorOf(res).Code, me: me}
	}
	d, err := decodeDossier(res.Body)
	if err != nil {
		return answer{kind: answerError, me: me}
	}
	d.FetchedAt = time.Now()
	return answer{kind: answerDone, me: me, dossier: d}
}
