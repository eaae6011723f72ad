// Package httpd runs the web server of Mes points: it opens what the
// server needs, listens, and shuts down gracefully.
package httpd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"mespoints/server/config"
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

	cfg      config.Config
	log      *slog.Logger
	listener net.Listener
	http     *http.Server
	closers  []func() error
}

// New opens everything the server needs and starts listening, but does
// not serve yet: call Serve.
func New(cfg config.Config, log *slog.Logger) (*Server, error) {
	s := &Server{cfg: cfg, log: log}
	h, err := web.New(web.Options{WebDir: cfg.Web, Dev: cfg.Dev, Domain: cfg.Host(), Log: log})
	if err != nil {
		return nil, err
	}
	s.Handler = h
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		s.closeAll()
		return nil, fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	s.listener = ln
	s.Addr = ln.Addr().String()
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

// Serve serves until ctx is done, then lets in-flight requests finish and
// closes everything New opened.
func (s *Server) Serve(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(s.listener) }()
	s.log.Info("serving", "addr", s.Addr, "version", s.Handler.Version, "dev", s.cfg.Dev)

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
