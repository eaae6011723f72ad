package audit

import (
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"mespoints/server/store"
)

// Adopt moves the entries that earlier versions wrote in the audit bucket
// of the store file (mespoints.db) into this log, as this node's, and
// empties the bucket; it returns how many it moved. The server calls it at
// start. A crash between the two steps leaves the entries in both, and
// the next start copies them again: an entry may then be listed twice,
// never lost.
func (l *Log) Adopt(st *store.Store) (int, error) {
	var entries []Entry
	err := st.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(store.BucketAudit)
		if b == nil {
			return nil
		}
		return b.ForEach(func(_, v []byte) error {
			var e Entry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("an entry of the store's audit bucket: %w", err)
			}
			e.At, e.Node = e.At.UTC(), l.node
			entries = append(entries, e)
			return nil
		})
	})
	if err != nil || len(entries) == 0 {
		if err != nil {
			err = fmt.Errorf("adopt the store's audit entries: %w", err)
		}
		return 0, err
	}
	for i := 0; i < len(entries); i += purgeBatch {
		if err := l.writeBatch(entries[i:min(i+purgeBatch, len(entries))]); err != nil {
			return 0, fmt.Errorf("adopt the store's audit entries: %w", err)
		}
	}
	err = st.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(store.BucketAudit); err != nil {
			return err
		}
		_, err := tx.CreateBucket(store.BucketAudit)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("empty the store's audit bucket: %w", err)
	}
	return len(entries), nil
}
