package api

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// goldenDir holds the server's answers pinned by server/api's golden test.
const goldenDir = "../server/api/testdata/golden"

// goldenType returns a new value of the wire type of a golden file, by its
// name: route-state.json, or error-code.json.
func goldenType(name string) (any, bool) {
	route, _, _ := strings.Cut(strings.TrimSuffix(name, ".json"), "-")
	switch route {
	case "me", "link", "unlink", "linkconfirm", "noticesack":
		return new(Me), true
	case "linkcode":
		return new(LinkCodeSent), true
	case "accountlinks":
		return new(AccountLinks), true
	case "accountdelete":
		return new(AccountDeleted), true
	case "dossier":
		return new(Dossier), true
	case "points":
		return new(Points), true
	case "history":
		return new(History), true
	case "calendar":
		return new(Calendar), true
	case "whatif":
		return new(WhatIfResult), true
	case "documents":
		return new(Documents), true
	case "attestation":
		return new(Document), true
	case "newshare":
		return new(ShareCreated), true
	case "shares":
		return new(Shares), true
	case "revokedshare":
		return new(Share), true
	case "exams", "cancel":
		return new(ExamFile), true
	case "sessions":
		return new(ExamSessions), true
	case "booking":
		return new(ExamBooking), true
	case "error":
		return new(Error), true
	}
	return nil, false
}

// Every answer the server gives, as pinned in the golden files, reads into
// its type here with no field left over, and writes back the same bytes:
// a JSON name changed on either side (here, or in the server's answers)
// fails this test.
func TestGoldenAnswersRoundTrip(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(goldenDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 20 {
		t.Fatalf("%d golden files in %s, want one per route and error code", len(files), goldenDir)
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			v, ok := goldenType(name)
			if !ok {
				t.Fatalf("no wire type for %s: name it after its route (me-, dossier-, points-, history-, calendar-, whatif-, link-, unlink-, linkcode-, linkconfirm-, accountlinks-, accountdelete-, noticesack-, documents-, attestation-, newshare-, shares-, revokedshare-, exams-, sessions-, booking-, cancel-, error-)", name)
			}
			dec := json.NewDecoder(bytes.NewReader(want))
			dec.DisallowUnknownFields()
			if err := dec.Decode(v); err != nil {
				t.Fatalf("read into %T: %v", v, err)
			}
			b, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := json.Indent(&got, b, "", "  "); err != nil {
				t.Fatal(err)
			}
			got.WriteByte('\n')
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("%T writes back differently:\n%s\nwant\n%s", v, got.Bytes(), want)
			}
		})
	}
}

// Each code has its golden error body, named after it, and every error
// body pinned has one of the codes.
func TestEveryCodeIsPinned(t *testing.T) {
	for _, c := range Codes() {
		b, err := os.ReadFile(filepath.Join(goldenDir, "error-"+string(c)+".json"))
		if err != nil {
			t.Errorf("code %s: %v", c, err)
			continue
		}
		var e Error
		if err := json.Unmarshal(b, &e); err != nil || e.Code != c || e.Message == "" {
			t.Errorf("error-%s.json holds %+v (%v), want code %s and a message", c, e, err, c)
		}
	}
	files, _ := filepath.Glob(filepath.Join(goldenDir, "error-*.json"))
	for _, f := range files {
		code := Code(strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "error-"), ".json"))
		if !slices.Contains(Codes(), code) {
			t.Errorf("%s: %s is not a code of the API", f, code)
		}
	}
}

// The statuses are those of the README's table, and each code has its own
// meaning: no code is listed twice.
func TestCodeStatuses(t *testing.T) {
	want := map[Code]int{
		CodeNotSignedIn: 401, CodeNotLinked: 409, CodeNoLicence: 409, CodeDossierMissing: 404, CodeInvalidRequest: 400,
		CodeLinkFailed: 422, CodeLocked: 429, CodeDossierTaken: 409, CodeAlreadyLinked: 409, CodeCrossOrigin: 403,
		CodeNotFound: 404, CodeMethodNotAllowed: 405, CodeInternal: 500,
		CodeSessionExpired: 401, CodeUnavailable: 503, CodeIdentityMismatch: 403, CodeNoContact: 409, CodeCodeExpired: 409,
		CodeLinkNotProven:         403,
		CodeFranceConnectRequired: 403, CodeShareNotFound: 404, CodeTooManyShares: 409, CodeNoCEPC: 409,
		CodeNotCandidate: 409, CodeCodeNotValid: 409, CodeTooSoon: 409, CodeAlreadyBooked: 409,
		CodeFull: 409, CodeSessionPast: 409, CodeAccompanistInvalid: 409, CodeSessionUnavailable: 409, CodeExamPast: 409,
		CodeSessionNotFound: 404, CodeBookingNotFound: 404,
	}
	codes := Codes()
	if len(codes) != len(want) {
		t.Errorf("%d codes, want %d", len(codes), len(want))
	}
	seen := map[Code]bool{}
	for _, c := range codes {
		if seen[c] {
			t.Errorf("%s listed twice", c)
		}
		seen[c] = true
		if got := c.Status(); got != want[c] {
			t.Errorf("%s.Status() = %d, want %d", c, got, want[c])
		}
	}
	if got := Code("autre").Status(); got != 500 {
		t.Errorf("an unknown code's status = %d, want 500", got)
	}
}
