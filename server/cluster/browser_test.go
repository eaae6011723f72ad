package cluster_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"mespoints/server/auth"
	"mespoints/server/devidp"
)

// browser is a person's browser: a cookie jar, and redirects followed
// up to the app's pages, which it does not load (the app's prerendering
// is not what these tests are about).
type browser struct {
	*http.Client
	home string // the address the person opened
}

func newBrowser(home string) *browser {
	return newBrowserAt(home, browserTransport)
}

// browserTransport is the browsers' connections, kept open between
// requests as a browser keeps them.
var browserTransport = &http.Transport{MaxIdleConnsPerHost: 64}

// newBrowserAt is a browser making its connections through transport.
func newBrowserAt(home string, transport http.RoundTripper) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{home: home, Client: &http.Client{Jar: jar, Timeout: time.Minute, Transport: transport,
		CheckRedirect: func(req *http.Request, _ []*http.Request) error {
			if req.URL.Path == auth.PathLinked || req.URL.Path == auth.PathUnlinked {
				return http.ErrUseLastResponse
			}
			return nil
		}}}
}

// ended returns the path and status a browser's navigation ended on: for
// a redirect to an app's page, that page's path.
func ended(res *http.Response) (string, int) {
	if loc, err := res.Location(); err == nil && res.StatusCode/100 == 3 {
		return loc.Path, http.StatusOK
	}
	return res.Request.URL.Path, res.StatusCode
}

// signInResult is how a sign-in through the development provider ended:
// the page it ended on, its status, and its Retry-After.
type signInResult struct {
	path       string
	status     int
	retryAfter string
	body       string
}

// signIn goes through the whole sign-in of provider as login at the
// development provider (found wherever the service sends the browser),
// as a browser does: the service's login route, the provider's page, its
// form, the service's callback, the page after.
func (b *browser) signIn(ctx context.Context, provider, login string) (signInResult, error) {
	res, body, err := devidp.SignIn(ctx, b.Client, b.home+"/auth/"+provider+"/login", login)
	if err != nil {
		return signInResult{}, err
	}
	path, status := ended(res)
	return signInResult{path: path, status: status, retryAfter: res.Header.Get("Retry-After"), body: string(body)}, nil
}

// mustSignIn signs in and fails the test unless the sign-in ends on the
// dossier (or the linking page, for an account not linked yet).
func (b *browser) mustSignIn(t testing.TB, provider, login string) {
	t.Helper()
	r, err := b.signIn(context.Background(), provider, login)
	if err != nil {
		t.Fatalf("%s's sign-in: %v", login, err)
	}
	if r.path != auth.PathLinked && r.path != auth.PathUnlinked {
		t.Fatalf("%s's sign-in ended on %s (%d):\n%.600s", login, r.path, r.status, r.body)
	}
}

// answer is one answer: status, Retry-After, body.
type answer struct {
	status     int
	retryAfter string
	body       string
}

// call makes a request at base (the proxy, or one node) with the
// browser's cookies for its home, following no redirect.
func (b *browser) call(ctx context.Context, base, method, path, body string) (answer, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, rd)
	if err != nil {
		return answer{}, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	home, _ := url.Parse(b.home)
	for _, c := range b.Jar.Cookies(home) {
		req.AddCookie(c)
	}
	client := &http.Client{Transport: b.Transport, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	return answer{status: res.StatusCode, retryAfter: res.Header.Get("Retry-After"), body: string(out)}, err
}

// mustCall is call, failing the test on a transport error.
func (b *browser) mustCall(t testing.TB, base, method, path, body string) answer {
	t.Helper()
	a, err := b.call(context.Background(), base, method, path, body)
	if err != nil {
		t.Fatalf("%s %s%s: %v", method, base, path, err)
	}
	return a
}

// transportFrom makes its connections from the loopback address ip
// (127.0.0.0/8 is all this machine's): a person at their own address, as
// the service's per-address limits see people.
func transportFrom(ip string) *http.Transport {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	return &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 64}
}

// freePortRange returns a port p such that p to p+n are free on loopback
// now.
func freePortRange(t testing.TB, n int) int {
	t.Helper()
	for try := 0; try < 200; try++ {
		base := 20000 + (time.Now().Nanosecond()/1000+try*137)%40000
		var lns []net.Listener
		ok := true
		for p := base; p <= base+n && ok; p++ {
			ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
			if err != nil {
				ok = false
				break
			}
			lns = append(lns, ln)
		}
		for _, ln := range lns {
			ln.Close()
		}
		if ok {
			return base
		}
	}
	t.Fatal("no range of free ports")
	return 0
}
