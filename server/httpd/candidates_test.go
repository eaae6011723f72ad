package httpd_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/config"
	"mespoints/server/devidp"
	"mespoints/server/httpd"
	"mespoints/server/internal/testkit"
)

type candidate = testkit.Candidate

// candidates makes n candidates (NEPHs of the series 9).
func candidates(n int, today points.Date) []candidate { return testkit.Candidates(n, today, '9') }

// importCandidates writes the candidates' dossiers into dir's store.
func importCandidates(t testing.TB, dir string, cs []candidate) { testkit.ImportCandidates(t, dir, cs) }

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
	users := testkit.Users(cs)
	fc := devidp.Client{ID: id, Secret: secret, RedirectURI: base + "/auth/franceconnect/callback", PostLogoutRedirectURI: base + "/auth/logged-out"}
	p, err := devidp.New(devidp.Options{BaseURL: idp.URL, Users: users, FranceConnect: fc,
		Usager: devidp.Client{ID: "unused", RedirectURI: base + "/auth/usager/callback"}})
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/dev-idp/", p)
	return &node{srv: srv, base: base}
}

// signIn signs login in at the node through FranceConnect, over HTTP as a
// browser does, and returns their client (its cookie jar holds the
// session).
func (n *node) signIn(t testing.TB, login string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	return signInWith(t, c, n.base, "franceconnect", login, auth.PathLinked)
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
			clients[i] = nodes[i%len(nodes)].signIn(t, c.Login)
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
