package api

import (
	"crypto/ed25519"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"io"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/demo"
	"mespoints/server/internal/testkit"
)

// balanceWords are the ways a balance would show on an attestation or a
// share code's page: "9 points", "0 point", "sur 12", "solde".
var balanceWords = regexp.MustCompile(`(?i)\b\d+\s+points?\b|\bsur\s+\d+\s+points\b|\bsolde\b`)

// page is a page's status and text, tags removed.
func (e *env) page(t *testing.T, p *person, target string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", e.srv.URL+target, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := http.DefaultClient
	if p != nil {
		c = p.client
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("GET %s: Cache-Control %q, want no-store", target, cc)
	}
	return res.StatusCode, html2text(string(b))
}

var tags = regexp.MustCompile(`<[^>]*>`)

// html2text is a page's text, tags removed and spaces squeezed, with its
// entities for ' and " read back.
func html2text(s string) string {
	s = tags.ReplaceAllString(s, " ")
	s = strings.NewReplacer("&#39;", "'", "&#34;", `"`, "&amp;", "&").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// download gets a document as the person and checks its headers.
func download(t *testing.T, p *person, target, contentType, namePrefix string) []byte {
	t.Helper()
	res := p.get(t, target)
	if res.status != 200 {
		t.Fatalf("GET %s = %d %s", target, res.status, res.body)
	}
	if got := res.header.Get("Content-Type"); got != contentType {
		t.Errorf("GET %s: Content-Type %q, want %q", target, got, contentType)
	}
	d := res.header.Get("Content-Disposition")
	name := namePrefix + "-" + p.e.today.String()
	if !strings.HasPrefix(d, `attachment; filename="`+name) || !strings.Contains(d, `filename*=UTF-8''`+name) {
		t.Errorf("GET %s: Content-Disposition %q, want an attachment named %s…", target, d, name)
	}
	return res.body
}

// Every persona with a licence downloads an attestation that states no
// points, whose QR code opens « Document authentique » on /verifier/ (in
// the QR code's upper case, and in lower case), and whose code with one
// character changed is refused with a 4xx; a candidate gets a French
// explanation instead of a document.
func TestAttestationOfEveryPersonaVerifies(t *testing.T) {
	e := newEnv(t, envOptions{})
	for _, persona := range demo.Personas {
		t.Run(persona.Login, func(t *testing.T) {
			p := e.signIn(t, auth.FranceConnect, persona.Login)
			rec := e.record(t, persona.Login)
			if rec.Licence == nil {
				status, text := e.page(t, p, "/documents/attestation.pdf")
				if status != http.StatusConflict || !strings.Contains(text, "Vous n'avez pas encore de permis de conduire") {
					t.Fatalf("a candidate's attestation: %d %s", status, text)
				}
				return
			}
			b := download(t, p, "/documents/attestation.pdf", "application/pdf", "attestation-droits-a-conduire")
			text := testkit.PDFText(t, b, 0)
			if m := balanceWords.FindString(text); m != "" {
				t.Errorf("the attestation says %q:\n%s", m, text)
			}
			for _, want := range []string{rec.Holder.FamilyName, rec.NEPH, "Attestation de droits à conduire"} {
				if !strings.Contains(text, want) {
					t.Errorf("the attestation does not say %q", want)
				}
			}
			qr := testkit.PDFQR(t, b)
			if len(qr) != 1 || !strings.HasPrefix(qr[0], strings.ToUpper(publicURL)+"/VERIFIER/") {
				t.Fatalf("QR codes %q", qr)
			}
			code := path.Base(qr[0])
			for _, target := range []string{"/VERIFIER/" + code, "/verifier/" + code, "/verifier/" + strings.ToLower(code)} {
				status, page := e.page(t, nil, target)
				if status != 200 || !strings.Contains(page, "Document authentique") || !strings.Contains(page, rec.Holder.FamilyName) ||
					!strings.Contains(page, "Aujourd'hui, ") {
					t.Fatalf("GET %s = %d %s", target, status, page)
				}
				if m := balanceWords.FindString(page); m != "" {
					t.Errorf("the verification of an attestation says %q", m)
				}
			}
			for _, i := range []int{0, 3, len(code) / 2, len(code) - 1} {
				c := byte('A')
				if code[i] == 'A' {
					c = 'B'
				}
				forged := code[:i] + string(c) + code[i+1:]
				status, page := e.page(t, nil, "/verifier/"+forged)
				if status < 400 || status >= 500 || !strings.Contains(page, "Document non reconnu") {
					t.Errorf("a code with character %d changed: %d %s", i, status, page)
				}
			}
			for _, bad := range []string{code[:len(code)-5], "0", strings.Repeat("A", 3000), "%C3%A9t%C3%A9"} {
				if status, _ := e.page(t, nil, "/verifier/"+bad); status < 400 || status >= 500 {
					t.Errorf("code %.20q…: status %d, want a 4xx", bad, status)
				}
			}
		})
	}
}

// The verification says the licence's state today, from the records:
// Karim's licence, invalidated, is said so.
func TestVerificationSaysTheStateToday(t *testing.T) {
	e := newEnv(t, envOptions{})
	karim := e.signIn(t, auth.FranceConnect, "karim")
	var d wire.Document
	karim.get(t, "/api/v1/documents/attestation").decode(t, &d)
	status, page := e.page(t, nil, "/verifier/"+d.Code)
	if status != 200 || !strings.Contains(page, "Aujourd'hui, "+longDateFR(e.today)+" : permis invalidé (lettre 48SI)") {
		t.Fatalf("verification of Karim's attestation: %d %s", status, page)
	}
}

func longDateFR(d points.Date) string {
	months := []string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	y, m, day := d.YMD()
	first := itoa(day)
	if day == 1 {
		first = "1er"
	}
	return first + " " + months[m-1] + " " + itoa(y)
}

func itoa(n int) string { return strconv.Itoa(n) }

// The relevé intégral: refused to a licence-account session (a French
// page with a FranceConnect button, or the API's 403
// franceconnect_required), given to a FranceConnect one with the engine's
// balance for today, for every persona.
func TestIntegralOnlyForFranceConnect(t *testing.T) {
	e := newEnv(t, envOptions{})
	u := e.signIn(t, auth.Usager, "camille")
	u.linkWithCode(t, "camille")
	status, page := e.page(t, u, "/documents/releve-integral.pdf")
	if status != http.StatusForbidden || !strings.Contains(page, "reconnectez-vous avec FranceConnect") || !strings.Contains(page, "S'identifier avec FranceConnect") {
		t.Errorf("the relevé to a licence-account session: %d %s", status, page)
	}
	res := e.call(t, u, "GET", "/documents/releve-integral.pdf", "", map[string]string{"Accept": "application/json"})
	if res.status != 403 || res.apiError(t).Code != wire.CodeFranceConnectRequired {
		t.Errorf("the relevé to a licence-account session, as JSON: %d %s", res.status, res.body)
	}
	if res := download(t, u, "/documents/attestation.pdf", "application/pdf", "attestation-droits-a-conduire"); len(res) == 0 {
		t.Error("the attestation is empty")
	}
	for _, persona := range demo.Personas {
		rec := e.record(t, persona.Login)
		if rec.Licence == nil {
			continue
		}
		p := e.signIn(t, auth.FranceConnect, persona.Login)
		b := download(t, p, "/documents/releve-integral.pdf", "application/pdf", "releve-integral")
		pr, _ := rec.Engine()
		want, err := points.Compute(pr, e.today)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(testkit.PDFText(t, b, 0)), " ")
		balance := "Solde " + pointsFR(want.Balance) + " sur " + pointsFR(want.Ceiling)
		if !strings.Contains(text, balance) {
			t.Errorf("%s: the relevé does not say %q:\n%s", persona.Login, balance, text)
		}
		for _, c := range want.History {
			if !strings.Contains(text, c.Date.French()) {
				t.Errorf("%s: the change of %s is missing", persona.Login, c.Date)
			}
		}
		qr := testkit.PDFQR(t, b)
		if len(qr) != 1 {
			t.Fatalf("%s: QR codes %q", persona.Login, qr)
		}
		status, page := e.page(t, nil, "/verifier/"+path.Base(qr[0]))
		if status != 200 || !strings.Contains(page, "Relevé d'information intégral") || !strings.Contains(page, pointsFR(want.Balance)+" sur "+pointsFR(want.Ceiling)) {
			t.Errorf("%s: verification of the relevé: %d %s", persona.Login, status, page)
		}
	}
}

func pointsFR(n int) string {
	if n < 2 {
		return strconv.Itoa(n) + " point"
	}
	return strconv.Itoa(n) + " points"
}

// Without a session, a download answers a French page (401), or the API's
// JSON error; not linked, 409.
func TestDownloadsNeedASession(t *testing.T) {
	e := newEnv(t, envOptions{})
	for _, target := range []string{"/documents/attestation.pdf", "/documents/releve-integral.pdf", "/documents/calendrier.ics"} {
		status, page := e.page(t, nil, target)
		if status != 401 || !strings.Contains(page, "Connectez-vous") {
			t.Errorf("GET %s without a session: %d %s", target, status, page)
		}
		res := e.call(t, nil, "GET", target, "", map[string]string{"Accept": "application/json"})
		if res.status != 401 || res.apiError(t).Code != wire.CodeNotSignedIn {
			t.Errorf("GET %s without a session, as JSON: %d %s", target, res.status, res.body)
		}
	}
	u := e.signIn(t, auth.Usager, "lucas")
	if status, page := e.page(t, u, "/documents/attestation.pdf"); status != 409 || !strings.Contains(page, "Rattacher mon dossier") {
		t.Errorf("not linked: %d %s", status, page)
	}
}

// The calendar file is an attachment of type text/calendar holding the
// forecast's restitutions.
func TestCalendarDownload(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := e.signIn(t, auth.FranceConnect, "marc")
	b := download(t, p, "/documents/calendrier.ics", "text/calendar; charset=utf-8", "mes-points-restitutions")
	if !strings.HasPrefix(string(b), "BEGIN:VCALENDAR") || !strings.Contains(string(b), "restitution prévisionnelle") {
		t.Errorf("calendar:\n%s", b)
	}
}

// Each issue of a document is in the audit log — who, when, which kind —
// and the log holds nothing of the documents' content.
func TestEveryIssueIsAudited(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := e.signIn(t, auth.FranceConnect, "sophie")
	rec := e.record(t, "sophie")
	download(t, p, "/documents/attestation.pdf", "application/pdf", "attestation-droits-a-conduire")
	download(t, p, "/documents/releve-integral.pdf", "application/pdf", "releve-integral")
	download(t, p, "/documents/calendrier.ics", "text/calendar; charset=utf-8", "mes-points-restitutions")
	var d wire.Document
	p.get(t, "/api/v1/documents/attestation").decode(t, &d)
	e.page(t, nil, "/verifier/"+d.Code)
	trail, err := e.auth.AuditTrail()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, a := range trail {
		if a.NEPH == rec.NEPH {
			seen[a.Action] = true
		}
		if strings.Contains(a.Action, d.Code) || strings.Contains(a.Action, rec.Holder.FamilyName) {
			t.Errorf("an audit entry holds a code or a name: %+v", a)
		}
	}
	for _, want := range []string{"GET /documents/attestation.pdf", "GET /documents/releve-integral.pdf", "GET /documents/calendrier.ics",
		"GET /api/v1/documents/attestation", "GET /verifier/{code}"} {
		if !seen[want] {
			t.Errorf("no audit entry %q for Sophie's dossier; entries: %v", want, seen)
		}
	}
}

// The published JWK set alone, and the format docs/documents.md gives,
// check a code and read what it states: a verifier written here, without
// the service's own code.
func TestACodeChecksOfflineWithThePublishedKeys(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := e.signIn(t, auth.FranceConnect, "marc")
	rec := e.record(t, "marc")
	var d wire.Document
	if res := p.get(t, "/api/v1/documents/attestation"); res.status != 200 {
		t.Fatalf("attestation: %d %s", res.status, res.body)
	} else {
		res.decode(t, &d)
	}
	res, err := http.Get(e.srv.URL + "/.well-known/mespoints-keys.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var set struct {
		Keys []struct{ Kty, Crv, Kid, Use, X string }
	}
	if err := json.NewDecoder(res.Body).Decode(&set); err != nil || res.Header.Get("Content-Type") != "application/jwk-set+json" {
		t.Fatalf("JWK set: %v, %s", err, res.Header.Get("Content-Type"))
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(d.Code)
	if err != nil {
		t.Fatal(err)
	}
	kid := base32.StdEncoding.EncodeToString(raw[1:6])
	var pub ed25519.PublicKey
	for _, k := range set.Keys {
		if k.Kid == kid && k.Kty == "OKP" && k.Crv == "Ed25519" && k.Use == "sig" {
			pub, _ = base64.RawURLEncoding.DecodeString(k.X)
		}
	}
	n := len(raw) - ed25519.SignatureSize
	if raw[0] != 1 || len(pub) != ed25519.PublicKeySize || !ed25519.Verify(pub, raw[:n], raw[n:]) {
		t.Fatalf("the code does not verify with the published key %s", kid)
	}
	// The claims, field by field as documented.
	body := raw[6:n]
	take := func(k int) []byte { out := body[:k]; body = body[k:]; return out }
	str := func() string { return string(take(int(take(1)[0]))) }
	day0 := points.NewDate(1899, 12, 31)
	date := func() points.Date { return day0 + points.Date(binary.BigEndian.Uint32(take(4))) }
	if kind := take(1)[0]; kind != 'A' {
		t.Errorf("kind %c, want A", kind)
	}
	issued := time.Unix(int64(binary.BigEndian.Uint32(take(4)))*60, 0)
	if !issued.Equal(e.clock.Now().Truncate(time.Minute)) {
		t.Errorf("issued %v, want %v", issued, e.clock.Now())
	}
	if neph, family, usage, given := str(), str(), str(), str(); neph != rec.NEPH || family != rec.Holder.FamilyName || usage != "" || given != rec.Holder.GivenNames {
		t.Errorf("names %q %q %q %q", neph, family, usage, given)
	}
	if born := date(); born != rec.Holder.Birthdate {
		t.Errorf("born %s, want %s", born, rec.Holder.Birthdate)
	}
	if state := take(1)[0]; state != 'V' {
		t.Errorf("state %c, want V (valid)", state)
	}
	if stateDate := binary.BigEndian.Uint32(take(4)); stateDate != 0 {
		t.Errorf("a valid licence's state date is %d, want 0", stateDate)
	}
	if count := int(take(1)[0]); count != len(rec.Licence.Categories) {
		t.Fatalf("%d categories, want %d", count, len(rec.Licence.Categories))
	}
	for _, c := range rec.Licence.Categories {
		name, obtained, until := str(), date(), binary.BigEndian.Uint32(take(4))
		wantUntil := uint32(0)
		if c.Until != nil {
			wantUntil = uint32(*c.Until - day0)
		}
		if name != c.Category || obtained != c.Obtained || until != wantUntil {
			t.Errorf("category %s %s %d, want %s %s %d", name, obtained, until, c.Category, c.Obtained, wantUntil)
		}
	}
	if valid := date(); valid != e.today.AddMonths(4) {
		t.Errorf("valid until %s, want %s", valid, e.today.AddMonths(4))
	}
	if len(body) != 0 {
		t.Errorf("%d bytes left after the claims", len(body))
	}
}

// A code typed in the form (lower case, in groups) opens its page; after
// a rotation the older codes still verify, until their key is retired;
// the JWK set follows.
func TestVerifierFormAndKeyRotation(t *testing.T) {
	e := newEnv(t, envOptions{})
	p := e.signIn(t, auth.FranceConnect, "anne")
	var d wire.Document
	p.get(t, "/api/v1/documents/attestation").decode(t, &d)
	typed := strings.ToLower(d.CodeText)
	if status, page := e.page(t, nil, "/verifier?code="+strings.ReplaceAll(typed, " ", "+")); status != 200 || !strings.Contains(page, "Document authentique") {
		t.Fatalf("the code typed in the form: %d %s", status, page)
	}
	if status, page := e.page(t, nil, "/verifier"); status != 200 || !strings.Contains(page, "Code de vérification") {
		t.Errorf("the form: %d %s", status, page)
	}
	_, oldKID, err := e.keys.Verify(t.Context(), d.Code)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.keys.Rotate(t.Context()); err != nil {
		t.Fatal(err)
	}
	var fresh wire.Document
	p.get(t, "/api/v1/documents/attestation").decode(t, &fresh)
	for _, code := range []string{d.Code, fresh.Code} {
		if status, _ := e.page(t, nil, "/verifier/"+code); status != 200 {
			t.Errorf("after a rotation, a code answers %d", status)
		}
	}
	if n := strings.Count(jwks(t, e), `"kid"`); n != 2 {
		t.Errorf("the JWK set holds %d keys after a rotation, want 2", n)
	}
	if err := e.keys.Retire(t.Context(), oldKID); err != nil {
		t.Fatal(err)
	}
	if status, page := e.page(t, nil, "/verifier/"+d.Code); status != 404 || !strings.Contains(page, "Document non reconnu") {
		t.Errorf("a code of a retired key: %d %s", status, page)
	}
	if status, _ := e.page(t, nil, "/verifier/"+fresh.Code); status != 200 {
		t.Errorf("a code of the current key after the retirement: %d", status)
	}
	if set := jwks(t, e); strings.Count(set, `"kid"`) != 1 || strings.Contains(set, oldKID) {
		t.Errorf("the JWK set still holds the retired key: %s", set)
	}
}

// jwks reads the published JWK set.
func jwks(t *testing.T, e *env) string {
	t.Helper()
	res, err := http.Get(e.srv.URL + "/.well-known/mespoints-keys.json")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}
