// Package httpd runs the web server of Mes points: it opens what the
// server needs, listens, and shuts down gracefully.
package httpd

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"
	_ "time/tzdata" // Europe/Paris on machines without a time zone database

	"mespoints/points"
	"mespoints/server/admin"
	"mespoints/server/api"
	"mespoints/server/audit"
	"mespoints/server/auth"
	"mespoints/server/booking"
	"mespoints/server/config"
	"mespoints/server/demo"
	"mespoints/server/docweb"
	"mespoints/server/kv"
	"mespoints/server/kv/kvopen"
	"mespoints/server/mail"
	"mespoints/server/registry"
	"mespoints/server/shares"
	"mespoints/server/signing"
	"mespoints/server/store"
	"mespoints/server/web"
)

// shutdownGrace is how long in-flight requests get to finish at shutdown.
const shutdownGrace = 10 * time.Second

// Server is a running Mes points server.
type Server struct {
	// Handler is the whole site, for tests that want to call it directly.
	Handler *web.Handler
	// Addr is the address actually listened on (useful with port 0).
	Addr string
	// Store is the open store.
	Store *store.Store
	// Auth is the sign-in service, for tests that look at sessions.
	Auth *auth.Service
	// KV is the state shared by the nodes (etcd with -etcd-endpoints, else
	// DATA/shared.db).
	KV kv.Store
	// Audit is the audit log.
	Audit *audit.Log
	// Outbox is, in -dev without -smtp-addr, the local mail catcher the
	// linking codes go to (also shown at /dev-mail/), kept in KV; nil
	// otherwise.
	Outbox *mail.Outbox
	// Booking holds the exam places and bookings, in KV.
	Booking *booking.Service

	cfg      config.Config
	log      *slog.Logger
	listener net.Listener
	http     *http.Server
	closers  []func() error
	admin    *admin.Server
	paris    *time.Location
}

// today is the day in France.
func (s *Server) today() points.Date { return points.DateOf(time.Now().In(s.paris)) }

// New opens everything the server needs and starts listening, but does
// not serve yet: call Serve. It listens first, so that with port 0 the
// public address (and the issuer of the development provider) names the
// port actually taken; it opens the store, and in -dev loads the demo
// dossiers into an empty store and builds the development provider.
func New(cfg config.Config, log *slog.Logger) (*Server, error) {
	s := &Server{cfg: cfg, log: log}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	s.listener = ln
	s.closers = append(s.closers, func() error { ln.Close(); return nil })
	s.Addr = ln.Addr().String()
	cfg.Addr = s.Addr
	s.cfg = cfg
	h, err := s.build(cfg, log)
	if err != nil {
		s.closeAll()
		return nil, err
	}
	s.Handler = h
	s.http = &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return s, nil
}

// build opens the store and assembles the sign-in, the API, the
// development provider in -dev, and the web handler around them.
func (s *Server) build(cfg config.Config, log *slog.Logger) (*web.Handler, error) {
	st, err := store.Open(cfg.Data, nil)
	if err != nil {
		return nil, err
	}
	s.Store = st
	s.closers = append(s.closers, st.Close)
	// The audit log, closed after the requests and the admin socket end:
	// every entry recorded is written.
	auditLog, err := audit.Open(cfg.Data, audit.Options{Node: cfg.Node, Retention: cfg.AuditRetention, Log: log})
	if err != nil {
		return nil, err
	}
	s.Audit = auditLog
	s.closers = append(s.closers, auditLog.Close)
	if n, err := auditLog.Adopt(st); err != nil {
		return nil, err
	} else if n > 0 {
		log.Info("audit: entries moved from the store to the audit log", "entries", n)
	}
	// The local admin socket serves live backups, imports and audit reads
	// (mespoints backup, import, audit).
	adm, err := admin.Listen(cfg.Data, st, log)
	if err != nil {
		s.closeAll()
		return nil, err
	}
	adm.Import = func(r io.Reader) (store.ImportStats, error) {
		// An extract of the registry, or a catalogue of exam centres and
		// sessions (its lines have a "kind"), which goes to the shared
		// state.
		br := bufio.NewReaderSize(r, booking.MaxLine)
		if booking.IsCatalogue(booking.FirstLine(br)) {
			stats, err := booking.Import(context.Background(), s.KV, br, s.today())
			return store.ImportStats{Added: stats.Added, Changed: stats.Changed, Unchanged: stats.Unchanged}, err
		}
		return registry.Import(br, st, registry.ImportOptions{})
	}
	adm.Audit = auditLog
	s.admin = adm
	s.closers = append(s.closers, adm.Close) // closers run last-first: the socket closes before the store
	shared, backend, err := kvopen.Open(cfg)
	if err != nil {
		return nil, err
	}
	s.KV = shared
	s.closers = append(s.closers, shared.Close)
	log.Info("shared state", "backend", backend)
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return nil, fmt.Errorf("time zone: %w", err)
	}
	s.paris = paris
	today := s.today()
	s.Booking = booking.New(shared, log)
	if cfg.Dev {
		file, taken := demo.Catalogue(today)
		if seeded, err := s.Booking.SeedIfEmpty(context.Background(), file, taken, today, time.Now()); err != nil {
			return nil, err
		} else if seeded {
			log.Info("demo exam catalogue loaded", "weeks", demo.CatalogueWeeks)
		}
	}
	// The places and bookings agree, or the sessions that do not are held
	// (see booking.Service.Check).
	if _, err := s.Booking.Check(context.Background()); err != nil {
		return nil, fmt.Errorf("check the exam places: %w", err)
	}
	provs, devClients, err := providers(context.Background(), cfg, shared)
	if err != nil {
		return nil, err
	}
	var devIDP http.Handler
	if cfg.Dev {
		p, err := devProvider(context.Background(), cfg, st, shared, devClients, today, log)
		if err != nil {
			return nil, fmt.Errorf("development provider: %w", err)
		}
		if p != nil {
			devIDP = p
		}
	}
	if len(provs) == 0 {
		log.Warn("no sign-in provider configured: only the public pages are served")
	}
	sender, devMail := mailer(cfg, shared)
	if devMail != nil {
		s.Outbox = devMail
	}
	a, err := auth.New(auth.Options{
		KV: shared, Store: st, Mail: sender, Audit: auditLog, Providers: provs, BaseURL: cfg.BaseURL(), Dev: cfg.Dev,
		ClientIPHeader: cfg.ClientIPHeader, Log: log,
	})
	if err != nil {
		return nil, err
	}
	s.Auth = a
	// Accounts and links an earlier version kept in mespoints.db move to
	// the shared state, once.
	moveCtx, cancel := context.WithTimeout(context.Background(), time.Minute)
	n, err := a.MoveFromStore(moveCtx, st)
	cancel()
	if err != nil {
		return nil, err
	}
	if n > 0 {
		log.Info("sign-in: accounts moved from the store to the shared state", "accounts", n)
	}
	// The documents' signing keys: the first start makes the first one.
	// A shared state away now is not fatal: the first document signed
	// makes it then.
	keys := signing.New(shared, nil)
	if kid, made, err := keys.Ensure(context.Background()); err != nil {
		log.Warn("signing key not checked at start", "err", err)
	} else if made {
		log.Info("signing key made", "kid", kid)
	}
	keysAdmin := signing.AdminHandler(keys) // mespoints keys, through the admin socket
	s.admin.Handle("/keys", keysAdmin)
	s.admin.Handle("/keys/", keysAdmin)
	shareCodes := shares.New(shared, nil)
	apiHandler, err := api.New(api.Options{Auth: a, Store: st, Booking: s.Booking, Log: log, Keys: keys, Shares: shareCodes, BaseURL: cfg.BaseURL()})
	if err != nil {
		return nil, err
	}
	docs, err := docweb.New(docweb.Options{Auth: a, Store: st, Keys: keys, Shares: shareCodes, BaseURL: cfg.BaseURL(), Log: log})
	if err != nil {
		return nil, err
	}
	var devMailPage http.Handler
	if devMail != nil {
		devMailPage = devMail.Handler()
	}
	return web.New(web.Options{
		WebDir: cfg.Web, Dev: cfg.Dev, Domain: cfg.Host(), Log: log,
		API: apiHandler, PageData: apiHandler.PageData, Auth: a.Handler(), DevIDP: devIDP, DevMail: devMailPage, Routes: docs.Routes(),
		Healthz: func() error {
			if _, err := st.Count(); err != nil {
				return err
			}
			return sharedHealth(shared)
		},
	})
}

// Serve serves until ctx is done, then lets in-flight requests finish and
// closes everything New opened.
func (s *Server) Serve(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(s.listener) }()
	adminErr := make(chan error, 1)
	go func() { adminErr <- s.admin.Serve(ctx) }()
	s.log.Info("serving", "addr", s.Addr, "version", s.Handler.Version, "dev", s.cfg.Dev, "sign-in", s.Auth.Providers())

	var serveErr error
	select {
	case err := <-errc:
		serveErr = fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
		s.log.Info("shutting down")
		sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
		defer cancel()
		if err := s.http.Shutdown(sctx); err != nil {
			serveErr = fmt.Errorf("shut down: %w", err)
		}
		if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) && serveErr == nil {
			serveErr = fmt.Errorf("serve: %w", err)
		}
	}
	if err := s.closeAll(); err != nil && serveErr == nil {
		serveErr = err
	}
	if err := <-adminErr; err != nil && serveErr == nil {
		serveErr = err
	}
	return serveErr
}

// closeAll closes what New opened, last opened first.
func (s *Server) closeAll() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i]())
	}
	s.closers = nil
	return errors.Join(errs...)
}

// mailer returns what sends the linking codes: the mail server of
// -smtp-addr (STARTTLS required outside -dev), or in -dev without one the
// local catcher, kept in the shared state (so that every node of a
// development cluster shows every node's mail), returned twice (also as
// the outbox to show).
func mailer(cfg config.Config, shared kv.Store) (mail.Sender, *mail.Outbox) {
	if cfg.SMTP.Configured() {
		return &mail.SMTP{Addr: cfg.SMTP.Addr, From: cfg.SMTP.From, User: cfg.SMTP.User, Password: cfg.SMTP.Password, RequireTLS: !cfg.Dev}, nil
	}
	if cfg.Dev {
		o := mail.NewSharedOutbox(shared)
		return o, o
	}
	return nil, nil
}

// sharedHealth tells whether the shared state answers: a read of a key
// nobody writes, which etcd serves only with a quorum.
func sharedHealth(s kv.Store) error {
	_, err := s.Get(context.Background(), "health/probe")
	if err != nil && !errors.Is(err, kv.ErrNotFound) {
		return err
	}
	return nil
}
