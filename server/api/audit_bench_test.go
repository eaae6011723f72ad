package api

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"mespoints/server/auth"
)

// BenchmarkPointsAudit serves GET /api/v1/points for a signed-in person
// through the real API handler (and the sign-in's session check), with
// the audit log on — each request records an entry, which the log writes
// in batches — against the same route with no audit log
// (baseline=audit-off).
func BenchmarkPointsAudit(b *testing.B) {
	for _, tc := range []struct {
		name  string
		audit bool
	}{{"baseline=audit-off", false}, {"audit-on", true}} {
		b.Run(tc.name, func(b *testing.B) {
			e := newEnv(b, envOptions{noAudit: !tc.audit})
			p := e.signIn(b, auth.FranceConnect, "camille")
			req := httptest.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/points", nil)
			for _, c := range p.client.Jar.Cookies(mustURL(e.srv.URL)) {
				req.AddCookie(c)
			}
			h := e.srv.Config.Handler
			b.ResetTimer()
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("GET /api/v1/points: %d %s", w.Code, w.Body)
				}
			}
			b.StopTimer()
			if tc.audit {
				trail, err := e.auth.AuditTrail()
				if err != nil || len(trail) < b.N {
					b.Fatalf("%d audit entries for %d requests (%v)", len(trail), b.N, err)
				}
			}
		})
	}
}
