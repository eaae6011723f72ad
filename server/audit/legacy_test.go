package audit_test

import (
	"encoding/binary"
	"encoding/json"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"mespoints/server/audit"
	"mespoints/server/store"
)

// The entries an earlier version wrote in the store's audit bucket move
// to the audit log, once.
func TestAdoptMovesTheStoresAuditEntries(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	t0 := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
	err = st.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(store.BucketAudit)
		for i := range 3 {
			v, _ := json.Marshal(map[string]any{"at": t0.Add(time.Duration(i) * time.Minute), "account": "h", "provider": "usager", "neph": "123456789012", "action": "GET /api/v1/points"})
			if err := b.Put(binary.BigEndian.AppendUint64(nil, uint64(i+1)), v); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	l := open(t, dir, audit.Options{Node: "n1"})
	for round, want := range []int{3, 0} {
		n, err := l.Adopt(st)
		if err != nil || n != want {
			t.Fatalf("round %d: Adopt = %d, %v; want %d", round, n, err, want)
		}
	}
	got := all(t, l, audit.Filter{NEPH: "123456789012"})
	if len(got) != 3 || !got[0].At.Equal(t0) || got[2].Node != "n1" || got[1].Action != "GET /api/v1/points" {
		t.Fatalf("adopted entries %+v", got)
	}
	var left int
	st.View(func(tx *bolt.Tx) error { left = tx.Bucket(store.BucketAudit).Stats().KeyN; return nil })
	if left != 0 {
		t.Fatalf("%d entries left in the store", left)
	}
}
