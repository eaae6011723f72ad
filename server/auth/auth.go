// Package auth signs people in with OpenID Connect — the licence account
// (a Keycloak realm "usager") and FranceConnect v2 — as a relying party
// built on go-oidc and x/oauth2. It holds the sessions, the accounts and
// their link to a dossier and the lock of the linking form after wrong
// answers, in the store's bbolt file, and writes the views of dossiers to
// the audit log (package audit).
//
// Routes, mounted under /auth/:
//
//	GET  /auth/{provider}/login     start a sign-in (authorization code flow with PKCE)
//	GET  /auth/{provider}/callback  finish it: check state, exchange the code, verify
//	                                the ID token and userinfo, open a session
//	GET  /auth/logout               a French page asking to confirm the sign-out
//	POST /auth/logout               sign out (then FranceConnect's own sign-out)
//	GET  /auth/logged-out           where FranceConnect sends the browser back
//
// A failed sign-in shows a French page and logs one line with a fixed
// reason, never a token, a code or a state.
package auth

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"mespoints/server/audit"
	"mespoints/server/store"
)

// Options configure the service.
type Options struct {
	// Store holds the sessions, accounts, links and lockouts.
	Store *store.Store
	// Audit is the audit log that Audit writes to; nil records nothing
	// (for tests and benchmarks only: a server always has one).
	Audit *audit.Log
	// Providers are the providers people can sign in with.
	Providers []ProviderConfig
	// BaseURL is the public address of the service, without trailing
	// slash.
	BaseURL string
	// Dev is development mode: a sign-in started on another host name
	// than BaseURL's (localhost for 127.0.0.1) first moves to BaseURL's,
	// so that its cookie comes back with the callback.
	Dev bool
	// ClientIPHeader is the header holding the client address behind a
	// reverse proxy ("X-Forwarded-For" or "X-Real-IP"), empty for the
	// connection's address.
	ClientIPHeader string
	// Log receives the refusals and the links; nil discards.
	Log *slog.Logger
	// Now is the clock; nil means time.Now. Tests move it to expire
	// sessions and lockouts.
	Now func() time.Time
	// HTTPClient speaks to the providers; nil means a client with a 10 s
	// timeout.
	HTTPClient *http.Client
	// Timeout bounds each exchange with a provider (discovery, token,
	// userinfo); 0 means 10 s.
	Timeout time.Duration
}

// Service is the sign-in of Mes points. Build it with New.
type Service struct {
	store    *store.Store
	audit    *audit.Log
	log      *slog.Logger
	now      func() time.Time
	rps      map[string]*relyingParty
	flows    *flows
	base     *url.URL
	dev      bool
	ipHeader string
	addrKey  []byte
}

// New builds the service. It does not reach the providers: discovery
// happens at the first sign-in with each.
func New(opts Options) (*Service, error) {
	if opts.Store == nil {
		return nil, errors.New("auth: no store")
	}
	base, err := url.Parse(opts.BaseURL)
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("auth: base URL %q: not an absolute URL", opts.BaseURL)
	}
	s := &Service{
		store:    opts.Store,
		audit:    opts.Audit,
		log:      opts.Log,
		now:      opts.Now,
		rps:      make(map[string]*relyingParty),
		flows:    newFlows(),
		base:     base,
		dev:      opts.Dev,
		ipHeader: http.CanonicalHeaderKey(opts.ClientIPHeader),
		addrKey:  make([]byte, 32),
	}
	rand.Read(s.addrKey)
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	client := opts.HTTPClient
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	for _, p := range opts.Providers {
		if p.Name != Usager && p.Name != FranceConnect {
			return nil, fmt.Errorf("auth: unknown provider %q", p.Name)
		}
		if p.Issuer == "" || p.ClientID == "" || p.RedirectURL == "" {
			return nil, fmt.Errorf("auth: provider %s: issuer, client id and redirect URL are required", p.Name)
		}
		if !slices.Contains(p.Scopes, "openid") {
			return nil, fmt.Errorf("auth: provider %s: the scopes must include openid", p.Name)
		}
		s.rps[p.Name] = &relyingParty{cfg: p, client: client, timeout: timeout, now: s.now}
	}
	return s, nil
}

// Providers returns the names of the providers configured.
func (s *Service) Providers() []string {
	var out []string
	for _, n := range []string{Usager, FranceConnect} {
		if s.rps[n] != nil {
			out = append(out, n)
		}
	}
	return out
}

// Handler serves the routes under /auth/. Everything but GET and HEAD goes
// through net/http's CrossOriginProtection.
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /auth/{provider}/login", s.login)
	mux.HandleFunc("GET /auth/{provider}/callback", s.callback)
	mux.HandleFunc("GET /auth/logout", s.confirmLogout)
	mux.HandleFunc("POST /auth/logout", s.logout)
	mux.HandleFunc("GET /auth/logged-out", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/", http.StatusSeeOther)
	})
	mux.HandleFunc("/auth/", func(w http.ResponseWriter, r *http.Request) {
		render(w, http.StatusNotFound, page{Title: "Page introuvable", Error: true,
			Paragraphs: []string{"Cette adresse ne correspond à aucune page du service."},
			Links:      []pageLink{{Href: "/", Label: "Retour à l'accueil"}}})
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		render(w, http.StatusForbidden, page{Title: "Requête refusée", Error: true,
			Paragraphs: []string{"Cette demande vient d'un autre site : par sécurité, elle est refusée."},
			Links:      []pageLink{{Href: "/", Label: "Retour à l'accueil"}}})
	}))
	return cop.Handler(mux)
}

// Purge deletes the expired sessions and the lockouts that no longer
// count. The server calls it now and then.
func (s *Service) Purge() error {
	if _, err := s.PurgeSessions(); err != nil {
		return err
	}
	now := s.now()
	if err := s.store.Update(func(tx *bolt.Tx) error { return purgeLockouts(tx, now) }); err != nil {
		return fmt.Errorf("purge lockouts: %w", err)
	}
	return nil
}

// RunPurge calls Purge every interval until ctx is done, logging errors.
func (s *Service) RunPurge(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := s.Purge(); err != nil {
			s.log.Error("purge sessions", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
