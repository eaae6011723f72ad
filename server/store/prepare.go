package store

import (
	"bytes"
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"
)

// Prepared is a record checked and in its stored form, ready for an
// import. Prepare does the costly part of importing a record (checking
// every field, encoding) and may run on many goroutines at once; the
// import itself takes the prepared records in file order.
type Prepared struct {
	neph   string
	stored []byte
	holder []byte // the holders index key
}

// NEPH returns the record's NEPH, normalised.
func (p Prepared) NEPH() string { return p.neph }

// Prepare normalises and validates r and encodes it. It returns a
// *FieldError for an invalid record.
func Prepare(r Record) (Prepared, error) {
	if err := r.normalise(); err != nil {
		return Prepared{}, err
	}
	if err := r.Validate(); err != nil {
		return Prepared{}, err
	}
	enc, err := encodeRecord(r)
	if err != nil {
		return Prepared{}, err
	}
	return Prepared{neph: r.NEPH, stored: enc, holder: holderKey(r.Holder, r.NEPH)}, nil
}

// updatedTag comes before the updated date in a stored record. The
// record's JSON starts with "v" and "neph" (letters and digits only), so
// its first occurrence is the record's own updated date.
var updatedTag = []byte(`,"updated":"`)

// sameButUpdated reports whether two stored records are equal but for
// their updated date: the test by which an import leaves a record as it
// was, Updated included (see applyRecord).
func sameButUpdated(a, b []byte) bool {
	a1, a2, ok := splitUpdated(a)
	if !ok {
		return false
	}
	b1, b2, ok := splitUpdated(b)
	return ok && bytes.Equal(a1, b1) && bytes.Equal(a2, b2)
}

// splitUpdated returns what comes before and after the updated date of a
// stored record.
func splitUpdated(enc []byte) (before, after []byte, ok bool) {
	i := bytes.Index(enc, updatedTag)
	if i < 0 {
		return nil, nil, false
	}
	rest := enc[i+len(updatedTag):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return nil, nil, false
	}
	return enc[:i], rest[j:], true
}

// storedHolderKey returns the holders index key of a stored record,
// reading only its holder.
func storedHolderKey(neph, stored []byte) ([]byte, error) {
	var s struct {
		Holder Holder `json:"holder"`
	}
	if err := jsonv2.Unmarshal(stored, &s); err != nil {
		return nil, fmt.Errorf("decode the holder of a stored record: %w", err)
	}
	return holderKey(s.Holder, string(neph)), nil
}
