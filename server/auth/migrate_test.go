package auth

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"mespoints/server/store"
)

// A records file written by the version before the shared state (schema
// 1: accounts, links, sessions and lockouts in mespoints.db) moves its
// accounts and links to the shared state at the first start: the person
// signs in again (sessions are dropped) and finds their dossier linked,
// as a link without proof. The file keeps only the registry.
func TestAccountsAndLinksMoveFromTheRecordsFile(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	// The earlier version's file, as it wrote it.
	db, err := bolt.Open(filepath.Join(dir, store.FileName), 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	id := accountID(e.fps[Usager].issuer(), fakeSubject)
	old := map[string]any{"id": id, "provider": Usager, "iss": e.fps[Usager].issuer(), "sub": fakeSubject,
		"given_name": "Camille", "neph": camilleNEPH, "created": time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC), "last_sign_in": time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	raw, _ := json.Marshal(old)
	orphan, _ := json.Marshal(map[string]any{"id": "orphelin", "provider": Usager, "iss": "x", "sub": "y", "neph": "999999999999"})
	err = db.Update(func(tx *bolt.Tx) error {
		buckets := map[string]map[string][]byte{
			"meta":     {"schema": binary.BigEndian.AppendUint64(nil, 1)},
			"records":  {},
			"holders":  {},
			"audit":    {},
			"accounts": {id: raw, "orphelin": orphan},
			"links":    {Usager + "\x00" + camilleNEPH: []byte(id)},
			"sessions": {"une-session": []byte(`{"provider":"usager"}`)},
			"lockouts": {"account\x00x": []byte(`{}`)},
		}
		for name, kvs := range buckets {
			b, err := tx.CreateBucket([]byte(name))
			if err != nil {
				return err
			}
			for k, v := range kvs {
				if err := b.Put([]byte(k), v); err != nil {
					return err
				}
			}
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.Put(camilleRecord(camilleNEPH)); err != nil {
		t.Fatal(err)
	}
	n, err := e.svc.MoveFromStore(context.Background(), st)
	if err != nil || n != 2 {
		t.Fatalf("moved %d accounts, %v; want 2", n, err)
	}
	left, err := st.ReadLegacySignIn()
	if err != nil || !left.Empty() {
		t.Errorf("the records file still holds sign-in data: %+v, %v", left, err)
	}
	if v, err := st.Schema(); err != nil || v != store.SchemaVersion() {
		t.Errorf("schema %d, %v", v, err)
	}
	// A second start moves nothing.
	if n, err := e.svc.MoveFromStore(context.Background(), st); err != nil || n != 0 {
		t.Errorf("second start moved %d, %v", n, err)
	}
	a, err := e.svc.Account(context.Background(), id)
	if err != nil || a.NEPH != camilleNEPH || a.Generation == "" {
		t.Fatalf("moved account %+v, %v", a, err)
	}
	if orphanAcct, err := e.svc.Account(context.Background(), "orphelin"); err != nil || orphanAcct.Linked() {
		t.Errorf("an account whose link the links bucket did not confirm: %+v, %v", orphanAcct, err)
	}
	// The person signs in and finds the dossier linked, unproven.
	b := newBrowser(t)
	state, code := e.login(t, b, Usager)
	res := e.callback(t, b, Usager, map[string][]string{"state": {state}, "code": {code}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != PathLinked {
		t.Fatalf("sign-in after the move = %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	sess, err := e.sessionOf(e.sessionCookie(b))
	if err != nil {
		t.Fatal(err)
	}
	list, canRemove, err := e.svc.AccountLinks(context.Background(), sess)
	if err != nil || len(list) != 1 || list[0].Proof != ProofNone || canRemove || !list[0].Current {
		t.Errorf("links after the move: %+v, can remove %v, %v", list, canRemove, err)
	}
}
