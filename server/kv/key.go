package kv

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxKeyLen is the longest key a Store accepts, in bytes.
const MaxKeyLen = 512

// CheckKey tells why key cannot be a key of a Store, or nil when it can:
// a key is non-empty valid UTF-8 of at most MaxKeyLen bytes, without NUL
// (which the backends use as a separator).
func CheckKey(key string) error {
	switch {
	case key == "":
		return fmt.Errorf("kv: empty key")
	case len(key) > MaxKeyLen:
		return fmt.Errorf("kv: key of %d bytes, more than %d", len(key), MaxKeyLen)
	case !utf8.ValidString(key):
		return fmt.Errorf("kv: key is not valid UTF-8")
	case strings.ContainsRune(key, 0):
		return fmt.Errorf("kv: key contains NUL")
	}
	return nil
}

// MaxValueLen is the largest value a Store accepts, in bytes: etcd
// refuses requests above 1.5 MiB by default.
const MaxValueLen = 1 << 20

// CheckValue tells why value cannot be stored, or nil when it can.
func CheckValue(value []byte) error {
	if len(value) > MaxValueLen {
		return fmt.Errorf("kv: value of %d bytes, more than %d", len(value), MaxValueLen)
	}
	return nil
}

// MaxTxnKeys is how many distinct keys one transaction may read, and
// how many it may write (etcd's default limit of operations in one
// transaction): beyond, Update fails and writes nothing.
const MaxTxnKeys = 128

// ErrTooManyKeys is wrapped by the error of a transaction that reads or
// writes more than MaxTxnKeys keys.
var ErrTooManyKeys = fmt.Errorf("kv: more than %d keys in one transaction", MaxTxnKeys)

// CheckTTL tells why ttl cannot be the ttl of an entry, or nil when it
// can: zero (no expiry) or positive.
func CheckTTL(ttl time.Duration) error {
	if ttl < 0 {
		return fmt.Errorf("kv: negative ttl %v", ttl)
	}
	return nil
}
