package web

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer is a log destination safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// The request log names the route pattern that served a request, found
// by the mux of the sub-handler mounted at a prefix, never the path as
// typed: not for a path the mux cleans and redirects, not for a redirect,
// not for a code in a URL.
func TestTheRequestLogNamesRoutesNotPaths(t *testing.T) {
	api := http.NewServeMux()
	api.HandleFunc("/api/v1/points", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("{}")) })
	api.HandleFunc("/api/", http.NotFound)
	outer := http.NewServeMux()
	outer.Handle("/api/", recordPattern(api))
	outer.HandleFunc("GET /verifier/{code}", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/partage/"+r.PathValue("code"), http.StatusTemporaryRedirect)
	})
	outer.HandleFunc("GET /partage/{code}", func(w http.ResponseWriter, r *http.Request) {})
	var logs lockedBuffer
	srv := httptest.NewServer(logRequests(securityHeaders(outer, true, contentSecurityPolicy()), slog.New(slog.NewJSONHandler(&logs, nil))))
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	tests := []struct {
		path   string
		status int
		route  string
	}{
		{"/api/v1/points", 200, `"route":"GET /api/v1/points"`},
		// The outer mux redirects (307) to the cleaned path, and names its
		// pattern for that path.
		{"/api/v1/../Lefèvre-camille@x", 307, `"route":"GET /api/"`},
		{"/api/v1/points/../../v1/./points", 307, `"route":"GET /api/"`},
		{"/Lefèvre-camille@x", 404, `"route":"-"`},
		{"/api/v2/Lefèvre-camille@x", 404, `"route":"GET /api/"`},
		{"/verifier/K7Q2-9XW4", 307, `"route":"GET /verifier/{code}"`},
		{"/partage/K7Q2-9XW4", 200, `"route":"GET /partage/{code}"`},
	}
	for _, tc := range tests {
		before := len(logs.String())
		req, _ := http.NewRequest(http.MethodGet, srv.URL+tc.path, nil)
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		line := logs.String()[before:]
		if res.StatusCode != tc.status {
			t.Errorf("%s: status %d, want %d", tc.path, res.StatusCode, tc.status)
		}
		if !strings.Contains(line, tc.route) {
			t.Errorf("%s: log %s, want %s", tc.path, line, tc.route)
		}
		for _, typed := range []string{"Lef", "camille", "%C3", "K7Q2", "9XW4", "..", "v2"} {
			if strings.Contains(line, typed) {
				t.Errorf("%s: the log holds %q: %s", tc.path, typed, line)
			}
		}
	}
}

func TestRouteName(t *testing.T) {
	for _, tc := range []struct{ method, pattern, want string }{
		{"GET", "/api/v1/points", "GET /api/v1/points"},
		{"HEAD", "GET /manifest.webmanifest", "GET /manifest.webmanifest"},
		{"POST", "POST example.org/auth/logout", "POST /auth/logout"},
		{"GET", "", "-"},
	} {
		if got := routeName(tc.method, tc.pattern); got != tc.want {
			t.Errorf("routeName(%q, %q) = %q, want %q", tc.method, tc.pattern, got, tc.want)
		}
	}
}
