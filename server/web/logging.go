package web

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// statusRecorder remembers the status and size of a response for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// routeKey is the context key of a request's *route.
type routeKey struct{}

// route is where the ServeMux that handled a request leaves the pattern
// it matched, for the log: the outer mux mounts sub-handlers (the API, the
// sign-in) at prefixes, and their own muxes match the real route.
type route struct{ pattern string }

// recordPattern wraps a handler that is, or holds, a ServeMux: once it has
// served, the pattern its mux matched (r.Pattern) goes to the request's
// route, unless a deeper mux already put its own there.
func recordPattern(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		if rt, ok := r.Context().Value(routeKey{}).(*route); ok && rt.pattern == "" {
			rt.pattern = r.Pattern
		}
	})
}

// logRequests writes one line per request with the method, the route
// pattern that served it ("GET /api/v1/points", "GET /"), the status, the
// size and the duration. It never logs the path as the client typed it —
// a redirect to a cleaned path, a page that does not exist: "-" — nor the
// query string (sign-in codes and states travel there), nor cookies, nor
// the client's address: no personal data reaches the logs. A pattern holds
// wildcards, never the values they matched: /verifier/{code} is logged as
// such.
func logRequests(next http.Handler, log *slog.Logger) http.Handler {
	next = recordPattern(next)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		rt := &route{}
		next.ServeHTTP(rec, r.WithContext(context.WithValue(r.Context(), routeKey{}, rt)))
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method),
			slog.String("route", routeName(r.Method, rt.pattern)),
			slog.Int("status", rec.status),
			slog.Int("bytes", rec.bytes),
			slog.Duration("duration", time.Since(start)),
		)
	})
}

// routeName is the logged form of a pattern: "METHOD /path", without a
// host; "-" when no pattern matched.
func routeName(method, pattern string) string {
	if pattern == "" {
		return "-"
	}
	m, rest, hasMethod := strings.Cut(pattern, " ")
	if !hasMethod {
		m, rest = method, pattern
	}
	if i := strings.IndexByte(rest, '/'); i > 0 {
		rest = rest[i:] // a host in the pattern
	}
	return m + " " + strings.TrimLeft(rest, " ")
}
