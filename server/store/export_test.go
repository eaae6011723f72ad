package store

import bolt "go.etcd.io/bbolt"

// Hooks for the external tests, which can use storetest (an internal test
// cannot: storetest imports store).

// ImportBatch is importBatch.
const ImportBatch = importBatch

// Flush writes the pending batch to the staging bucket.
func (im *Import) Flush() error { return im.flush() }

// MarkCommitted sets the commit point of the running import.
func MarkCommitted(st *Store) error {
	return st.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketStaging).Put(keyCommitted, []byte{1}) })
}

// Staging reports whether a staging bucket exists.
func Staging(st *Store) bool {
	var ok bool
	st.View(func(tx *bolt.Tx) error { ok = tx.Bucket(bucketStaging) != nil; return nil })
	return ok
}

// EncodeForBench returns the stored form of r.
func EncodeForBench(r Record) []byte {
	b, err := encodeRecord(r)
	if err != nil {
		panic(err)
	}
	return b
}

// DecodeForBench reads a stored form.
func DecodeForBench(b []byte) (Record, error) { return decodeRecord(b) }
