package httpd_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	wire "mespoints/api"
	"mespoints/server/auth"
	"mespoints/server/config"
	"mespoints/server/demo"
	"mespoints/server/devidp"
	"mespoints/server/kv/etcdtest"
)

// signInAt signs in at the server srv with provider as the demo persona
// login, through its development provider, and returns the browser.
func signInAt(t *testing.T, base, provider, login string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return signInWith(t, &http.Client{Jar: jar}, base, provider, login, auth.PathLinked, auth.PathUnlinked)
}

// signInWith signs login in at base with provider through the development
// provider, with c, and fails the test unless the sign-in ends on one of
// paths; it returns c.
func signInWith(t testing.TB, c *http.Client, base, provider, login string, paths ...string) *http.Client {
	t.Helper()
	res, body, err := devidp.SignIn(context.Background(), c, base+"/auth/"+provider+"/login", login)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(paths, res.Request.URL.Path) {
		t.Fatalf("%s's sign-in ended on %s (%d)\n%.600s", login, res.Request.URL, res.StatusCode, body)
	}
	return c
}

// at makes b's request at another node, with the cookies b holds for
// home.
func at(t *testing.T, b *http.Client, home, node, method, path, body string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, node+path, rd)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for _, c := range b.Jar.Cookies(mustURL(home)) {
		req.AddCookie(c)
	}
	res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(out)
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}

// Two full servers, each with its own data folder, on one 3-member etcd
// cluster (issue 17): a person signed in through node A is signed in on
// node B; signing out on B ends the session on A; five wrong answers to
// the linking form spread over A and B lock the account on both.
func TestSignInAcrossNodes(t *testing.T) {
	c := etcdtest.Start(t, 3)
	etcd := config.Etcd{Endpoints: strings.Join(c.Endpoints(), ","), Prefix: "/signin-nodes/", Timeout: 5 * time.Second}
	a := start(t, config.Config{Etcd: etcd, Dev: true})
	b := start(t, config.Config{Etcd: etcd, Dev: true})
	baseA, baseB := "http://"+a.Addr, "http://"+b.Addr

	camille := signInAt(t, baseA, auth.FranceConnect, "camille")
	if code, body := at(t, camille, baseA, baseB, "GET", "/api/v1/points", ""); code != 200 {
		t.Fatalf("node B with node A's cookie: %d %s", code, body)
	}
	if code, _ := at(t, camille, baseA, baseB, "POST", "/auth/logout", ""); code != http.StatusOK && code != http.StatusSeeOther {
		t.Fatalf("sign-out on B = %d", code)
	}
	if code, body := at(t, camille, baseA, baseA, "GET", "/api/v1/me", ""); code != 401 || !strings.Contains(body, string(wire.CodeSessionExpired)) {
		t.Errorf("node A after the sign-out on B: %d %s, want 401 session_expired", code, body)
	}

	lucas := signInAt(t, baseA, auth.Usager, "lucas")
	neph, _ := demo.NEPHForLogin("lucas")
	wrong := `{"neph":"` + neph + `","birthdate":"1900-01-01"}`
	for i := 1; i <= auth.MaxAccountFailures; i++ {
		node := baseA
		if i%2 == 0 {
			node = baseB
		}
		code, body := at(t, lucas, baseA, node, "POST", "/api/v1/link", wrong)
		want := http.StatusUnprocessableEntity
		if i == auth.MaxAccountFailures {
			want = http.StatusTooManyRequests
		}
		if code != want {
			t.Fatalf("wrong answer %d on %s = %d %s, want %d", i, node, code, body, want)
		}
	}
	for _, node := range []string{baseA, baseB} {
		if code, _ := at(t, lucas, baseA, node, "POST", "/api/v1/link", wrong); code != http.StatusTooManyRequests {
			t.Errorf("%s after the lock = %d, want 429", node, code)
		}
	}
}

// The local mail catcher exists in development only: outside -dev,
// /dev-mail/ is not served.
func TestDevMailOnlyInDev(t *testing.T) {
	for _, dev := range []bool{true, false} {
		srv := start(t, config.Config{Dev: dev})
		res, err := http.Get("http://" + srv.Addr + "/dev-mail/")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		shown := res.StatusCode == 200 && strings.Contains(string(body), "Courriels envoyés")
		if shown != dev || (srv.Outbox != nil) != dev {
			t.Errorf("dev %v: /dev-mail/ = %d (outbox %v)", dev, res.StatusCode, srv.Outbox != nil)
		}
	}
}
