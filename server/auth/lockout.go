package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"mespoints/server/store"
)

// Limits of the linking form (issue 5): 5 wrong answers in an hour lock an
// account for an hour; 20 wrong answers in an hour from one address,
// whatever the accounts, lock the address for an hour.
const (
	MaxAccountFailures = 5
	MaxAddressFailures = 20
	FailureWindow      = time.Hour
	LockDuration       = time.Hour
)

// lockout is the record of recent wrong answers of one account or one
// address, in the lockouts bucket.
type lockout struct {
	// Failures are the times of the wrong answers within the window.
	Failures []time.Time `json:"failures,omitempty"`
	// Until is the end of the lock, zero when not locked.
	Until time.Time `json:"until,omitzero"`
}

// accountLockKey is the lockouts key of an account.
func accountLockKey(id string) []byte { return []byte("account\x00" + id) }

// addressLockKey is the lockouts key of a client address: a keyed hash,
// so that the bucket holds no address; the key changes at every start.
func (s *Service) addressLockKey(addr string) []byte {
	m := hmac.New(sha256.New, s.addrKey)
	m.Write([]byte(addr))
	return []byte("address\x00" + base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16]))
}

// readLockout reads the lockout under key, empty if none.
func readLockout(tx *bolt.Tx, key []byte) (lockout, error) {
	var l lockout
	v := tx.Bucket(store.BucketLockouts).Get(key)
	if v == nil {
		return l, nil
	}
	if err := json.Unmarshal(v, &l); err != nil {
		return l, fmt.Errorf("read lockout: %w", err)
	}
	return l, nil
}

// lockedUntil returns the end of the lock under key, zero if not locked at
// now.
func lockedUntil(tx *bolt.Tx, key []byte, now time.Time) (time.Time, error) {
	l, err := readLockout(tx, key)
	if err != nil || !now.Before(l.Until) {
		return time.Time{}, err
	}
	return l.Until, nil
}

// addFailure records a wrong answer under key at now and locks the key
// when it reaches max wrong answers within the window. It returns the end
// of the lock, zero if not locked.
func addFailure(tx *bolt.Tx, key []byte, now time.Time, max int) (time.Time, error) {
	l, err := readLockout(tx, key)
	if err != nil {
		return time.Time{}, err
	}
	recent := l.Failures[:0]
	for _, f := range l.Failures {
		if now.Sub(f) < FailureWindow {
			recent = append(recent, f)
		}
	}
	l.Failures = append(recent, now)
	if len(l.Failures) >= max {
		l.Until = now.Add(LockDuration)
		l.Failures = nil
	}
	b, err := json.Marshal(l)
	if err != nil {
		return time.Time{}, err
	}
	if err := tx.Bucket(store.BucketLockouts).Put(key, b); err != nil {
		return time.Time{}, fmt.Errorf("write lockout: %w", err)
	}
	if now.Before(l.Until) {
		return l.Until, nil
	}
	return time.Time{}, nil
}

// purgeLockouts deletes the lockouts that neither lock nor count any more.
func purgeLockouts(tx *bolt.Tx, now time.Time) error {
	_, err := deleteWhere(tx.Bucket(store.BucketLockouts), func(k, v []byte) bool {
		var l lockout
		if json.Unmarshal(v, &l) != nil {
			return true
		}
		if now.Before(l.Until) {
			return false
		}
		for _, f := range l.Failures {
			if now.Sub(f) < FailureWindow {
				return false
			}
		}
		return true
	})
	return err
}
