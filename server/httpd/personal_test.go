package httpd_test

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	wire "mespoints/api"
	"mespoints/server/auth"
	"mespoints/server/config"
	"mespoints/server/demo"
)

// pageDataBlock is the data block of a page drawn for a person.
var pageDataBlock = regexp.MustCompile(`<script type="application/json" id="` + wire.PageDataID + `">([^<]*)</script>`)

// page is a page as the server sent it.
type page struct {
	status int
	header http.Header
	body   string
}

// getPage asks for path with the cookies c holds (nil: none), and extra
// cookies.
func getPage(t *testing.T, c *http.Client, base, path string, extra ...*http.Cookie) page {
	t.Helper()
	req, _ := http.NewRequest("GET", base+path, nil)
	if c != nil {
		for _, k := range c.Jar.Cookies(mustURL(base)) {
			req.AddCookie(k)
		}
	}
	for _, k := range extra {
		req.AddCookie(k)
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return page{res.StatusCode, res.Header, string(b)}
}

// A dossier page asked with a live session linked to a dossier comes with
// the person's numbers already drawn and the data the app starts from, and
// is never stored (no-store, Vary: Cookie); without a session, with a
// session not linked, or once the person signed out on the device, it
// holds nothing of anyone. Two people asking in turn each get their own.
func TestDossierPagesDrawnForThePersonOnly(t *testing.T) {
	srv := start(t, config.Config{Dev: true})
	base := "http://" + srv.Addr
	camille := signInAt(t, base, auth.FranceConnect, "camille")
	lucas := signInAt(t, base, auth.FranceConnect, "lucas")
	unlinked := signInAt(t, base, auth.Usager, "anne")
	nephs := map[string]string{}
	for _, login := range []string{"camille", "lucas", "anne"} {
		nephs[login], _ = demo.NEPHForLogin(login)
	}
	anyNEPH := func(body string) []string {
		var found []string
		for login, neph := range nephs {
			if strings.Contains(body, neph) {
				found = append(found, login)
			}
		}
		return found
	}

	for _, path := range []string{"/solde", "/historique", "/calendrier", "/stage"} {
		for _, who := range []struct {
			login string
			c     *http.Client
		}{{"camille", camille}, {"lucas", lucas}, {"camille", camille}} {
			p := getPage(t, who.c, base, path)
			if p.status != http.StatusOK {
				t.Fatalf("%s as %s: %d", path, who.login, p.status)
			}
			if got := p.header.Get("Cache-Control"); got != "no-store" {
				t.Errorf("%s as %s: Cache-Control %q, want no-store", path, who.login, got)
			}
			if got := p.header.Get("Vary"); got != "Cookie" {
				t.Errorf("%s as %s: Vary %q, want Cookie", path, who.login, got)
			}
			m := pageDataBlock.FindStringSubmatch(p.body)
			if m == nil {
				t.Fatalf("%s as %s: no page data", path, who.login)
			}
			var data wire.PageData
			if err := json.Unmarshal([]byte(m[1]), &data); err != nil {
				t.Fatalf("%s as %s: page data: %v", path, who.login, err)
			}
			if !data.Me.Linked || data.Dossier.NEPH != nephs[who.login] {
				t.Errorf("%s as %s: the page data is of %s (linked %v)", path, who.login, data.Dossier.NEPH, data.Me.Linked)
			}
			if found := anyNEPH(p.body); len(found) != 1 || found[0] != who.login {
				t.Errorf("%s as %s: the page holds the dossier numbers of %v", path, who.login, found)
			}
			if strings.Contains(p.body, "Chargement de vos données") {
				t.Errorf("%s as %s: the page drawn with the data still says it is loading", path, who.login)
			}
		}
	}
	p := getPage(t, camille, base, "/solde")
	if !strings.Contains(p.body, `id="solde"`) || !strings.Contains(p.body, "/ 12 points") {
		t.Errorf("camille's balance page does not show her balance:\n%s", p.body)
	}

	noData := []struct {
		what  string
		c     *http.Client
		extra []*http.Cookie
	}{
		{"no session", nil, nil},
		{"a session not linked", unlinked, nil},
		{"a forged session cookie", nil, []*http.Cookie{{Name: "__Host-mespoints-session", Value: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}, {Name: "mespoints-session", Value: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}},
		{"a sign-out pending on the device", camille, []*http.Cookie{{Name: wire.SignOutPendingCookie, Value: "1"}}},
	}
	for _, tc := range noData {
		for _, path := range []string{"/solde", "/historique"} {
			p := getPage(t, tc.c, base, path, tc.extra...)
			if p.status != http.StatusOK {
				t.Fatalf("%s with %s: %d", path, tc.what, p.status)
			}
			if pageDataBlock.MatchString(p.body) || strings.Contains(p.body, wire.PageDataID) {
				t.Errorf("%s with %s: the page holds page data", path, tc.what)
			}
			if found := anyNEPH(p.body); len(found) > 0 {
				t.Errorf("%s with %s: the page holds the dossier numbers of %v", path, tc.what, found)
			}
			if !strings.Contains(p.body, "Chargement de vos données") {
				t.Errorf("%s with %s: not the page drawn for nobody", path, tc.what)
			}
			if got := p.header.Get("Vary"); got != "Cookie" {
				t.Errorf("%s with %s: Vary %q, want Cookie", path, tc.what, got)
			}
		}
	}

	// Signed out on the server: the same cookies draw nothing any more.
	if code, _ := at(t, camille, base, base, "POST", "/auth/logout", ""); code != http.StatusOK && code != http.StatusSeeOther {
		t.Fatalf("sign-out = %d", code)
	}
	if p := getPage(t, camille, base, "/solde"); pageDataBlock.MatchString(p.body) || len(anyNEPH(p.body)) > 0 {
		t.Error("after the sign-out, the balance page still holds the person's data")
	}
}
