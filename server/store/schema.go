package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// keySchema is the key of the schema version in the meta bucket.
var keySchema = []byte("schema")

// migration moves the store from one schema version to the next.
type migration struct {
	// name says what the migration does.
	name string
	// run changes the store, inside the transaction that opens it.
	run func(tx *bolt.Tx) error
}

// migrations[i] moves the schema from version i to version i+1; the
// current version is len(migrations). A change of layout, or of the stored
// form of records, appends one migration and never edits the earlier ones:
// a store left at any version is brought up to date, in order, in one
// transaction, so that a crash leaves it at its old version or the new one.
var migrations = []migration{
	{name: "create the buckets", run: func(tx *bolt.Tx) error {
		for _, b := range [][]byte{BucketMeta, BucketRecords, BucketHolders, bucketAccounts, bucketLinks, bucketSessions, BucketAudit, bucketLockouts} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return fmt.Errorf("create bucket %s: %w", b, err)
			}
		}
		return nil
	}},
	{name: "sign-in leaves the records file: drop its sessions and lockouts (people sign in again), and its accounts and links when empty (others wait for package auth to move them to the shared state)", run: func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketSessions, bucketLockouts} {
			if err := dropBucket(tx, b); err != nil {
				return err
			}
		}
		for _, b := range [][]byte{bucketAccounts, bucketLinks} {
			if bk := tx.Bucket(b); bk != nil && bk.Stats().KeyN == 0 {
				if err := dropBucket(tx, b); err != nil {
					return err
				}
			}
		}
		return nil
	}},
}

// dropBucket deletes bucket name if it exists.
func dropBucket(tx *bolt.Tx, name []byte) error {
	if tx.Bucket(name) == nil {
		return nil
	}
	if err := tx.DeleteBucket(name); err != nil {
		return fmt.Errorf("drop bucket %s: %w", name, err)
	}
	return nil
}

// SchemaVersion is the schema version this program writes.
func SchemaVersion() int { return len(migrations) }

// upgrade runs the migrations the file needs, in one transaction.
func (s *Store) upgrade() error {
	return s.Update(func(tx *bolt.Tx) error {
		v := schemaOf(tx)
		if v > uint64(len(migrations)) {
			return fmt.Errorf("schema version %d is newer than this program's (%d): use a newer mespoints", v, len(migrations))
		}
		if v == uint64(len(migrations)) {
			return nil
		}
		for i := v; i < uint64(len(migrations)); i++ {
			if err := migrations[i].run(tx); err != nil {
				return fmt.Errorf("migrate schema %d to %d (%s): %w", i, i+1, migrations[i].name, err)
			}
		}
		meta, err := tx.CreateBucketIfNotExists(BucketMeta)
		if err != nil {
			return fmt.Errorf("meta bucket: %w", err)
		}
		return meta.Put(keySchema, binary.BigEndian.AppendUint64(nil, uint64(len(migrations))))
	})
}

// schemaOf reads the schema version, 0 for a new file.
func schemaOf(tx *bolt.Tx) uint64 {
	meta := tx.Bucket(BucketMeta)
	if meta == nil {
		return 0
	}
	v := meta.Get(keySchema)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

// Schema returns the schema version of the open file.
func (s *Store) Schema() (int, error) {
	var v uint64
	err := s.View(func(tx *bolt.Tx) error { v = schemaOf(tx); return nil })
	return int(v), err
}
