package api

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"mespoints/server/auth"
)

// BenchmarkReadRoutes serves the read routes a page of the app asks for
// through the real API handler (session check, audit log, answers), from
// as many goroutines as there are cores, beside a bare net/http handler
// writing "hello" served the same way (baseline=hello-handler; no slash in a
// sub-benchmark name, which go test would read as a level): `make
// bench` prints each route's cost as a multiple of it. The load of the
// whole server over loopback, with wrk, is make bench's "API" figure.
func BenchmarkReadRoutes(b *testing.B) {
	e := newEnv(b, envOptions{})
	p := e.signIn(b, auth.FranceConnect, "camille")
	cookies := p.client.Jar.Cookies(mustURL(e.srv.URL))
	serve := func(b *testing.B, h http.Handler, path string) {
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			req := httptest.NewRequest(http.MethodGet, e.srv.URL+path, nil)
			for _, c := range cookies {
				req.AddCookie(c)
			}
			for pb.Next() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Errorf("GET %s: %d %s", path, w.Code, w.Body)
					return
				}
			}
		})
	}
	hello := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "hello") })
	b.Run("baseline=hello-handler", func(b *testing.B) { serve(b, hello, "/") })
	for _, route := range []string{"points", "history", "calendar", "me", "dossier"} {
		b.Run(route, func(b *testing.B) { serve(b, e.srv.Config.Handler, "/api/v1/"+route) })
	}
}
