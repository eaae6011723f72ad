package cluster_test

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/config"
	"mespoints/server/devidp"
	"mespoints/server/httpd"
	"mespoints/server/internal/testkit"
	"mespoints/server/kv/etcdtest"
)

type candidate = testkit.Candidate

// makeCandidates makes n candidates (NEPHs of the series 8).
func makeCandidates(n int, today points.Date) []candidate { return testkit.Candidates(n, today, '8') }

// testCluster is nodes of the real server (httpd.New, each with its own
// data folder holding the candidates' dossiers) on one etcd cluster of 3
// members in the test process (or one node on bbolt), behind a
// round-robin reverse proxy — the one public address — and FranceConnect
// at a development provider of its own that knows the candidates.
type testCluster struct {
	etcd  *etcdtest.Cluster
	nodes []*httpd.Server
	proxy string // the public address
	cs    []candidate
	today points.Date
}

// startTestCluster starts n nodes on a fresh etcd cluster of 3 members.
func startTestCluster(t testing.TB, n int, cs []candidate) *testCluster {
	t.Helper()
	return startNodes(t, etcdtest.Start(t, 3), "/cluster-test/", n, cs)
}

// startNodes starts n nodes on the etcd cluster c under prefix, or, with
// c nil, one node on its own bbolt file.
func startNodes(t testing.TB, c *etcdtest.Cluster, prefix string, n int, cs []candidate) *testCluster {
	t.Helper()
	paris, _ := time.LoadLocation("Europe/Paris")
	tc := &testCluster{etcd: c, cs: cs, today: points.DateOf(time.Now().In(paris))}
	rr := &roundRobin{}
	front := httptest.NewServer(rr)
	t.Cleanup(front.Close)
	tc.proxy = front.URL

	mux := http.NewServeMux()
	idp := httptest.NewServer(mux)
	t.Cleanup(idp.Close)
	const id, secret = "mespoints-cluster-test", "secret-of-the-test"
	users := testkit.Users(cs)
	fc := devidp.Client{ID: id, Secret: secret, RedirectURI: tc.proxy + "/auth/franceconnect/callback", PostLogoutRedirectURI: tc.proxy + "/auth/logged-out"}
	p, err := devidp.New(devidp.Options{BaseURL: idp.URL, Users: users, FranceConnect: fc,
		Usager: devidp.Client{ID: "unused", RedirectURI: tc.proxy + "/auth/usager/callback"}})
	if err != nil {
		t.Fatal(err)
	}
	mux.Handle("/dev-idp/", p)

	web := testkit.PlaceholderWeb(t)
	var etcd config.Etcd
	if c != nil {
		etcd = config.Etcd{Endpoints: strings.Join(c.Endpoints(), ","), Prefix: prefix, Timeout: 5 * time.Second}
	}
	var ups []*url.URL
	for i := range n {
		data := t.TempDir()
		importDossiers(t, data, cs)
		cfg := config.Config{Addr: "127.0.0.1:0", Data: data, Web: web, PublicURL: tc.proxy, ClientIPHeader: "X-Forwarded-For",
			Node: fmt.Sprintf("node-%d", i+1), Etcd: etcd,
			FranceConnect: config.Provider{Issuer: devidp.Issuer(idp.URL, auth.FranceConnect), ClientID: id, ClientSecret: secret,
				Scopes: config.DefaultFranceConnectScopes}}
		srv, err := httpd.New(cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			t.Fatal(err)
		}
		testkit.Serve(t, srv.Serve)
		tc.nodes = append(tc.nodes, srv)
		ups = append(ups, &url.URL{Scheme: "http", Host: srv.Addr})
	}
	rr.set(ups)
	return tc
}

// importDossiers writes the candidates' dossiers into the store of data
// folder dir, before a server opens it: each node's own copy of the
// registry, from the same extract.
func importDossiers(t testing.TB, dir string, cs []candidate) { testkit.ImportCandidates(t, dir, cs) }

// nodeURL is node i's own address.
func (tc *testCluster) nodeURL(i int) string { return "http://" + tc.nodes[i].Addr }

// roundRobin is the test's reverse proxy: each request to the next node
// in turn, with X-Forwarded-For set to the client's address, as Caddy
// does in make cluster. It has no health check: the tests see the nodes'
// own answers.
type roundRobin struct {
	ups  atomic.Pointer[[]*url.URL]
	next atomic.Uint64
}

// proxyTransport keeps connections to the nodes open, as a proxy does.
var proxyTransport = &http.Transport{MaxIdleConnsPerHost: 256}

func (rr *roundRobin) set(ups []*url.URL) { rr.ups.Store(&ups) }

func (rr *roundRobin) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ups := *rr.ups.Load()
	up := ups[rr.next.Add(1)%uint64(len(ups))]
	(&httputil.ReverseProxy{Transport: proxyTransport, Rewrite: func(pr *httputil.ProxyRequest) {
		pr.SetURL(up)
		pr.Out.Host = pr.In.Host // the public address, as a proxy keeps it
		pr.SetXForwarded()
	}}).ServeHTTP(w, r)
}
