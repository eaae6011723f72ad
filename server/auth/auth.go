// Package auth signs people in with OpenID Connect — the licence account
// (a Keycloak realm "usager") and FranceConnect v2 — as a relying party
// built on go-oidc and x/oauth2. It holds the sessions, the accounts and
// their links to dossiers, the pending sign-ins, the one-time codes of
// linking and the locks after wrong answers, all in the state shared by
// the nodes (kv.Store: see keys.go for the layout), and writes the views
// and changes of dossiers to the audit log (package audit).
//
// Routes, mounted under /auth/:
//
//	GET  /auth/{provider}/login       start a sign-in (authorization code flow with PKCE);
//	                                  ?retour=/page comes back to that page of the app
//	GET  /auth/{provider}/callback    finish it: check state, exchange the code, verify
//	                                  the ID token and userinfo, open a session
//	GET  /auth/logout                 a French page asking to confirm the sign-out
//	POST /auth/logout                 sign out (then the provider's own sign-out)
//	POST /auth/logout-everywhere      end every session of the account, then as above
//	GET  /auth/logged-out             where the providers send the browser back
//
// A failed sign-in shows a French page and logs one line with a fixed
// reason, never a token, a code or a state.
package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"sync"
	"time"

	"mespoints/server/audit"
	"mespoints/server/internal/cache"
	"mespoints/server/kv"
	"mespoints/server/mail"
	"mespoints/server/store"
)

// Options configure the service.
type Options struct {
	// KV is the state shared by the nodes: accounts, links, sessions,
	// pending sign-ins, codes and locks.
	KV kv.Store
	// Store holds the dossiers (read to link them).
	Store *store.Store
	// Mail sends the one-time codes of licence-account links; nil means
	// none can be sent (such links then fail with ErrMailFailed).
	Mail mail.Sender
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
	kv       kv.Store
	store    *store.Store
	mail     mail.Sender
	audit    *audit.Log
	log      *slog.Logger
	now      func() time.Time
	rps      map[string]*relyingParty
	base     *url.URL
	dev      bool
	ipHeader string
	paris    *time.Location

	secretMu sync.Mutex
	secret   []byte // the address secret, once read (see addressSecret)

	// sessions and accounts keep the last decoding of the entries a
	// session check reads (see readDecoded).
	sessions *cache.Map[string, decoded[Session]]
	accounts *cache.Map[string, decoded[Account]]
}

// noMail is the Sender of a service given none.
type noMail struct{}

func (noMail) Send(context.Context, mail.Message) error {
	return errors.New("no mail sender configured")
}

// New builds the service. It does not reach the providers: discovery
// happens at the first sign-in with each.
func New(opts Options) (*Service, error) {
	if opts.Store == nil || opts.KV == nil {
		return nil, errors.New("auth: the shared state and the store are required")
	}
	base, err := url.Parse(opts.BaseURL)
	if err != nil || base.Host == "" {
		return nil, fmt.Errorf("auth: base URL %q: not an absolute URL", opts.BaseURL)
	}
	s := &Service{
		kv:       opts.KV,
		store:    opts.Store,
		mail:     opts.Mail,
		audit:    opts.Audit,
		log:      opts.Log,
		now:      opts.Now,
		rps:      make(map[string]*relyingParty),
		base:     base,
		dev:      opts.Dev,
		ipHeader: http.CanonicalHeaderKey(opts.ClientIPHeader),
		sessions: newDecodedCache[Session](),
		accounts: newDecodedCache[Account](),
	}
	if s.mail == nil {
		s.mail = noMail{}
	}
	if s.paris, err = time.LoadLocation("Europe/Paris"); err != nil {
		s.paris = time.UTC
	}
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
	mux.HandleFunc("POST /auth/logout-everywhere", s.logoutEverywhere)
	mux.HandleFunc("GET /auth/logged-out", s.loggedOut)
	mux.HandleFunc("/auth/", func(w http.ResponseWriter, r *http.Request) {
		render(w, http.StatusNotFound, page{Title: "Page introuvable", Alert: true,
			Paragraphs: []string{"Cette adresse ne correspond à aucune page du service."},
			Links:      []pageLink{{Href: "/", Label: "Retour à l'accueil"}}})
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		render(w, http.StatusForbidden, page{Title: "Requête refusée", Alert: true,
			Paragraphs: []string{"Cette demande vient d'un autre site : par sécurité, elle est refusée."},
			Links:      []pageLink{{Href: "/", Label: "Retour à l'accueil"}}})
	}))
	return cop.Handler(mux)
}
