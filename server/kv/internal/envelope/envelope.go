// Package envelope is how the kv backends store a value: with its exact
// expiry, so that reads hide an expired entry at once whatever the
// backend's garbage collection does, and with the identifier of the
// transaction that wrote it, so that etcdkv can tell whether a commit
// whose answer was lost went through.
package envelope

import (
	"encoding/binary"
	"errors"
	"time"
)

// version is the first byte of every envelope.
const version = 1

// headerLen is the fixed part: version, expiry (Unix nanoseconds, 0 for
// none) and the length of the transaction identifier.
const headerLen = 1 + 8 + 1

// Envelope is a stored value with what the backends need to know about it.
type Envelope struct {
	// Expiry is when the entry stops being returned; zero: never.
	Expiry time.Time
	// Txn identifies the transaction that wrote the entry (etcdkv; empty
	// for boltkv). At most 255 bytes.
	Txn []byte
	// Value is the caller's value.
	Value []byte
}

// ErrCorrupt is returned for bytes that are not an envelope.
var ErrCorrupt = errors.New("kv: stored value is not an envelope")

// Encode returns the bytes of e.
func (e Envelope) Encode() []byte {
	b := make([]byte, headerLen+len(e.Txn)+len(e.Value))
	b[0] = version
	var exp int64
	if !e.Expiry.IsZero() {
		exp = e.Expiry.UnixNano()
	}
	binary.BigEndian.PutUint64(b[1:9], uint64(exp))
	b[9] = byte(len(e.Txn))
	n := copy(b[headerLen:], e.Txn)
	copy(b[headerLen+n:], e.Value)
	return b
}

// Decode reads an envelope from b. The result shares b's memory.
func Decode(b []byte) (Envelope, error) {
	if len(b) < headerLen || b[0] != version || len(b) < headerLen+int(b[9]) {
		return Envelope{}, ErrCorrupt
	}
	var e Envelope
	if exp := int64(binary.BigEndian.Uint64(b[1:9])); exp != 0 {
		e.Expiry = time.Unix(0, exp)
	}
	n := int(b[9])
	e.Txn = b[headerLen : headerLen+n]
	e.Value = b[headerLen+n:]
	return e, nil
}

// Live tells whether the entry is still to be returned at now.
func (e Envelope) Live(now time.Time) bool {
	return e.Expiry.IsZero() || now.Before(e.Expiry)
}

// ExpiryOf returns the expiry of an entry written at now with ttl: zero
// for no expiry.
func ExpiryOf(now time.Time, ttl time.Duration) time.Time {
	if ttl <= 0 {
		return time.Time{}
	}
	return now.Add(ttl)
}
