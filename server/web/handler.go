// Package web assembles the HTTP face of Mes points: the go-app handler
// that prerenders the pages and serves the progressive web app, the static
// files and the precompressed app.wasm, the manifest, the API mux in front
// of them, and the security headers and request log around everything.
package web

import (
	_ "embed"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	ui "mespoints/app"
)

//go:embed worker.js
var workerTemplate string

// Options configures the handler.
type Options struct {
	// WebDir is the folder of the static files and the built app.wasm.
	WebDir string
	// Domain is the public host name, for the social-card metadata.
	Domain string
	// Dev leaves HSTS out, for plain http on loopback.
	Dev bool
	// API serves everything under /api/ (and the sign-in routes under
	// /auth/ when given); nil answers 404 there.
	API http.Handler
	// Auth serves everything under /auth/; nil answers 404 there.
	Auth http.Handler
	// DevIDP serves everything under /dev-idp/: the embedded development
	// identity provider, given only in -dev; nil answers 404 there.
	DevIDP http.Handler
	// DevMail serves /dev-mail/: the local mail catcher, given only in
	// -dev; nil answers 404 there.
	DevMail http.Handler
	// Routes are more routes by their ServeMux pattern ("GET
	// /verifier/{code}"): the documents' downloads and public pages. A
	// pattern is logged as it is, never the path it matched.
	Routes map[string]http.Handler
	// PageData gives the person's data for a dossier page drawn before
	// the app runs (see personalPage); nil draws those pages for nobody.
	PageData PageDataFunc
	// Healthz reports whether the service can serve; nil means always.
	Healthz func() error
	// Log receives one line per request.
	Log *slog.Logger
}

// Handler is the whole web server's handler, with the app's build version.
type Handler struct {
	http.Handler
	// Version identifies the build of app.wasm.
	Version string
}

// New builds the handler. It reads app.wasm once, so the build must have
// run before.
func New(opts Options) (*Handler, error) {
	wasm, err := loadWasm(opts.WebDir)
	if err != nil {
		return nil, fmt.Errorf("load the app: %w", err)
	}
	ui.Routes()
	goapp := &app.Handler{
		Name:            "Mes points",
		ShortName:       "Mes points",
		Title:           "Mes points",
		Description:     "Consultez le solde de points de votre permis de conduire, son historique sur 10 ans et le calendrier prévisionnel de restitution.",
		Lang:            "fr",
		Domain:          opts.Domain,
		Image:           "/web/icon-512.png",
		LoadingLabel:    "Chargement de l'application…",
		BackgroundColor: "#ffffff",
		ThemeColor:      "#0b4f6c",
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			Maskable: "/web/icon-maskable-512.png",
			SVG:      "/web/icon.svg",
		},
		// No Styles: go-app links /app.css first on every page, and the
		// app's stylesheet is served there (see below).
		CacheableResources:    []string{"/web/icon.svg", "/web/style.css"},
		Version:               wasm.version,
		WasmContentLength:     strconv.Itoa(len(wasm.raw)),
		ServiceWorkerTemplate: workerTemplate,
		Resources:             app.LocalDir(""),
	}

	appScript, err := newAppJS(goapp)
	if err != nil {
		return nil, fmt.Errorf("load the app: %w", err)
	}

	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	start := startScript(wasm.version)
	pages, err := newEarlyStart(goapp, start)
	if err != nil {
		return nil, fmt.Errorf("load the app: %w", err)
	}
	mux.Handle("/", pages)
	mux.Handle("GET /app.js", appScript)
	static := staticFiles{dir: opts.WebDir, wasm: wasm}
	mux.Handle("/web/", static)
	// go-app always links /app.css, its loader's styles, before any other
	// stylesheet. The app's stylesheet, which styles that loader its own
	// way, is served there instead: the page waits for one stylesheet, not
	// two. The server's own pages keep linking /web/style.css.
	mux.HandleFunc("GET /app.css", static.serveStyle)
	mux.HandleFunc("GET /manifest.webmanifest", serveManifest)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		if opts.Healthz != nil {
			if err := opts.Healthz(); err != nil {
				http.Error(w, "unavailable", http.StatusServiceUnavailable)
				return
			}
		}
		w.Write([]byte("ok\n"))
	})
	if opts.PageData != nil {
		for _, path := range ui.PersonalPaths() {
			mux.Handle("GET "+path, personalPage{path: path, goapp: pages, data: opts.PageData, log: log})
		}
	}
	api := opts.API
	if api == nil {
		api = http.NotFoundHandler()
	}
	// Each mounted handler's own mux names the route for the log.
	mux.Handle("/api/", recordPattern(api))
	if opts.Auth != nil {
		mux.Handle("/auth/", recordPattern(opts.Auth))
	}
	if opts.DevIDP != nil {
		mux.Handle("/dev-idp/", recordPattern(opts.DevIDP))
	}
	if opts.DevMail != nil && opts.Dev {
		mux.Handle("GET /dev-mail/", opts.DevMail)
	}
	for pattern, h := range opts.Routes {
		mux.Handle(pattern, h)
	}

	return &Handler{
		Handler: logRequests(securityHeaders(mux, opts.Dev, contentSecurityPolicy(scriptSource(start))), log),
		Version: wasm.version,
	}, nil
}
