package app

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"mespoints/api"
	"mespoints/points"
)

// golden reads one of the server's answers pinned by server/api's golden
// test.
func golden(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "server", "api", "testdata", "golden", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The app reads the server's errors by their code: a session that ended is
// told from a refused link, and what is not an error of the API (a
// success, a proxy's page) has no code.
func TestErrorOfReadsTheServersCodes(t *testing.T) {
	for _, tc := range []struct {
		res  apiResponse
		want api.Code
	}{
		{apiResponse{Status: 401, Body: golden(t, "error-not_signed_in.json")}, api.CodeNotSignedIn},
		{apiResponse{Status: 422, Body: golden(t, "error-link_failed.json")}, api.CodeLinkFailed},
		{apiResponse{Status: 429, Body: golden(t, "error-locked.json")}, api.CodeLocked},
		{apiResponse{Status: 200, Body: golden(t, "me-usager-unlinked.json")}, ""},
		{apiResponse{Status: 502, Body: []byte("<html>Bad Gateway</html>")}, ""},
	} {
		if got := errorOf(tc.res).Code; got != tc.want {
			t.Errorf("errorOf(%d %.40s) = %q, want %q", tc.res.Status, tc.res.Body, got, tc.want)
		}
	}
	if e := errorOf(apiResponse{Status: 429, Body: golden(t, "error-locked.json")}); e.RetryAfter != 3600 || e.Message == "" {
		t.Errorf("locked: %+v, want the message and 3600 s to wait", e)
	}
}

// Offline, the app recomputes the balance from the dossier the server
// sent: on the day the server answered, the app finds the server's
// balance, ceiling, status and stage (the same engine, through the same
// wire types).
func TestTheAppRecomputesWhatTheServerSays(t *testing.T) {
	for _, login := range []string{"camille", "ines", "karim"} {
		d, err := decodeDossier(golden(t, "dossier-"+login+".json"))
		if err != nil {
			t.Fatal(err)
		}
		var server api.Points
		if err := json.Unmarshal(golden(t, "points-"+login+".json"), &server); err != nil {
			t.Fatal(err)
		}
		res, err := computeDossier(d, server.At)
		if err != nil {
			t.Fatalf("%s: %v", login, err)
		}
		if res.Balance != server.Balance || res.Ceiling != server.Ceiling || res.Status != server.Status || !sameStage(res.Stage, server.Stage) {
			t.Errorf("%s on %s: the app computes %d/%d %s %+v, the server said %d/%d %s %+v", login, server.At,
				res.Balance, res.Ceiling, res.Status, res.Stage, server.Balance, server.Ceiling, server.Status, server.Stage)
		}
	}
	theo, err := decodeDossier(golden(t, "dossier-theo.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := computeDossier(theo, points.NewDate(2026, 3, 16)); err != errNoLicence {
		t.Errorf("a candidate's dossier computes (%v), want errNoLicence", err)
	}
}

// sameStage compares two stage eligibilities by value, their reason and
// texts included.
func sameStage(a, b points.StageEligibility) bool {
	if a.Eligible != b.Eligible || a.Points != b.Points || (a.From == nil) != (b.From == nil) ||
		a.Reason != b.Reason || a.Summary != b.Summary || a.Explanation != b.Explanation || a.Article != b.Article {
		return false
	}
	return a.From == nil || *a.From == *b.From
}
