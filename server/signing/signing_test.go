package signing_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base32"
	"encoding/base64"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"mespoints/server/kv"
	"mespoints/server/kv/boltkv"
	"mespoints/server/signing"
)

func openKV(t *testing.T) kv.Store {
	t.Helper()
	s, err := boltkv.Open(t.TempDir(), boltkv.Options{PurgeEvery: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var ctx = context.Background()

// The first start makes one key; the next starts keep it, even when two
// nodes start at once.
func TestEnsureMakesOneKey(t *testing.T) {
	s := openKV(t)
	var wg sync.WaitGroup
	kids := make([]string, 8)
	made := make([]bool, 8)
	for i := range kids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			kids[i], made[i], err = signing.New(s, nil).Ensure(ctx)
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	n := 0
	for i := range kids {
		if kids[i] != kids[0] {
			t.Errorf("node %d signs with %s, node 0 with %s", i, kids[i], kids[0])
		}
		if made[i] {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d nodes made a key, want 1", n)
	}
	keys, err := signing.New(s, nil).List(ctx)
	if err != nil || len(keys) != 1 || !keys[0].Current || keys[0].KID != kids[0] || len(keys[0].KID) != 8 {
		t.Fatalf("List = %+v, %v; want the one key, current, with an 8-character id", keys, err)
	}
}

// A signed code gives back its body; any character changed, a code cut
// short or lengthened, or one in lower case, is refused.
func TestVerifyRefusesEveryAlteration(t *testing.T) {
	k := signing.New(openKV(t), nil)
	body := []byte("attestation de droits à conduire")
	code, err := k.Sign(ctx, body)
	if err != nil {
		t.Fatal(err)
	}
	got, kid, err := k.Verify(ctx, code)
	if err != nil || string(got) != string(body) || len(kid) != 8 {
		t.Fatalf("Verify = %q, %q, %v", got, kid, err)
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
	for i := range code {
		for _, c := range []byte{alphabet[(indexOf(alphabet, code[i])+1)%32], alphabet[(indexOf(alphabet, code[i])+17)%32]} {
			forged := code[:i] + string(c) + code[i+1:]
			if _, _, err := k.Verify(ctx, forged); !errors.Is(err, signing.ErrInvalid) {
				t.Fatalf("character %d changed to %c: Verify = %v, want ErrInvalid", i, c, err)
			}
		}
	}
	for _, bad := range []string{code[:len(code)-1], code[:len(code)-8], code + "A", code + "AAAAAAAA", "", "0000", "not a code", string(make([]byte, signing.MaxCodeLen+1))} {
		if _, _, err := k.Verify(ctx, bad); !errors.Is(err, signing.ErrInvalid) {
			t.Errorf("Verify(%.20q…) = %v, want ErrInvalid", bad, err)
		}
	}
	if _, _, err := k.Verify(ctx, toLower(code)); !errors.Is(err, signing.ErrInvalid) {
		t.Errorf("lower case: %v, want ErrInvalid (Normalise first)", err)
	}
	if _, _, err := k.Verify(ctx, signing.Normalise(" "+groups(toLower(code))+"\n")); err != nil {
		t.Errorf("a code typed in groups of 4, lower case, normalised: %v", err)
	}
}

// Rotation: the new key signs, codes of the old one still verify until it
// is retired; the key that signs cannot be retired.
func TestRotateAndRetire(t *testing.T) {
	k := signing.New(openKV(t), nil)
	old, err := k.Sign(ctx, []byte("ancien"))
	if err != nil {
		t.Fatal(err)
	}
	_, oldKID, _ := k.Verify(ctx, old)
	newKID, err := k.Rotate(ctx)
	if err != nil || newKID == oldKID {
		t.Fatalf("Rotate = %s, %v", newKID, err)
	}
	fresh, err := k.Sign(ctx, []byte("nouveau"))
	if err != nil {
		t.Fatal(err)
	}
	if _, kid, err := k.Verify(ctx, fresh); err != nil || kid != newKID {
		t.Fatalf("a code signed after rotation: kid %s, %v; want %s", kid, err, newKID)
	}
	if _, kid, err := k.Verify(ctx, old); err != nil || kid != oldKID {
		t.Fatalf("an older code after rotation: kid %s, %v; want %s", kid, err, oldKID)
	}
	if set, _ := k.JWKS(ctx); len(set.Keys) != 2 {
		t.Fatalf("JWK set of %d keys after a rotation, want 2", len(set.Keys))
	}
	if err := k.Retire(ctx, newKID); !errors.Is(err, signing.ErrCurrentKey) {
		t.Errorf("Retire(current) = %v, want ErrCurrentKey", err)
	}
	if err := k.Retire(ctx, "AAAAAAAA"); !errors.Is(err, signing.ErrUnknownKey) {
		t.Errorf("Retire(unknown) = %v, want ErrUnknownKey", err)
	}
	if err := k.Retire(ctx, oldKID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := k.Verify(ctx, old); !errors.Is(err, signing.ErrInvalid) {
		t.Errorf("a code of a retired key: %v, want ErrInvalid", err)
	}
	if _, _, err := k.Verify(ctx, fresh); err != nil {
		t.Errorf("a code of the current key after retiring the old one: %v", err)
	}
	set, err := k.JWKS(ctx)
	if err != nil || len(set.Keys) != 1 || set.Keys[0].KID != newKID {
		t.Fatalf("JWK set after retirement = %+v, %v; want only %s", set, err, newKID)
	}
}

// The published JWK set alone checks a code, as docs/documents.md says:
// base32, version 1, the kid, the body, and an Ed25519 signature over the
// rest — read here without the package's own Verify.
func TestTheJWKSetAloneChecksACode(t *testing.T) {
	clock := time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)
	k := signing.New(openKV(t), func() time.Time { return clock })
	code, err := k.Sign(ctx, []byte("corps"))
	if err != nil {
		t.Fatal(err)
	}
	published, err := k.MarshalJWKS(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		Keys []map[string]string `json:"keys"`
	}
	if err := json.Unmarshal(published, &set); err != nil || len(set.Keys) != 1 {
		t.Fatalf("JWK set %s: %v", published, err)
	}
	jwk := set.Keys[0]
	if jwk["kty"] != "OKP" || jwk["crv"] != "Ed25519" || jwk["use"] != "sig" || jwk["alg"] != "EdDSA" {
		t.Fatalf("JWK %v: want kty OKP, crv Ed25519, use sig, alg EdDSA", jwk)
	}
	pub, err := base64.RawURLEncoding.DecodeString(jwk["x"])
	if err != nil || len(pub) != ed25519.PublicKeySize {
		t.Fatalf("x = %q: %v", jwk["x"], err)
	}
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(code)
	if err != nil {
		t.Fatal(err)
	}
	if raw[0] != 1 {
		t.Fatalf("version %d, want 1", raw[0])
	}
	if kid := base32.StdEncoding.EncodeToString(raw[1:6]); kid != jwk["kid"] {
		t.Fatalf("the code names key %s, the set has %s", kid, jwk["kid"])
	}
	n := len(raw) - ed25519.SignatureSize
	if !ed25519.Verify(pub, raw[:n], raw[n:]) || string(raw[6:n]) != "corps" {
		t.Fatal("the code does not verify with the published key alone")
	}
}

func indexOf(s string, c byte) int {
	for i := range len(s) {
		if s[i] == c {
			return i
		}
	}
	return -1
}

func toLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func groups(s string) string {
	var out []byte
	for i := range len(s) {
		if i > 0 && i%4 == 0 {
			out = append(out, ' ')
		}
		out = append(out, s[i])
	}
	return string(out)
}
