package api

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	wire "mespoints/api"
	"mespoints/server/auth"
	"mespoints/server/demo"
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
	e := newEnv(t, envOptions{at: goldenAt})
	fc := map[string]*person{}
	for _, p := range demo.Personas {
		fc[p.Login] = e.signIn(t, auth.FranceConnect, p.Login)
	}
	// The licence account gives no identity pivot: these are unlinked.
	camilleU := e.signIn(t, auth.Usager, "camille")
	lucasU := e.signIn(t, auth.Usager, "lucas")
	marcU := e.signIn(t, auth.Usager, "marc")
	// Sign-in ran at the real time (the embedded provider signs at the
	// real time); everything after runs at the fixed instant, which is
	// earlier: sessions opened after it are neither idle nor too old.
	e.clock.Set(goldenAt)

	camille := e.record(t, "camille")
	lucas := e.record(t, "lucas")
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
		{file: "link-usager.json", who: camilleU, method: "POST", path: "/api/v1/link", body: linkBody(camille.NEPH, camille.Holder.Birthdate), status: 200},
		{file: "documents-usager.json", who: camilleU, method: "GET", path: "/api/v1/documents", status: 200},
		{file: "error-franceconnect_required.json", who: camilleU, method: "GET", path: "/documents/releve-integral.pdf",
			header: map[string]string{"Accept": "application/json"}, status: 403},
		{file: "error-dossier_taken.json", who: marcU, method: "POST", path: "/api/v1/link", body: linkBody(camille.NEPH, camille.Holder.Birthdate), status: 409},
		{file: "unlink-usager.json", who: camilleU, method: "DELETE", path: "/api/v1/link", status: 200},
		{file: "error-cross_origin.json", who: fc["camille"], method: "POST", path: "/api/v1/whatif", body: `{"points":2,"class":"c4"}`,
			header: map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://ailleurs.example"}, status: 403},
		{file: "error-not_found.json", who: fc["camille"], method: "GET", path: "/api/v1/dossiers", status: 404},
		{file: "documents-franceconnect.json", who: fc["camille"], method: "GET", path: "/api/v1/documents", status: 200},
		{file: "documents-theo.json", who: fc["theo"], method: "GET", path: "/api/v1/documents", status: 200},
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

	// The shared state away: a second API whose share codes live in an
	// etcd cluster that does not answer.
	away, err := etcdkv.Open(etcdkv.Options{Endpoints: []string{"127.0.0.1:1"}, Timeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer away.Close()
	e2 := newEnv(t, envOptions{at: goldenAt, shared: away})
	camilleAway := e2.signIn(t, auth.FranceConnect, "camille")
	e2.clock.Set(goldenAt)
	cases = append(cases, goldenCase{file: "error-unavailable.json", who: camilleAway, method: "GET", path: "/api/v1/shares", status: 503})

	written := map[string]bool{}
	for _, c := range cases {
		if c.before != nil {
			c.before(t)
		}
		if c.pathOf != nil {
			c.path = c.pathOf()
		}
		on := e
		if c.who != nil {
			on = c.who.e
		}
		res := on.call(t, c.who, c.method, c.path, c.body, c.header)
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
