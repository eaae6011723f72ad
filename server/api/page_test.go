package api

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	wire "mespoints/api"
	"mespoints/server/auth"
)

// pageDataFor asks for the data of a page drawn for the person's request
// (nil: nobody's), with extra cookies.
func (e *env) pageDataFor(t *testing.T, p *person, extra ...*http.Cookie) (wire.PageData, bool) {
	t.Helper()
	r := httptest.NewRequest("GET", e.srv.URL+"/solde", nil)
	if p != nil {
		for _, c := range p.client.Jar.Cookies(mustURL(e.srv.URL)) {
			r.AddCookie(c)
		}
	}
	for _, c := range extra {
		r.AddCookie(c)
	}
	data, today, ok, err := e.api.PageData(r, "GET /solde")
	if err != nil {
		t.Fatal(err)
	}
	if ok && today != e.today {
		t.Errorf("page drawn for %v, want %v", today, e.today)
	}
	return data, ok
}

// The data a page is drawn with before the app runs is the person's, as
// /me and /dossier give it, and audited as a read, for a live linked
// session only: not for
// nobody, a session that expired, one not linked, one with notices to
// show, or a device where the person signed out without network.
func TestPageDataOnlyForALiveLinkedSession(t *testing.T) {
	e := newEnv(t, envOptions{})
	camille := e.signIn(t, auth.FranceConnect, "camille")
	data, ok := e.pageDataFor(t, camille)
	if !ok {
		t.Fatal("no page data for camille's live session")
	}
	var me wire.Me
	camille.get(t, "/api/v1/me").decode(t, &me)
	var dossier wire.Dossier
	camille.get(t, "/api/v1/dossier").decode(t, &dossier)
	if data.Me.NEPH != me.NEPH || data.Me.GivenName != me.GivenName || !data.Me.Linked {
		t.Errorf("page data's me = %+v, want /me's %+v", data.Me, me)
	}
	if data.Dossier.NEPH != dossier.NEPH || len(data.Dossier.Events) != len(dossier.Events) || data.Dossier.FetchedAt.IsZero() {
		t.Errorf("page data's dossier = %+v, want /dossier's %+v", data.Dossier, dossier)
	}

	trail, err := e.auth.AuditTrail()
	if err != nil {
		t.Fatal(err)
	}
	audited := false
	for _, a := range trail {
		audited = audited || (a.Action == "GET /solde" && a.NEPH == me.NEPH)
	}
	if !audited {
		t.Error("the page drawn with camille's dossier is not in the audit log")
	}

	if _, ok := e.pageDataFor(t, nil); ok {
		t.Error("page data without a session")
	}
	if _, ok := e.pageDataFor(t, camille, &http.Cookie{Name: wire.SignOutPendingCookie, Value: "1"}); ok {
		t.Error("page data for a device where the person signed out")
	}
	anne := e.signIn(t, auth.Usager, "anne")
	if anne.landed != auth.PathUnlinked {
		t.Fatalf("anne's sign-in landed on %s", anne.landed)
	}
	if _, ok := e.pageDataFor(t, anne); ok {
		t.Error("page data for an account linked to no dossier")
	}

	e.clock.Advance(auth.IdleTimeout + time.Minute)
	if _, ok := e.pageDataFor(t, camille); ok {
		t.Error("page data for an expired session")
	}
}

// An account with a notice to show gets no page drawn with its dossier:
// the app asks /me, which carries the notice. Camille's licence account is
// linked with the e-mail code, loses its link when she identifies with
// FranceConnect (which prevails), and links again before reading why.
func TestNoPageDataWhileANoticeWaits(t *testing.T) {
	e := newEnv(t, envOptions{})
	licence := e.signIn(t, auth.Usager, "camille")
	licence.linkWithCode(t, "camille")
	if _, ok := e.pageDataFor(t, licence); !ok {
		t.Fatal("no page data for the licence account once linked")
	}
	e.signIn(t, auth.FranceConnect, "camille")
	licence = e.signIn(t, auth.Usager, "camille")
	if _, ok := e.pageDataFor(t, licence); ok {
		t.Fatal("page data for an account whose link was just removed")
	}
	licence.linkWithCode(t, "camille")
	var me wire.Me
	licence.get(t, "/api/v1/me").decode(t, &me)
	if !me.Linked || len(me.Notices) == 0 {
		t.Fatalf("the licence account should be linked again with its notice waiting: %+v", me)
	}
	if _, ok := e.pageDataFor(t, licence); ok {
		t.Error("page data for an account with a notice to show")
	}
	if res := licence.post(t, "/api/v1/me/notices/ack", ""); res.status != http.StatusOK {
		t.Fatalf("acknowledge the notice: %d %s", res.status, res.body)
	}
	if _, ok := e.pageDataFor(t, licence); !ok {
		t.Error("no page data once the notice is read")
	}
}
