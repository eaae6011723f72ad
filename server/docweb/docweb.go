// Package docweb serves the documents' routes outside the data API:
//
//	GET /documents/attestation.pdf      the attestation de droits à conduire (session)
//	GET /documents/releve-integral.pdf  the relevé d'information intégral (FranceConnect session)
//	GET /documents/calendrier.ics       the forecast of restitutions as an iCalendar file (session)
//	GET /documents/cepc.pdf             the certificate of a passed practical test (session, a candidate's)
//	GET /verifier                       a form to type a document's code
//	GET /verifier/{code}                public: is the document authentic, is the licence valid today
//	GET /VERIFIER/{code}                the same, as a QR code's upper-case URL reads
//	GET /partage                        a form to type a share code
//	GET /partage/{code}                 public: what the attestation says, while the code lives
//	GET /.well-known/mespoints-keys.json  the public keys of the codes (JWK set)
//
// Downloads need a session; without one, or when the session may not
// have the document, they answer a French page, or the API's JSON error
// when the request asks for JSON (Accept: application/json). Every
// document issued, every verification and every use of a share code is
// written to the audit log (the route's pattern, never the content). The
// routes are logged by their pattern: /verifier/{code}, never the code.
//
// Its tests are server/api's, whose test server mounts these routes beside
// the API as the real server does, and server/e2e's.
package docweb

import (
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"mespoints/server/auth"
	"mespoints/server/shares"
	"mespoints/server/signing"
	"mespoints/server/store"
)

// Options configure the handler.
type Options struct {
	// Auth gives the session of a request, its address, and audits.
	Auth *auth.Service
	// Store holds the dossiers.
	Store *store.Store
	// Keys sign and verify the codes.
	Keys *signing.Keys
	// Shares keeps the share codes.
	Shares *shares.Service
	// BaseURL is the service's public address, without trailing slash.
	BaseURL string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives internal errors (never a code nor a name); nil
	// discards.
	Log *slog.Logger
}

// Handler serves the documents' routes; Routes lists them.
type Handler struct {
	auth    *auth.Service
	store   *store.Store
	keys    *signing.Keys
	shares  *shares.Service
	baseURL string
	now     func() time.Time
	log     *slog.Logger
}

// New builds the handler.
func New(opts Options) (*Handler, error) {
	if opts.Auth == nil || opts.Store == nil || opts.Keys == nil || opts.Shares == nil {
		return nil, errors.New("docweb: the sign-in service, the store, the keys and the share codes are required")
	}
	h := &Handler{auth: opts.Auth, store: opts.Store, keys: opts.Keys, shares: opts.Shares,
		baseURL: strings.TrimRight(opts.BaseURL, "/"), now: opts.Now, log: opts.Log}
	if h.now == nil {
		h.now = time.Now
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	return h, nil
}

// Routes returns the routes by their ServeMux pattern, for the site's
// mux (package web) to register.
func (h *Handler) Routes() map[string]http.Handler {
	return map[string]http.Handler{
		"GET /documents/attestation.pdf":       noStore(h.attestationPDF),
		"GET /documents/releve-integral.pdf":   noStore(h.integralPDF),
		"GET /documents/calendrier.ics":        noStore(h.calendar),
		"GET /documents/cepc.pdf":              noStore(h.cepcPDF),
		"GET /verifier":                        noStore(h.verifyForm),
		"GET /verifier/{code}":                 noStore(h.verify),
		"GET /VERIFIER/{code}":                 noStore(h.verify),
		"GET /partage":                         noStore(h.shareForm),
		"GET /partage/{code}":                  noStore(h.share),
		"GET /.well-known/mespoints-keys.json": http.HandlerFunc(h.jwks),
	}
}

// noStore keeps an answer out of every cache, and out of search engines.
func noStore(next http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Robots-Tag", "noindex")
		next(w, r)
	})
}

// internal logs err with the route's pattern (never the path, which may
// hold a code) and answers 500, or 503 when the shared state is away.
func (h *Handler) internal(w http.ResponseWriter, r *http.Request, err error) {
	h.log.LogAttrs(r.Context(), slog.LevelError, "documents", slog.String("route", r.Pattern), slog.String("err", err.Error()))
	h.failPage(w, r, err)
}
