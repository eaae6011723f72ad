package web

import (
	"net/http"
	"strings"
)

// contentSecurityPolicy allows what the app needs and nothing else: its own
// scripts, the compilation of its own WebAssembly ('wasm-unsafe-eval'), the
// inline scripts of the given sources (their hashes: the start of app.wasm's
// compilation in every page, see earlystart.go), its own styles, images and
// API, workers of its own and made from a text of its own scripts (blob:,
// the worker that compiles app.wasm; only a script the policy already
// allows can make one, and the worker keeps this policy), and no framing. No other inline script and no inline style is
// allowed; the browser tests fail on any violation.
func contentSecurityPolicy(scripts ...string) string {
	return "default-src 'self'; " +
		"script-src " + strings.Join(append([]string{"'self'", "'wasm-unsafe-eval'"}, scripts...), " ") + "; " +
		cspRest
}

// cspRest is the policy's part after script-src.
const cspRest = "style-src 'self'; " +
	"img-src 'self' data:; " +
	"font-src 'self'; " +
	"connect-src 'self'; " +
	"manifest-src 'self'; " +
	"worker-src 'self' blob:; " +
	"object-src 'none'; " +
	"base-uri 'none'; " +
	"form-action 'self'; " +
	"frame-ancestors 'none'"

// securityHeaders adds the security headers to every response. HSTS is
// left out in development, where the app is served over plain http. The
// values are made once and shared by every response: net/http copies a
// response's headers before writing them, and a handler that adds to one
// of them appends to a slice of capacity 1, which makes a new one.
func securityHeaders(next http.Handler, dev bool, csp string) http.Handler {
	headers := http.Header{}
	headers.Set("Content-Security-Policy", csp)
	headers.Set("X-Content-Type-Options", "nosniff")
	headers.Set("Referrer-Policy", "same-origin")
	headers.Set("X-Frame-Options", "DENY")
	headers.Set("Cross-Origin-Opener-Policy", "same-origin")
	headers.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
	if !dev {
		headers.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for k, v := range headers {
			h[k] = v[:1:1]
		}
		next.ServeHTTP(w, r)
	})
}
