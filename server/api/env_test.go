package api

import (
	"context"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/audit"
	"mespoints/server/auth"
	"mespoints/server/booking"
	"mespoints/server/demo"
	"mespoints/server/devidp"
	"mespoints/server/internal/testkit"
	"mespoints/server/kv"
	"mespoints/server/kv/boltkv"
	"mespoints/server/store"
)

// env is the API, the sign-in service and the embedded development
// provider on one loopback server, with a real store in a temporary
// folder holding the demo dossiers.
type env struct {
	srv   *httptest.Server
	store *store.Store
	// kv is the shared state, booking the exam places in it (the demo
	// catalogue, from the day after today).
	kv      *switchable
	booking *booking.Service
	// bookings counts the bookings asked for: the next gets
	// testBookingID(bookings+1).
	bookings int
	auth     *auth.Service
	clock    *testkit.Clock
	paris    *time.Location
	today    points.Date
}

type envOptions struct {
	// mutate changes the store after the demo dossiers are loaded.
	mutate func(t testing.TB, st *store.Store, today points.Date)
	// clientIPHeader is the sign-in service's ClientIPHeader.
	clientIPHeader string
	// at, when set, is the instant whose day the demo dossiers are made
	// relative to, instead of now. The clock still starts at the real
	// time: the embedded provider signs its tokens at the real time, and
	// the sign-in service refuses a token issued in its future. A test
	// sets the clock to at once its people are signed in.
	at time.Time
	// noAudit runs without an audit log (the benchmark's baseline).
	noAudit bool
}

func newEnv(t testing.TB, o envOptions) *env {
	t.Helper()
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	e := &env{clock: testkit.NewClock(time.Now()), paris: paris}
	day := e.clock.Now()
	if !o.at.IsZero() {
		day = o.at
	}
	e.today = points.DateOf(day.In(paris))
	e.store, err = store.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.store.Close() })
	if _, err := demo.SeedIfEmpty(e.store, e.today); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	base := e.srv.URL

	var users []devidp.User
	for _, p := range demo.Personas {
		rec, err := e.store.Get(p.NEPH)
		if err != nil {
			t.Fatal(err)
		}
		h := rec.Holder
		users = append(users, devidp.User{Login: p.Login, GivenNames: h.GivenNames, FamilyName: h.FamilyName, UsageName: h.UsageName,
			Birthdate: h.Birthdate.String(), Birthplace: h.Birthplace, Birthcountry: h.Birthcountry, Email: h.Email})
	}
	// The store may change after the provider's users are made from it:
	// an identity that no longer matches its dossier, a second dossier.
	if o.mutate != nil {
		o.mutate(t, e.store, e.today)
	}
	clients := map[string]devidp.Client{}
	var provs []auth.ProviderConfig
	for _, name := range []string{auth.Usager, auth.FranceConnect} {
		c := devidp.Client{ID: "mespoints-test", Secret: "secret-" + name, RedirectURI: base + "/auth/" + name + "/callback", PostLogoutRedirectURI: base + "/auth/logged-out"}
		clients[name] = c
		scopes := []string{"openid", "profile", "email"}
		if name == auth.FranceConnect {
			scopes = strings.Fields("openid given_name family_name birthdate birthplace birthcountry gender email preferred_username")
		}
		provs = append(provs, auth.ProviderConfig{Name: name, Issuer: devidp.Issuer(base, name), ClientID: c.ID, ClientSecret: c.Secret,
			RedirectURL: c.RedirectURI, Scopes: scopes, PostLogoutRedirectURL: c.PostLogoutRedirectURI})
	}
	idp, err := devidp.New(devidp.Options{BaseURL: base, Users: users, Usager: clients[auth.Usager], FranceConnect: clients[auth.FranceConnect]})
	if err != nil {
		t.Fatal(err)
	}
	logs := &testkit.LogBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	var auditLog *audit.Log
	if !o.noAudit {
		auditLog, err = audit.Open(t.TempDir(), audit.Options{Node: "test"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { auditLog.Close() })
	}
	e.auth, err = auth.New(auth.Options{Store: e.store, Audit: auditLog, Providers: provs, BaseURL: base, Now: e.clock.Now, Log: log, ClientIPHeader: o.clientIPHeader})
	if err != nil {
		t.Fatal(err)
	}
	shared, err := boltkv.Open(t.TempDir(), boltkv.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { shared.Close() })
	e.kv = &switchable{Store: shared}
	e.booking = booking.New(e.kv, log)
	e.booking.NewID = func() string { e.bookings++; return testBookingID(e.bookings) }
	catalogue, taken := demo.Catalogue(e.today)
	if _, err := e.booking.SeedIfEmpty(context.Background(), catalogue, taken, e.today, day); err != nil {
		t.Fatal(err)
	}
	h, err := New(Options{Auth: e.auth, Store: e.store, Booking: e.booking, Now: e.clock.Now, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/api/", h)
	mux.Handle("/auth/", e.auth.Handler())
	mux.Handle("/dev-idp/", idp)
	return e
}

// person is a browser signed in as one persona.
type person struct {
	e      *env
	client *http.Client
	// landed is the path the sign-in ended on.
	landed string
	// header is added to every API request.
	header map[string]string
}

var loginID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// signIn signs in as the persona login with provider, through the
// development provider's login page, over HTTP.
func (e *env) signIn(t testing.TB, provider, login string) *person {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, err := c.Get(e.srv.URL + "/auth/" + provider + "/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := loginID.FindSubmatch(page)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("login page: %d\n%s", res.StatusCode, page)
	}
	res, err = c.PostForm(e.srv.URL+"/dev-idp/login", url.Values{"realm": {provider}, "id": {string(m[1])}, "login": {login}, "password": {"demo"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	p := &person{e: e, client: c, landed: res.Request.URL.Path}
	if p.landed != auth.PathLinked && p.landed != auth.PathUnlinked {
		t.Fatalf("sign-in as %s with %s ended on %s (%d)", login, provider, res.Request.URL, res.StatusCode)
	}
	return p
}

// apiResponse is an answer of the API with its body read.
type apiResponse struct {
	status int
	header http.Header
	body   []byte
}

// decode reads the body into v.
func (r apiResponse) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// apiError reads the body as an API error.
func (r apiResponse) apiError(t *testing.T) wire.Error {
	t.Helper()
	var e wire.Error
	r.decode(t, &e)
	return e
}

// call makes a request of the API as the person (nil person: nobody).
func (e *env) call(t *testing.T, p *person, method, path, body string, header map[string]string) apiResponse {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	c := http.DefaultClient
	if p != nil {
		c = p.client
		for k, v := range p.header {
			req.Header.Set(k, v)
		}
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	r := apiResponse{status: res.StatusCode, header: res.Header, body: b}
	if got := res.Header.Get("Cache-Control"); got != "no-store" {
		t.Errorf("%s %s: Cache-Control %q, want no-store", method, path, got)
	}
	return r
}

func (p *person) get(t *testing.T, path string) apiResponse {
	t.Helper()
	return p.e.call(t, p, "GET", path, "", nil)
}

func (p *person) post(t *testing.T, path, body string) apiResponse {
	t.Helper()
	return p.e.call(t, p, "POST", path, body, nil)
}

// record returns the stored dossier of a persona.
func (e *env) record(t *testing.T, login string) store.Record {
	t.Helper()
	neph, ok := demo.NEPHForLogin(login)
	if !ok {
		t.Fatalf("no persona %s", login)
	}
	r, err := e.store.Get(neph)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// linkBody is the JSON of a link request.
func linkBody(neph string, born points.Date) string {
	b, _ := json.Marshal(wire.LinkRequest{NEPH: neph, Birthdate: born.String()})
	return string(b)
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// switchable is the shared state of the tests, a real bbolt file, which a
// test can make answer as an etcd cluster without a quorum does
// (kv.ErrUnavailable), to see the API's answer then.
type switchable struct {
	kv.Store
	down atomic.Bool
}

var errDown = fmt.Errorf("test: %w", kv.ErrUnavailable)

// Get reads key, unless the store is down.
func (s *switchable) Get(ctx context.Context, key string) ([]byte, error) {
	if s.down.Load() {
		return nil, errDown
	}
	return s.Store.Get(ctx, key)
}

// List lists, unless the store is down.
func (s *switchable) List(ctx context.Context, prefix, after string, limit int) ([]kv.Entry, error) {
	if s.down.Load() {
		return nil, errDown
	}
	return s.Store.List(ctx, prefix, after, limit)
}

// Update runs fn, unless the store is down.
func (s *switchable) Update(ctx context.Context, fn func(kv.Tx) error) error {
	if s.down.Load() {
		return errDown
	}
	return s.Store.Update(ctx, fn)
}

// testBookingID is the identifier of the n-th booking of a test: the same
// run after run, of the form the service makes (16 characters a-z, 2-7).
func testBookingID(n int) string {
	return strings.ToLower(base32.StdEncoding.EncodeToString([]byte(fmt.Sprintf("essai%05d", n))))
}
