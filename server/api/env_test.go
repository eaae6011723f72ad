package api

import (
	"context"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	mathrand "math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
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
	"mespoints/server/docweb"
	"mespoints/server/internal/testkit"
	"mespoints/server/kv"
	"mespoints/server/kv/boltkv"
	"mespoints/server/mail"
	"mespoints/server/shares"
	"mespoints/server/signing"
	"mespoints/server/store"
)

// env is the API, the sign-in service and the embedded development
// provider on one loopback server, with a real store in a temporary
// folder holding the demo dossiers.
type env struct {
	srv   *httptest.Server
	store *store.Store
	// kv is the shared state (a real bbolt file unless the test gives
	// another), which a test can make answer as an etcd cluster without a
	// quorum does; sign-in, keys, share codes and the exam places live in it.
	kv      *switchable
	booking *booking.Service
	// bookings counts the bookings asked for: the next gets
	// testBookingID(bookings+1).
	bookings int
	mail     *mail.Outbox
	auth     *auth.Service
	api      *Handler
	clock    *testkit.Clock
	paris    *time.Location
	today    points.Date
	keys     *signing.Keys
	shares   *shares.Service
	logs     *testkit.LogBuffer
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
	// kv is the shared state; nil means a bbolt file of the test's.
	kv kv.Store
	// records is the records file; nil means a new one with the demo
	// dossiers (another node's env shares its first node's).
	records *store.Store
	// shared, when set, is the shared state of the signing keys and share
	// codes instead of the one sign-in uses.
	shared kv.Store
}

// publicURL is the public address the documents and share codes name: a
// fixed one, for the golden answers (the loopback server's port changes).
const publicURL = "https://mespoints.example.fr"

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
	if o.records != nil {
		e.store = o.records
	} else {
		e.store, err = store.Open(t.TempDir(), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.store.Close() })
		if _, err := demo.SeedIfEmpty(e.store, e.today); err != nil {
			t.Fatal(err)
		}
	}
	sharedKV := o.kv
	if sharedKV == nil {
		shared, err := boltkv.Open(t.TempDir(), boltkv.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { shared.Close() })
		sharedKV = shared
	}
	e.kv = &switchable{Store: sharedKV}
	e.mail = mail.NewOutbox()
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
			Birthdate: h.Birthdate.String(), Birthplace: h.Birthplace, Birthcountry: h.Birthcountry, Email: h.Email, Gender: genders[p.Login]})
	}
	// Twenty more people with no dossier, for the tests of many accounts
	// behind one address.
	for i := 1; i <= 20; i++ {
		users = append(users, devidp.User{Login: fmt.Sprintf("nat%02d", i), GivenNames: "Personne", FamilyName: fmt.Sprintf("Numéro %d", i),
			Birthdate: "1980-01-01", Birthplace: "75056", Birthcountry: "99100", Email: fmt.Sprintf("nat%02d@example.fr", i)})
	}
	// The store may change after the provider's users are made from it:
	// an identity that no longer matches its dossier, a second dossier.
	if o.mutate != nil && o.records == nil {
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
	e.auth, err = auth.New(auth.Options{KV: e.kv, Store: e.store, Mail: e.mail, Audit: auditLog, Providers: provs, BaseURL: base, Now: e.clock.Now, Log: log, ClientIPHeader: o.clientIPHeader})
	if err != nil {
		t.Fatal(err)
	}
	e.logs = logs
	var docsKV kv.Store = e.kv
	if o.shared != nil {
		docsKV = o.shared
	}
	// Keys and codes drawn from fixed seeds: the same every run, for the
	// golden answers.
	e.keys = signing.New(docsKV, e.clock.Now)
	e.keys.Seeds = mathrand.NewChaCha8([32]byte{'c', 'l', 'e', 's'})
	e.shares = shares.New(docsKV, e.clock.Now)
	e.shares.Rand = mathrand.NewChaCha8([32]byte{'p', 'a', 'r', 't', 'a', 'g', 'e'})

	e.booking = booking.New(e.kv, log)
	e.booking.NewID = func() string { e.bookings++; return testBookingID(e.bookings) }
	catalogue, taken := demo.Catalogue(e.today)
	// A shared state that does not answer (the test of the 503) has no
	// catalogue.
	if _, err := e.booking.SeedIfEmpty(context.Background(), catalogue, taken, e.today, day); err != nil && !errors.Is(err, kv.ErrUnavailable) {
		t.Fatal(err)
	}
	h, err := New(Options{Auth: e.auth, Store: e.store, Booking: e.booking, Now: e.clock.Now, Log: log, Keys: e.keys, Shares: e.shares, BaseURL: publicURL})
	if err != nil {
		t.Fatal(err)
	}
	e.api = h
	docs, err := docweb.New(docweb.Options{Auth: e.auth, Store: e.store, Keys: e.keys, Shares: e.shares, BaseURL: publicURL, Now: e.clock.Now, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	for pattern, route := range docs.Routes() {
		mux.Handle(pattern, route)
	}
	mux.Handle("/api/", h)
	mux.Handle("/auth/", e.auth.Handler())
	mux.Handle("/dev-idp/", idp)
	return e
}

// genders are the personas' genders, as FranceConnect gives them.
var genders = map[string]string{"camille": "female", "lucas": "male", "ines": "female", "marc": "male", "sophie": "female", "karim": "male", "anne": "female", "theo": "male"}

// person is a browser signed in as one persona.
type person struct {
	e      *env
	client *http.Client
	// landed is the path the sign-in ended on.
	landed string
	// header is added to every API request.
	header map[string]string
}

// signIn signs in as the persona login with provider, through the
// development provider's login page, over HTTP.
func (e *env) signIn(t testing.TB, provider, login string) *person {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	res, body, err := devidp.SignIn(context.Background(), c, e.srv.URL+"/auth/"+provider+"/login", login)
	if err != nil {
		t.Fatal(err)
	}
	p := &person{e: e, client: c, landed: res.Request.URL.Path}
	if p.landed != auth.PathLinked && p.landed != auth.PathUnlinked {
		t.Fatalf("sign-in as %s with %s ended on %s (%d)\n%.600s", login, provider, res.Request.URL, res.StatusCode, body)
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

// code returns the last linking code sent to the holder of login's
// dossier, read from the mail catcher.
func (e *env) code(t *testing.T, login string) string {
	t.Helper()
	rec := e.record(t, login)
	m, ok := e.mail.Last(rec.Holder.Email)
	if !ok {
		t.Fatalf("no e-mail sent to %s's holder", login)
	}
	i := strings.Index(m.Body, "Votre code : ")
	if i < 0 {
		t.Fatalf("no code in the e-mail:\n%s", m.Body)
	}
	return m.Body[i+len("Votre code : ") : i+len("Votre code : ")+6]
}

// linkWithCode links p's licence account to login's dossier the whole
// way: the number and date of birth, then the code sent by e-mail.
func (p *person) linkWithCode(t *testing.T, login string) wire.Me {
	t.Helper()
	rec := p.e.record(t, login)
	res := p.post(t, "/api/v1/link", linkBody(rec.NEPH, rec.Holder.Birthdate))
	if res.status != http.StatusAccepted {
		t.Fatalf("link %s = %d %s, want 202", login, res.status, res.body)
	}
	res = p.post(t, "/api/v1/link/confirm", `{"code":"`+p.e.code(t, login)+`"}`)
	var me wire.Me
	res.decode(t, &me)
	if res.status != 200 || !me.Linked || me.NEPH != rec.NEPH {
		t.Fatalf("confirm %s = %d %s", login, res.status, res.body)
	}
	return me
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
