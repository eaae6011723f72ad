package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/booking"
	"mespoints/server/demo"
	"mespoints/server/devidp"
	"mespoints/server/kv"
	"mespoints/server/kv/etcdkv"
	"mespoints/server/shares"
	"mespoints/server/store"
)

// update rewrites the golden files from the API's answers:
// go test ./server/api -run Golden -update
var update = flag.Bool("update", false, "rewrite testdata/golden from the API's answers")

// goldenDir holds one file per answer of the API worth pinning: the wire
// format, which a change shows as a diff in review.
const goldenDir = "testdata/golden"

// goldenAt is the instant the golden answers are given at; the demo
// dossiers are made relative to its day, so that every date is fixed.
var goldenAt = time.Date(2026, 3, 16, 10, 30, 0, 0, mustParis())

func mustParis() *time.Location {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return paris
}

// goldenCase is one request whose answer is pinned.
type goldenCase struct {
	// file is the golden file's name: route-state.json, or
	// error-code.json for an error.
	file string
	// who makes the request (nil: nobody signed in).
	who    *person
	method string
	path   string
	body   string
	header map[string]string
	// status is the answer's status.
	status int
	// before runs before the request, to put the store in the state the
	// answer shows.
	before func(t *testing.T)
	// bodyOf, when set, gives the body at the time of the request.
	bodyOf func(t *testing.T) string
	// at is the server asked; nil means the test's main one.
	at *env
	// pathOf, when set, gives the path once before has run (an id the
	// answer before made).
	pathOf func() string
}

// Every route and every error code answers exactly the JSON of its golden
// file under testdata/golden (compared after indenting both the same way),
// over real HTTP, from the real API and sign-in service, at a fixed
// instant. A change of the wire format is a diff of those files: rewrite
// them with -update and review it.
func TestGolden(t *testing.T) {
	e := newEnv(t, envOptions{at: goldenAt, mutate: addNatDossier})
	// A licence account linked by an earlier version (no proof) moves from
	// the records file to the shared state at start.
	legacyLink(t, e, "nat01")
	if n, err := e.auth.MoveFromStore(context.Background(), e.store); err != nil || n != 1 {
		t.Fatalf("move the earlier version's link: %d, %v", n, err)
	}
	// A server whose shared state does not answer.
	down := newEnv(t, envOptions{at: goldenAt, kv: deadEtcd(t)})
	fc := map[string]*person{}
	for _, p := range demo.Personas {
		fc[p.Login] = e.signIn(t, auth.FranceConnect, p.Login)
	}
	// The licence account gives no identity pivot: these are unlinked.
	camilleU := e.signIn(t, auth.Usager, "camille")
	lucasU := e.signIn(t, auth.Usager, "lucas")
	marcU := e.signIn(t, auth.Usager, "marc")
	karimU := e.signIn(t, auth.Usager, "karim")
	inesU := e.signIn(t, auth.Usager, "ines")
	natU := e.signIn(t, auth.Usager, "nat01")
	if natU.landed != auth.PathLinked {
		t.Fatalf("the moved link: landed on %s", natU.landed)
	}
	// Sign-in ran at the real time (the embedded provider signs at the
	// real time); everything after runs at the fixed instant, which is
	// earlier: sessions opened after it are neither idle nor too old.
	e.clock.Set(goldenAt)

	camille := e.record(t, "camille")
	lucas := e.record(t, "lucas")
	marc := e.record(t, "marc")
	karim := e.record(t, "karim")
	forged := map[string]string{"Cookie": auth.SessionCookie + "=" + strings.Repeat("A", 43)}
	var dossiers, computed []goldenCase
	// Every persona's dossier: the app's tests render every page from them.
	for _, p := range demo.Personas {
		dossiers = append(dossiers, goldenCase{file: "dossier-" + p.Login + ".json", who: fc[p.Login], method: "GET", path: "/api/v1/dossier", status: 200})
	}
	for _, c := range []struct{ route, login string }{
		{"points", "camille"}, {"points", "lucas"}, {"points", "ines"}, {"points", "karim"},
		{"history", "camille"}, {"history", "ines"}, {"history", "karim"},
		{"calendar", "marc"}, {"calendar", "sophie"}, {"calendar", "lucas"},
	} {
		computed = append(computed, goldenCase{file: c.route + "-" + c.login + ".json", who: fc[c.login], method: "GET", path: "/api/v1/" + c.route, status: 200})
	}
	cases := []goldenCase{
		{file: "me-franceconnect-linked.json", who: fc["camille"], method: "GET", path: "/api/v1/me", status: 200},
		{file: "me-usager-unlinked.json", who: camilleU, method: "GET", path: "/api/v1/me", status: 200},
	}
	cases = append(cases, dossiers...)
	cases = append(cases, computed...)
	cases = append(cases, []goldenCase{
		{file: "whatif-camille.json", who: fc["camille"], method: "POST", path: "/api/v1/whatif", body: `{"points":4,"class":"c4"}`, status: 200},
		{file: "whatif-lucas.json", who: fc["lucas"], method: "POST", path: "/api/v1/whatif", body: `{"points":3,"class":"c4"}`, status: 200},

		{file: "error-not_signed_in.json", method: "GET", path: "/api/v1/me", status: 401},
		{file: "error-not_linked.json", who: camilleU, method: "GET", path: "/api/v1/points", status: 409},
		{file: "error-no_licence.json", who: fc["theo"], method: "GET", path: "/api/v1/points", status: 409},
		{file: "error-invalid_request.json", who: fc["camille"], method: "POST", path: "/api/v1/whatif", body: `{"points":7,"class":"c4"}`, status: 400},
		{file: "error-already_linked.json", who: fc["camille"], method: "POST", path: "/api/v1/link", body: linkBody(lucas.NEPH, lucas.Holder.Birthdate), status: 409},
		{file: "error-link_failed.json", who: lucasU, method: "POST", path: "/api/v1/link", body: linkBody(lucas.NEPH, lucas.Holder.Birthdate.AddDays(1)), status: 422},
		{file: "error-locked.json", who: lucasU, method: "POST", path: "/api/v1/link", body: linkBody(lucas.NEPH, lucas.Holder.Birthdate.AddDays(1)), status: 429,
			before: func(t *testing.T) {
				for range auth.MaxAccountFailures - 2 {
					lucasU.post(t, "/api/v1/link", linkBody(lucas.NEPH, lucas.Holder.Birthdate.AddDays(1)))
				}
			}},
		// Camille's FranceConnect link is made again now, at the fixed
		// instant; then her licence account links with the code.
		{file: "linkcode-usager.json", who: camilleU, method: "POST", path: "/api/v1/link", body: linkBody(camille.NEPH, camille.Holder.Birthdate), status: 202,
			before: func(t *testing.T) {
				e.call(t, fc["camille"], "DELETE", "/api/v1/link", "", nil)
				if res := fc["camille"].post(t, "/api/v1/link", linkBody(camille.NEPH, camille.Holder.Birthdate)); res.status != 200 {
					t.Fatalf("FranceConnect relink = %d %s", res.status, res.body)
				}
			}},
		{file: "linkconfirm-usager.json", who: camilleU, method: "POST", path: "/api/v1/link/confirm", status: 200,
			bodyOf: func(t *testing.T) string { return `{"code":"` + e.code(t, "camille") + `"}` }},
		{file: "documents-usager.json", who: camilleU, method: "GET", path: "/api/v1/documents", status: 200},
		{file: "error-franceconnect_required.json", who: camilleU, method: "GET", path: "/documents/releve-integral.pdf",
			header: map[string]string{"Accept": "application/json"}, status: 403},
		{file: "error-dossier_taken.json", who: marcU, method: "POST", path: "/api/v1/link", body: linkBody(camille.NEPH, camille.Holder.Birthdate), status: 409},
		{file: "accountlinks-camille.json", who: fc["camille"], method: "GET", path: "/api/v1/account/links", status: 200},
		{file: "accountlinks-removed.json", who: fc["camille"], method: "DELETE", path: "/api/v1/account/links/" + auth.LinkID(camille.NEPH, auth.Usager), status: 200},
		{file: "me-usager-notice.json", who: camilleU, method: "GET", path: "/api/v1/me", status: 200},
		{file: "noticesack-usager.json", who: camilleU, method: "POST", path: "/api/v1/me/notices/ack", status: 200},
		{file: "unlink-usager.json", who: marcU, method: "DELETE", path: "/api/v1/link", status: 200,
			before: func(t *testing.T) { marcU.linkWithCode(t, "marc") }},
		{file: "error-identity_mismatch.json", who: fc["karim"], method: "POST", path: "/api/v1/link", body: linkBody(marc.NEPH, marc.Holder.Birthdate), status: 403,
			before: func(t *testing.T) { e.call(t, fc["karim"], "DELETE", "/api/v1/link", "", nil) }},
		{file: "error-no_contact.json", who: karimU, method: "POST", path: "/api/v1/link", body: linkBody(karim.NEPH, karim.Holder.Birthdate), status: 409},
		{file: "error-code_expired.json", who: inesU, method: "POST", path: "/api/v1/link/confirm", body: `{"code":"123456"}`, status: 409},
		{file: "error-link_not_proven.json", who: natU, method: "DELETE", path: "/api/v1/account/links/" + auth.LinkID(natNEPH, auth.FranceConnect), status: 403},
		{file: "error-session_expired.json", method: "GET", path: "/api/v1/me", header: forged, status: 401},
		{file: "error-unavailable.json", at: down, method: "GET", path: "/api/v1/me", header: forged, status: 503},
		{file: "accountdelete-usager.json", who: inesU, method: "DELETE", path: "/api/v1/account", status: 200},
		{file: "error-cross_origin.json", who: fc["camille"], method: "POST", path: "/api/v1/whatif", body: `{"points":2,"class":"c4"}`,
			header: map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://ailleurs.example"}, status: 403},
		{file: "error-not_found.json", who: fc["camille"], method: "GET", path: "/api/v1/dossiers", status: 404},
		{file: "documents-franceconnect.json", who: fc["camille"], method: "GET", path: "/api/v1/documents", status: 200},
		{file: "documents-theo.json", who: fc["theo"], method: "GET", path: "/api/v1/documents", status: 200},
		{file: "documents-nora.json", who: fc["nora"], method: "GET", path: "/api/v1/documents", status: 200},
		{file: "error-no_cepc.json", who: fc["theo"], method: "GET", path: "/documents/cepc.pdf",
			header: map[string]string{"Accept": "application/json"}, status: 409},
		{file: "attestation-marc.json", who: fc["marc"], method: "GET", path: "/api/v1/documents/attestation", status: 200},
		{file: "newshare-lucas.json", who: fc["lucas"], method: "POST", path: "/api/v1/shares", body: `{"days":10}`, status: 200},
		{file: "shares-lucas.json", who: fc["lucas"], method: "GET", path: "/api/v1/shares", status: 200},
		{file: "revokedshare-lucas.json", who: fc["lucas"], method: "DELETE", status: 200,
			pathOf: func() string {
				var list wire.Shares
				fc["lucas"].get(t, "/api/v1/shares").decode(t, &list)
				if len(list.Shares) != 1 {
					t.Fatalf("Lucas has %d share codes, want the one just made", len(list.Shares))
				}
				return "/api/v1/shares/" + list.Shares[0].ID
			}},
		{file: "error-share_not_found.json", who: fc["camille"], method: "DELETE", path: "/api/v1/shares/0000000000000000", status: 404},
		{file: "error-too_many_shares.json", who: fc["ines"], method: "POST", path: "/api/v1/shares", body: `{}`, status: 409,
			before: func(t *testing.T) {
				for range shares.MaxLive {
					if res := fc["ines"].post(t, "/api/v1/shares", `{}`); res.status != 200 {
						t.Fatalf("share code: %d %s", res.status, res.body)
					}
				}
			}},
	}...)
	cases = append(cases, examCases(t, e, fc)...)
	cases = append(cases, []goldenCase{
		{file: "error-method_not_allowed.json", who: fc["camille"], method: "PUT", path: "/api/v1/points", status: 405},
		{file: "error-dossier_missing.json", who: fc["sophie"], method: "GET", path: "/api/v1/points", status: 404,
			before: func(t *testing.T) {
				neph, _ := demo.NEPHForLogin("sophie")
				err := e.store.Update(func(tx *bolt.Tx) error { return tx.Bucket(store.BucketRecords).Delete([]byte(neph)) })
				if err != nil {
					t.Fatal(err)
				}
			}},
		// Last: it closes the store.
		{file: "error-internal.json", who: fc["anne"], method: "GET", path: "/api/v1/points", status: 500,
			before: func(t *testing.T) {
				if err := e.store.Close(); err != nil {
					t.Fatal(err)
				}
			}},
	}...)

	written := map[string]bool{}
	for _, c := range cases {
		if c.before != nil {
			c.before(t)
		}
		body := c.body
		if c.bodyOf != nil {
			body = c.bodyOf(t)
		}
		if c.pathOf != nil {
			c.path = c.pathOf()
		}
		on := e
		if c.who != nil {
			on = c.who.e
		}
		if c.at != nil {
			on = c.at
		}
		res := on.call(t, c.who, c.method, c.path, body, c.header)
		if res.status == http.StatusServiceUnavailable && res.header.Get("Retry-After") == "" {
			t.Errorf("%s: 503 without Retry-After", c.file)
		}
		if res.status != c.status {
			t.Errorf("%s: %s %s = %d %s, want %d", c.file, c.method, c.path, res.status, res.body, c.status)
			continue
		}
		got, err := canonicalJSON(res.body)
		if err != nil {
			t.Errorf("%s: %s %s answered no JSON: %v\n%s", c.file, c.method, c.path, err, res.body)
			continue
		}
		path := filepath.Join(goldenDir, c.file)
		written[c.file] = true
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v (go test ./server/api -run Golden -update writes it)", c.file, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s %s answers differently from %s (if the change is meant, rewrite it with -update and review the diff):\n%s",
				c.method, c.path, path, lineDiff(string(want), string(got)))
		}
	}
	files, err := filepath.Glob(filepath.Join(goldenDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !written[filepath.Base(f)] {
			t.Errorf("%s pins no answer of this test any more: remove it", f)
		}
	}
}

// legacyLink writes into the records file, as the version before the
// shared state did, the link of login's licence account to natNEPH, and
// returns the account's ID.
func legacyLink(t *testing.T, e *env, login string) string {
	t.Helper()
	sum := sha256.Sum256([]byte("usager\x00" + login)) // the development provider's subject
	h := hex.EncodeToString(sum[:16])
	sub := h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
	iss := devidp.Issuer(e.srv.URL, auth.Usager)
	id := accountIDOf(iss, sub)
	rec, err := e.store.Get(natNEPH)
	if err != nil {
		t.Fatal(err)
	}
	acct, _ := json.Marshal(map[string]any{"id": id, "provider": auth.Usager, "iss": iss, "sub": sub, "neph": rec.NEPH,
		"created": goldenAt.Add(-48 * time.Hour), "last_sign_in": goldenAt.Add(-24 * time.Hour)})
	err = e.store.Update(func(tx *bolt.Tx) error {
		a, err := tx.CreateBucketIfNotExists([]byte("accounts"))
		if err != nil {
			return err
		}
		l, err := tx.CreateBucketIfNotExists([]byte("links"))
		if err != nil {
			return err
		}
		if err := a.Put([]byte(id), acct); err != nil {
			return err
		}
		return l.Put([]byte(auth.Usager+"\x00"+rec.NEPH), []byte(id))
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// natNEPH is the dossier of the development provider's person nat01.
const natNEPH = "180175000001"

// addNatDossier adds a dossier for nat01, whom FranceConnect never signs
// in in the golden test.
func addNatDossier(t testing.TB, st *store.Store, today points.Date) {
	rec, err := st.Get(demo.Personas[1].NEPH)
	if err != nil {
		t.Fatal(err)
	}
	rec.NEPH = natNEPH
	rec.Holder = store.Holder{FamilyName: "Numéro 1", GivenNames: "Personne", Birthdate: points.NewDate(1980, 1, 1), Birthplace: "75056", Birthcountry: "99100", Email: "nat01@example.fr"}
	if err := st.Put(rec); err != nil {
		t.Fatal(err)
	}
}

// accountIDOf is the account ID the sign-in gives subject sub at issuer
// iss (a hash, as auth computes it).
func accountIDOf(iss, sub string) string {
	h := sha256.Sum256([]byte(iss + "\x00" + sub))
	return base64.RawURLEncoding.EncodeToString(h[:16])
}

// deadEtcd is a shared state that cannot answer: an etcd client of a
// port where nothing listens.
func deadEtcd(t *testing.T) kv.Store {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s, err := etcdkv.Open(etcdkv.Options{Endpoints: []string{addr}, Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// canonicalJSON indents a JSON document the one way the golden files are
// written: two spaces, no HTML escaping changed, a final newline.
func canonicalJSON(b []byte) ([]byte, error) {
	var out bytes.Buffer
	if err := json.Indent(&out, bytes.TrimSpace(b), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// lineDiff shows the lines of want and got that differ, first ones first.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl == gl {
			continue
		}
		b.WriteString("line " + strconv.Itoa(i+1) + ":\n  want " + wl + "\n  got  " + gl + "\n")
		if shown++; shown == 10 {
			b.WriteString("…\n")
			break
		}
	}
	return b.String()
}

// examCases are the golden cases of the exam routes, in the order they
// run: theo (candidat libre, code passed) is refused for each reason a
// booking can be, then books the last place of the first session of the
// demo catalogue, and cancels it the day before the test (late).
func examCases(t *testing.T, e *env, fc map[string]*person) []goldenCase {
	day := points.DateOf(goldenAt)
	session := func(days int, centre, hhmm string) string {
		return fmt.Sprintf("31.%s.%s.%s", day.AddDays(days), centre, hhmm)
	}
	last := session(1, "toulouse-nord", "0830") // 1 place left
	full := session(2, "toulouse-nord", "0830")
	accompanist := `"accompanist":{"name":"Sophie Garnier","licence_since":"2001-06-20","dual_control":true}`
	bookBody := func(id string, acc bool) string {
		if acc {
			return `{"session":"` + id + `",` + accompanist + `}`
		}
		return `{"session":"` + id + `"}`
	}
	ctx := context.Background()
	return []goldenCase{
		{file: "exams-theo.json", who: fc["theo"], method: "GET", path: "/api/v1/exams", status: 200},
		{file: "exams-lea.json", who: fc["lea"], method: "GET", path: "/api/v1/exams", status: 200},
		{file: "exams-yanis.json", who: fc["yanis"], method: "GET", path: "/api/v1/exams", status: 200},
		{file: "exams-nora.json", who: fc["nora"], method: "GET", path: "/api/v1/exams", status: 200},
		{file: "sessions-departements.json", who: fc["theo"], method: "GET", path: "/api/v1/exams/sessions", status: 200},
		{file: "sessions-31.json", who: fc["theo"], method: "GET", path: "/api/v1/exams/sessions?departement=31&from=" + day.AddDays(52).String(), status: 200},
		{file: "error-accompanist_invalid.json", who: fc["theo"], method: "POST", path: "/api/v1/exams/bookings", body: bookBody(last, false), status: 409},
		{file: "error-full.json", who: fc["theo"], method: "POST", path: "/api/v1/exams/bookings", body: bookBody(full, true), status: 409},
		{file: "error-session_not_found.json", who: fc["theo"], method: "POST", path: "/api/v1/exams/bookings", body: bookBody(session(1, "nulle-part", "0830"), true), status: 404},
		{file: "error-too_soon.json", who: fc["yanis"], method: "POST", path: "/api/v1/exams/bookings", body: bookBody(last, false), status: 409},
		{file: "error-code_not_valid.json", who: fc["lea"], method: "POST", path: "/api/v1/exams/bookings", body: bookBody(last, false), status: 409},
		{file: "error-not_candidate.json", who: fc["camille"], method: "GET", path: "/api/v1/exams", status: 409},
		{file: "error-session_past.json", who: fc["theo"], method: "POST", path: "/api/v1/exams/bookings", body: bookBody(session(0, "toulouse-nord", "1600"), true), status: 409,
			before: func(t *testing.T) {
				catalogue, _ := demo.Catalogue(day)
				today := fmt.Sprintf(`{"kind":"session","centre":"toulouse-nord","at":"%sT16:00","places":4}`, day)
				if _, err := booking.Import(ctx, e.kv, strings.NewReader(string(catalogue)+today+"\n"), day); err != nil {
					t.Fatal(err)
				}
			}},
		{file: "error-session_unavailable.json", who: fc["theo"], method: "POST", path: "/api/v1/exams/bookings", body: bookBody(session(3, "muret", "1330"), true), status: 409,
			before: func(t *testing.T) {
				err := e.kv.Update(ctx, func(tx kv.Tx) error { tx.Put("exams/taken/"+session(3, "muret", "1330"), []byte("1"), 0); return nil })
				if err != nil {
					t.Fatal(err)
				}
				if r, err := e.booking.Check(ctx); err != nil || r.OK() {
					t.Fatalf("the check did not see the counter edited by hand: %+v, %v", r, err)
				}
			}},
		{file: "booking-theo.json", who: fc["theo"], method: "POST", path: "/api/v1/exams/bookings", body: bookBody(last, true), status: 201,
			before: func(t *testing.T) { e.bookings = 0 }},
		{file: "error-already_booked.json", who: fc["theo"], method: "POST", path: "/api/v1/exams/bookings", body: bookBody(session(1, "toulouse-nord", "1330"), true), status: 409},
		{file: "exams-theo-booked.json", who: fc["theo"], method: "GET", path: "/api/v1/exams", status: 200},
		{file: "cancel-theo.json", who: fc["theo"], method: "DELETE", path: "/api/v1/exams/bookings/" + testBookingID(1), status: 200},
		{file: "error-booking_not_found.json", who: fc["theo"], method: "DELETE", path: "/api/v1/exams/bookings/" + testBookingID(1), status: 404},
		{file: "error-exam_past.json", who: fc["yanis"], method: "DELETE", path: "/api/v1/exams/bookings/" + testBookingID(99), status: 409,
			before: func(t *testing.T) {
				// Yanis's booking of a test that took place yesterday.
				neph, _ := demo.NEPHForLogin("yanis")
				b := booking.Booking{ID: testBookingID(99), Candidate: booking.CandidateOf(neph),
					Session: booking.Session{ID: fmt.Sprintf("75.%s.paris-13.0830", day.AddDays(-1)), At: points.NewDateTime(day.AddDays(-1), 8, 30), Places: 4}}
				err := e.kv.Update(ctx, func(tx kv.Tx) error {
					v, _ := json.Marshal(booking.Candidate{Pending: &b})
					tx.Put("exams/candidates/"+b.Candidate, v, 0)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
			}},
	}
}
