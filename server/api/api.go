// Package api serves the data API of Mes points, JSON under /api/v1, every
// route behind a session (see package auth):
//
//	GET    /api/v1/me        who is signed in, how, and the dossier linked
//	GET    /api/v1/dossier   the linked dossier, for the app to keep and recompute offline
//	GET    /api/v1/points    the balance, ceiling, status and stage today
//	GET    /api/v1/history   the changes of the last 10 years, with the registry's detail
//	GET    /api/v1/calendar  the forecast of restitutions
//	POST   /api/v1/whatif    what a hypothetical offence would change (nothing stored)
//	POST   /api/v1/link      link the account to a dossier (NEPH and date of birth):
//	                         at once with FranceConnect, else a code goes by e-mail (202)
//	POST   /api/v1/link/confirm  the code received by e-mail: links the account
//	DELETE /api/v1/link      unlink it
//	POST   /api/v1/me/notices/ack  the notices of /me were shown
//	GET    /api/v1/account/links   every account linked to the dossier
//	DELETE /api/v1/account/links/{id}  remove another account's link (a proven link only)
//	DELETE /api/v1/account   delete the account
//	GET    /api/v1/documents              which documents this session may have, and why not
//	GET    /api/v1/documents/attestation  an attestation issued now, with its code and QR code
//	POST   /api/v1/shares                 make a share code for the dossier
//	GET    /api/v1/shares                 the person's share codes and their uses
//	DELETE /api/v1/shares/{id}            revoke one
//	GET    /api/v1/exams     the candidate's exam file: code, results, booking, first day to book
//	GET    /api/v1/exams/sessions?departement=31&from=YYYY-MM-DD  the sessions and their places left
//	POST   /api/v1/exams/bookings       book a place (201), or a refusal with a stable code
//	DELETE /api/v1/exams/bookings/{id}  cancel the pending booking
//	GET    /api/v1/exams/bookings/{id}/convocation.ics  the convocation for a calendar
//	GET    /api/v1/exams/page?page=…    the app's exam page as an HTML fragment
//
// A person reaches only the dossier linked to their account: no route takes
// a dossier number in its URL, and the dossier routes read the one the
// session's account is linked to. Every answer has Cache-Control: no-store;
// the GETs have an ETag and answer 304 to If-None-Match; everything else
// goes through net/http's CrossOriginProtection. Errors are
// {"code": "...", "message": "..."} with a French message. Every view of a
// dossier is written to the audit log (package audit).
//
// The bodies it reads and the answers it writes are the wire types of the
// root package mespoints/api, imported here as wire, which the app decodes
// into too; convert.go turns the store's records into them. The golden
// files of testdata/golden pin the JSON of every route and error code.
package api

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/booking"
	"mespoints/server/internal/cache"
	"mespoints/server/kv"
	"mespoints/server/shares"
	"mespoints/server/signing"
	"mespoints/server/store"
)

// Options configure the API.
type Options struct {
	// Auth gives the session of a request, links accounts and audits.
	Auth *auth.Service
	// Store holds the dossiers.
	Store *store.Store
	// Booking holds the exam places and bookings; nil answers the exam
	// routes with 503 unavailable.
	Booking *booking.Service
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives internal errors; nil discards.
	Log *slog.Logger
	// Keys sign the documents' codes.
	Keys *signing.Keys
	// Shares keeps the share codes.
	Shares *shares.Service
	// BaseURL is the service's public address, without trailing slash,
	// for the documents' and share codes' URLs.
	BaseURL string
	// AnswerCacheBytes bounds the cache of computed answers (points,
	// history, calendar), in bytes; 0 means DefaultAnswerCache.
	AnswerCacheBytes int
}

// Handler is the API. Build it with New.
type Handler struct {
	auth    *auth.Service
	store   *store.Store
	booking *booking.Service
	now     func() time.Time
	log     *slog.Logger
	paris   *time.Location
	root    http.Handler
	keys    *signing.Keys
	shares  *shares.Service
	baseURL string
	answers *cache.Map[answerKey, answer]
}

// New builds the API handler.
func New(opts Options) (*Handler, error) {
	if opts.Auth == nil || opts.Store == nil || opts.Keys == nil || opts.Shares == nil {
		return nil, errors.New("api: the sign-in service, the store, the signing keys and the share codes are required")
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return nil, fmt.Errorf("api: %w", err)
	}
	h := &Handler{auth: opts.Auth, store: opts.Store, now: opts.Now, log: opts.Log, paris: paris, booking: opts.Booking,
		keys: opts.Keys, shares: opts.Shares, baseURL: strings.TrimRight(opts.BaseURL, "/"),
		answers: newAnswers(opts.AnswerCacheBytes)}
	if h.now == nil {
		h.now = time.Now
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	routes := map[string]map[string]http.HandlerFunc{
		"/api/v1/me":                 {http.MethodGet: h.signedIn(h.me)},
		"/api/v1/dossier":            {http.MethodGet: h.dossierRoute(h.dossier)},
		"/api/v1/points":             {http.MethodGet: h.computedRoute(pointsAnswer)},
		"/api/v1/history":            {http.MethodGet: h.computedRoute(historyAnswer)},
		"/api/v1/calendar":           {http.MethodGet: h.computedRoute(calendarAnswer)},
		"/api/v1/whatif":             {http.MethodPost: h.dossierRoute(h.whatIf)},
		"/api/v1/link":               {http.MethodPost: h.signedIn(h.link), http.MethodDelete: h.signedIn(h.unlink)},
		"/api/v1/link/confirm":       {http.MethodPost: h.signedIn(h.confirmLink)},
		"/api/v1/me/notices/ack":     {http.MethodPost: h.signedIn(h.ackNotices)},
		"/api/v1/account/links":      {http.MethodGet: h.signedIn(h.accountLinks)},
		"/api/v1/account/links/{id}": {http.MethodDelete: h.signedIn(h.removeLink)},
		"/api/v1/account":            {http.MethodDelete: h.signedIn(h.deleteAccount)},

		"/api/v1/documents":             {http.MethodGet: h.dossierRoute(h.documentsList)},
		"/api/v1/documents/attestation": {http.MethodGet: h.dossierRoute(h.attestation)},
		"/api/v1/shares":                {http.MethodGet: h.signedIn(h.listShares), http.MethodPost: h.dossierRoute(h.createShare)},
		"/api/v1/shares/{id}":           {http.MethodDelete: h.signedIn(h.revokeShare)},

		"/api/v1/exams":                               {http.MethodGet: h.examRoute(h.examFile)},
		"/api/v1/exams/sessions":                      {http.MethodGet: h.examRoute(h.examSessions)},
		"/api/v1/exams/page":                          {http.MethodGet: h.examRoute(h.examPage)},
		"/api/v1/exams/bookings":                      {http.MethodPost: h.examRoute(h.book)},
		"/api/v1/exams/bookings/{id}":                 {http.MethodDelete: h.examRoute(h.cancel)},
		"/api/v1/exams/bookings/{id}/convocation.ics": {http.MethodGet: h.examRoute(h.convocation)},
	}
	for path, methods := range routes {
		mux.Handle(path, byMethod(methods))
	}
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, errNotFound)
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, errCrossOrigin)
	}))
	h.root = noStore(cop.Handler(mux))
	return h, nil
}

// ServeHTTP serves the API.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) { h.root.ServeHTTP(w, r) }

// noStore keeps every answer out of every cache: they are personal.
func noStore(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		// Shared values of capacity 1 (see answer.write).
		h["Cache-Control"] = noStoreValue[:1:1]
		h["Vary"] = varyCookie[:1:1]
		next.ServeHTTP(w, r)
	})
}

var (
	noStoreValue = []string{"no-store"}
	varyCookie   = []string{"Cookie"}
)

// byMethod dispatches on the method, answering 405 with Allow for others.
// HEAD goes where GET goes.
func byMethod(methods map[string]http.HandlerFunc) http.Handler {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
		if methods[m] != nil {
			allow = append(allow, m)
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m := r.Method
		if m == http.MethodHead {
			m = http.MethodGet
		}
		if f := methods[m]; f != nil {
			f(w, r)
			return
		}
		for _, a := range allow {
			w.Header().Add("Allow", a)
		}
		writeError(w, errMethod)
	})
}

// sessionHandler is a route that needs a session.
type sessionHandler func(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account)

// signedIn answers 401 without a live session: session_expired when the
// request carried a session cookie, not_signed_in when it carried none.
func (h *Handler) signedIn(next sessionHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		sess, acct, err := h.auth.Session(r)
		if errors.Is(err, auth.ErrNoSession) {
			if auth.HasSessionCookie(r) {
				writeError(w, errSessionExpired)
			} else {
				writeError(w, errNotSignedIn)
			}
			return
		}
		if err != nil {
			h.internal(w, r, err)
			return
		}
		next(w, r, sess, acct)
	}
}

// view is what a dossier route works on: the session, and the dossier of
// its account, read at one instant.
type view struct {
	sess  auth.Session
	acct  auth.Account
	rec   store.Record
	today points.Date
	now   time.Time
}

// dossierHandler is a route that reads the linked dossier.
type dossierHandler func(w http.ResponseWriter, r *http.Request, v view)

// dossierRoute needs a session whose account is linked (409 not_linked
// otherwise), reads that dossier — the only one the route can reach — and
// records the view in the audit log before answering.
func (h *Handler) dossierRoute(next dossierHandler) http.HandlerFunc {
	return h.signedIn(func(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) {
		if !acct.Linked() {
			writeError(w, errNotLinked)
			return
		}
		rec, ok := h.readDossier(w, r, sess, acct)
		if !ok {
			return
		}
		now := h.now().In(h.paris)
		next(w, r, view{sess: sess, acct: acct, rec: rec, today: points.DateOf(now), now: now})
	})
}

// readDossier reads the account's dossier and records the view in the
// audit log; it answers the error itself when it cannot.
func (h *Handler) readDossier(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) (store.Record, bool) {
	rec, err := h.store.Get(acct.NEPH)
	if errors.Is(err, store.ErrNotFound) {
		writeError(w, errDossierMissing)
		return store.Record{}, false
	}
	if err != nil {
		h.internal(w, r, err)
		return store.Record{}, false
	}
	if !h.audit(w, r, sess, acct) {
		return store.Record{}, false
	}
	return rec, true
}

// audit records the view of the account's dossier by this route; it
// answers the error itself when it cannot.
func (h *Handler) audit(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) bool {
	// The route's pattern, never the path as typed.
	if err := h.auth.Audit(sess, acct.NEPH, r.Method+" "+r.Pattern); err != nil {
		h.internal(w, r, err)
		return false
	}
	return true
}

// computeFunc computes a route's answer from the dossier and the day
// alone, or the API's refusal (refused not nil), or fails.
type computeFunc func(rec store.Record, today points.Date) (v any, refused *wire.Error, err error)

// computedRoute is dossierRoute for a route whose answer depends on the
// dossier and the day only: the encoded answer is kept (see answerKey) and
// served again to the next request of the day, until the records change.
// Every request still checks the session and is audited, cached or not.
func (h *Handler) computedRoute(compute computeFunc) http.HandlerFunc {
	return h.signedIn(func(w http.ResponseWriter, r *http.Request, sess auth.Session, acct auth.Account) {
		if !acct.Linked() {
			writeError(w, errNotLinked)
			return
		}
		// The generation before the record: an answer computed from a
		// record read after an import is then kept under the generation
		// before it, which nothing asks for again.
		gen := h.store.Generation()
		today := points.DateOf(h.now().In(h.paris))
		key := answerKey{route: r.Pattern, neph: acct.NEPH, day: today, generation: gen}
		if a, ok := h.answers.Get(key); ok {
			if h.audit(w, r, sess, acct) {
				a.write(w, r)
			}
			return
		}
		rec, ok := h.readDossier(w, r, sess, acct)
		if !ok {
			return
		}
		v, refused, err := compute(rec, today)
		if refused != nil {
			writeError(w, *refused)
			return
		}
		if err != nil {
			h.internal(w, r, err)
			return
		}
		a, err := encodeAnswer(v, nil, false)
		if err != nil {
			h.internal(w, r, err)
			return
		}
		h.answers.Put(key, a)
		a.write(w, r)
	})
}

// internal logs err (never personal: errors name no person) and answers
// 500; or, when the shared state cannot answer (kv.ErrUnavailable), 503
// unavailable with Retry-After: never a guess.
func (h *Handler) internal(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, kv.ErrUnavailable) {
		h.log.LogAttrs(r.Context(), slog.LevelWarn, "api: shared state unavailable", slog.String("route", r.Method+" "+r.Pattern), slog.String("err", err.Error()))
		w.Header().Set("Retry-After", retryAfter)
		writeError(w, errUnavailable)
		return
	}
	h.log.LogAttrs(r.Context(), slog.LevelError, "api", slog.String("route", r.Method+" "+r.Pattern), slog.String("err", err.Error()))
	writeError(w, errInternal)
}
