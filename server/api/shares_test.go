package api

import (
	"net/http"
	"strings"
	"testing"
	"time"

	wire "mespoints/api"
	"mespoints/server/auth"
	"mespoints/server/shares"
)

// A share code shows what the attestation says — never the points — and
// the day it expires, with each use in its owner's list (the time only);
// after its day, or once revoked, its page says "Code expiré ou révoqué"
// and nothing else.
func TestShareCodeUntilExpiryAndRevocation(t *testing.T) {
	// The test's days are some days before the real time: sessions opened
	// now (the provider signs at the real time) stay open while the clock
	// moves past a code's expiry.
	at := time.Now().Add(-10 * 24 * time.Hour)
	e := newEnv(t, envOptions{at: at})
	p := e.signIn(t, auth.FranceConnect, "camille")
	other := e.signIn(t, auth.FranceConnect, "lucas")
	e.clock.Set(at)
	rec := e.record(t, "camille")
	var made wire.ShareCreated
	res := p.post(t, "/api/v1/shares", `{"days": 3}`)
	res.decode(t, &made)
	if res.status != 200 || len(made.Code) != 24 || !strings.HasSuffix(made.URL, "/partage/"+made.Code) || !made.Expires.Equal(e.clock.Now().Truncate(time.Second).Add(72*time.Hour)) {
		t.Fatalf("POST /shares = %d %+v", res.status, made)
	}
	status, page := e.page(t, nil, "/partage/"+made.Code)
	if status != 200 || !strings.Contains(page, rec.Holder.FamilyName) || !strings.Contains(page, "Valable jusqu'au") || !strings.Contains(page, "Droit à conduire") {
		t.Fatalf("the share page: %d %s", status, page)
	}
	if m := balanceWords.FindString(page); m != "" {
		t.Errorf("the share page says %q: %s", m, page)
	}
	// Typed in lower case, with spaces, through the form.
	lower := strings.ToLower(strings.ReplaceAll(made.Code, "-", " "))
	if status, page := e.page(t, nil, "/partage?code="+strings.ReplaceAll(lower, " ", "+")); status != 200 || !strings.Contains(page, rec.Holder.FamilyName) {
		t.Fatalf("the code typed in the form: %d %s", status, page)
	}
	var list wire.Shares
	p.get(t, "/api/v1/shares").decode(t, &list)
	if len(list.Shares) != 1 || list.Shares[0].State != wire.ShareLive || len(list.Shares[0].Uses) != 2 {
		t.Fatalf("list = %+v, want one live code used twice", list)
	}
	e.clock.Advance(72*time.Hour + time.Second)
	status, page = e.page(t, nil, "/partage/"+made.Code)
	if status != http.StatusGone || !strings.Contains(page, "Code expiré ou révoqué") || strings.Contains(page, rec.Holder.FamilyName) {
		t.Fatalf("after its day: %d %s", status, page)
	}
	p.get(t, "/api/v1/shares").decode(t, &list)
	if list.Shares[0].State != wire.ShareExpired {
		t.Errorf("state after its day: %s", list.Shares[0].State)
	}

	// Revoked: at once; by its owner only.
	res = p.post(t, "/api/v1/shares", `{}`)
	res.decode(t, &made)
	if !made.Expires.Equal(e.clock.Now().Truncate(time.Second).Add(21 * 24 * time.Hour)) {
		t.Errorf("a code without days lives until %v, want 21 days", made.Expires)
	}
	if res := e.call(t, other, "DELETE", "/api/v1/shares/"+made.ID, "", nil); res.status != 404 || res.apiError(t).Code != wire.CodeShareNotFound {
		t.Errorf("another person revokes: %d %s", res.status, res.body)
	}
	if status, _ := e.page(t, nil, "/partage/"+made.Code); status != 200 {
		t.Fatalf("after another person's try: %d", status)
	}
	var revoked wire.Share
	res = e.call(t, p, "DELETE", "/api/v1/shares/"+made.ID, "", nil)
	res.decode(t, &revoked)
	if res.status != 200 || revoked.State != wire.ShareRevoked || len(revoked.Uses) != 1 {
		t.Fatalf("DELETE = %d %s", res.status, res.body)
	}
	status, page = e.page(t, nil, "/partage/"+made.Code)
	if status != http.StatusGone || !strings.Contains(page, "Code expiré ou révoqué") || strings.Contains(page, rec.Holder.FamilyName) {
		t.Fatalf("after revocation: %d %s", status, page)
	}
}

// Days out of 1–90 are refused; a candidate has no licence to share.
func TestShareCodeRequests(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := e.signIn(t, auth.FranceConnect, "anne")
	for _, body := range []string{`{"days": 0}`, `{"days": 91}`, `{"days": "21"}`, `{"jours": 21}`, `[]`} {
		if res := p.post(t, "/api/v1/shares", body); res.status != 400 || res.apiError(t).Code != wire.CodeInvalidRequest {
			t.Errorf("POST %s = %d %s", body, res.status, res.body)
		}
	}
	theo := e.signIn(t, auth.FranceConnect, "theo")
	if res := theo.post(t, "/api/v1/shares", `{}`); res.status != 409 || res.apiError(t).Code != wire.CodeNoLicence {
		t.Errorf("a candidate's share code: %d %s", res.status, res.body)
	}
	if res := e.call(t, nil, "GET", "/api/v1/shares", "", nil); res.status != 401 {
		t.Errorf("the list without a session: %d", res.status)
	}
}

// Unknown codes are limited per address: after 20 in the hour, 429.
func TestUnknownShareCodesAreLimited(t *testing.T) {
	e := newEnv(t, envOptions{})
	for i := range shares.MaxTries {
		code := strings.Repeat("ABCD-", 4) + string(shares.Alphabet[i]) + "BCD"
		if status, page := e.page(t, nil, "/partage/"+code); status != 404 || !strings.Contains(page, "Code non reconnu") {
			t.Fatalf("try %d: %d %s", i, status, page)
		}
	}
	if status, page := e.page(t, nil, "/partage/ABCD-ABCD-ABCD-ABCD-ABCD"); status != http.StatusTooManyRequests || !strings.Contains(page, "Trop d'essais") {
		t.Fatalf("one more: %d %s", status, page)
	}
}
