package httpd_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	wire "mespoints/api"
	"mespoints/exams"
	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/config"
	"mespoints/server/devidp"
	"mespoints/server/httpd"
	"mespoints/server/store"
)

// candidate is a made-up candidate of the contention tests: a dossier
// whose code was passed a month ago, presented by a driving school, and
// a FranceConnect identity that the service links to it by itself.
type candidate struct {
	login string
	rec   store.Record
}

// candidates makes n candidates, the same for the same n.
func candidates(n int, today points.Date) []candidate {
	out := make([]candidate, n)
	for i := range n {
		given := "Prénom" + strings.Map(func(r rune) rune { return 'a' + (r-'0')%26 }, fmt.Sprintf("%04d", i))
		out[i] = candidate{login: fmt.Sprintf("candidat%03d", i), rec: store.Record{
			NEPH:    fmt.Sprintf("9%011d", i),
			Updated: today.AddDays(-30),
			Holder: store.Holder{FamilyName: "Candidat", GivenNames: given, Birthdate: today.AddYears(-20).AddDays(-i),
				Birthplace: "31555", Birthcountry: store.CountryFrance},
			Events: []store.Event{},
			Exams: &exams.File{School: "Auto-école de l'essai",
				Code: []exams.CodeSitting{{Date: today.AddDays(-30), Centre: "La Poste — Toulouse", Score: 38}}},
		}}
	}
	return out
}

// importCandidates writes the candidates' dossiers into the store of the
// data folder dir, before a server opens it.
func importCandidates(t testing.TB, dir string, cs []candidate) {
	t.Helper()
	st, err := store.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	im, err := st.BeginImport()
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cs {
		if err := im.Add(c.rec, i+1); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

// node is a server and the FranceConnect it signs its candidates in
// with: a development provider (real keys, real tokens) of its own, on
// another loopback port, which knows the candidates.
type node struct {
	srv  *httpd.Server
	base string
}

// startNode starts a server on data folder dir (and the shared state of
// etcd, if set) with FranceConnect at a provider that knows cs.
func startNode(t testing.TB, dir string, etcd config.Etcd, cs []candidate) *node {
	t.Helper()
	mux := http.NewServeMux()
	idp := httptest.NewServer(mux)
	t.Cleanup(idp.Close)
	const id, secret = "mespoints-contention", "secret-of-the-test"
	srv := start(t, config.Config{Data: dir, Etcd: etcd, FranceConnect: config.Provider{
		Issuer: devidp.Issuer(idp.URL, auth.FranceConnect), ClientID: id, ClientSecret: secret,
		Scopes: config.DefaultFranceConnectScopes}})
	base := "http://" + srv.Addr
	users := make([]devidp.User, len(cs))
	for i, c := range cs {
		h := c.rec.Holder
		users[i] = devidp.User{Login: c.login, GivenNames: h.GivenNames, FamilyName: h.FamilyName, Birthdate: h.Birthdate.String(),
			Birthplace: h.Birthplace, Birthcountry: h.Birthcountry, Gender: "female"}
	}
	fc := devidp.Client{ID: id, Secret: secret, RedirectURI: base + "/auth/franceconnect/callback", PostLogoutRedirectURI: base + "/auth/logged-out"}
	p, err := devidp.New(devidp.Options{BaseURL: idp.URL, Users: users, FranceConnect: fc,
		Usager: devidp.Client{ID: "unused", RedirectURI: base + "/auth/usager/callback"}})
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/dev-idp/", p)
	return &node{srv: srv, base: base}
}

var loginID = regexp.MustCompile(`name="id" value="([^"]+)"`)

// signIn signs login in at the node through FranceConnect, over HTTP as a
// browser does, and returns their client (its cookie jar holds the
// session).
func (n *node) signIn(t testing.TB, login string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	res, err := c.Get(n.base + "/auth/franceconnect/login")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := loginID.FindSubmatch(page)
	if m == nil {
		t.Fatalf("%s: no login page (%d)", login, res.StatusCode)
	}
	idpBase := res.Request.URL.Scheme + "://" + res.Request.URL.Host
	res, err = c.PostForm(idpBase+"/dev-idp/login", url.Values{"realm": {"franceconnect"}, "id": {string(m[1])}, "login": {login}, "password": {devidp.DefaultPassword}})
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.Request.URL.Path != auth.PathLinked {
		t.Fatalf("%s: the sign-in ended on %s, not linked", login, res.Request.URL)
	}
	return c
}

// signInAll signs every candidate in, a few at a time; clients[i] is
// cs[i]'s, at nodes[i%len(nodes)].
func signInAll(t testing.TB, nodes []*node, cs []candidate) []*http.Client {
	t.Helper()
	clients := make([]*http.Client, len(cs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for i, c := range cs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			clients[i] = nodes[i%len(nodes)].signIn(t, c.login)
		})
	}
	wg.Wait()
	return clients
}

// call makes an API request and returns its status and body.
func call(ctx context.Context, c *http.Client, method, u, body string) (int, []byte, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return 0, nil, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

// placesLeft is what GET /api/v1/exams/sessions says of session id.
func placesLeft(t testing.TB, c *http.Client, base, id string, from points.Date) int {
	t.Helper()
	dep, _, _ := strings.Cut(id, ".")
	status, body, err := call(context.Background(), c, "GET", base+"/api/v1/exams/sessions?departement="+dep+"&from="+from.String(), "")
	if err != nil || status != http.StatusOK {
		t.Fatalf("sessions: %d %s %v", status, body, err)
	}
	var l wire.ExamSessions
	if err := json.Unmarshal(body, &l); err != nil {
		t.Fatal(err)
	}
	for _, s := range l.Sessions {
		if s.ID == id {
			return s.Left
		}
	}
	t.Fatalf("session %s not listed", id)
	return 0
}
