package auth

import (
	"slices"
	"time"

	"mespoints/server/kv"
)

// Limits of the linking form and of its code (issue 13, item 4):
//
//   - an account that gives 5 wrong answers within an hour is locked for
//     an hour, from every address;
//   - an address (an IPv4 address, an IPv6 /64) from which 30 wrong
//     answers came within an hour, whatever the accounts, is closed for an
//     hour to every account that gave a wrong answer from it — an account
//     that gave none there may still try, so that many people behind one
//     NAT address do not lock each other out, while one person with many
//     accounts gets at most one try per account from there.
//
// The check of the locks, the judgement of the answer and the count are
// one transaction of the shared state: concurrent answers cannot slip
// between the check and the count, on one node or several.
const (
	MaxAccountFailures = 5
	MaxAddressFailures = 30
	FailureWindow      = time.Hour
	LockDuration       = time.Hour
)

// lockout is the record of recent wrong answers of one account, one
// address or one account from one address.
type lockout struct {
	// Failures are the times of the wrong answers that still count.
	Failures []time.Time `json:"failures,omitempty"`
	// Until is the end of the lock, zero when not locked.
	Until time.Time `json:"until,omitzero"`
}

// recent drops the failures older than keep.
func (l *lockout) recent(now time.Time, keep time.Duration) {
	l.Failures = slices.DeleteFunc(l.Failures, func(f time.Time) bool { return now.Sub(f) >= keep })
}

// ttl is how long the record must be kept after now.
func (l lockout) ttl(now time.Time, keep time.Duration) time.Duration {
	end := l.Until
	for _, f := range l.Failures {
		if e := f.Add(keep); e.After(end) {
			end = e
		}
	}
	return ttlUntil(end, now)
}

// locks are the three records a linking answer is judged against.
type locks struct {
	account, address, pair string // keys
}

// locksOf returns the lock keys of account id answering from address bucket addr.
func locksOf(id, addr string) locks {
	return locks{account: lockAccountKey(id), address: lockAddressKey(addr), pair: lockPairKey(addr, id)}
}

// pairKeep is how long a wrong answer of an account from an address
// keeps it out of that address once the address is closed: the window
// before the closing, and the closing itself.
const pairKeep = FailureWindow + LockDuration

// lockedUntil returns the end of the lock that applies now, zero if none.
func (k locks) lockedUntil(tx kv.Tx, now time.Time) (time.Time, error) {
	acct, _, err := getJSON[lockout](tx, k.account)
	if err != nil {
		return time.Time{}, err
	}
	if now.Before(acct.Until) {
		return acct.Until, nil
	}
	addr, _, err := getJSON[lockout](tx, k.address)
	if err != nil || !now.Before(addr.Until) {
		return time.Time{}, err
	}
	pair, _, err := getJSON[lockout](tx, k.pair)
	if err != nil {
		return time.Time{}, err
	}
	pair.recent(now, pairKeep)
	if len(pair.Failures) > 0 {
		return addr.Until, nil
	}
	return time.Time{}, nil
}

// fail records a wrong answer at now. It returns how many wrong answers
// the account has left, or the end of the lock this answer set.
func (k locks) fail(tx kv.Tx, now time.Time) (left int, until time.Time, err error) {
	acct, _, err := getJSON[lockout](tx, k.account)
	if err != nil {
		return 0, time.Time{}, err
	}
	acct.recent(now, FailureWindow)
	acct.Failures = append(acct.Failures, now)
	if len(acct.Failures) >= MaxAccountFailures {
		acct.Until, acct.Failures = now.Add(LockDuration), nil
	}
	if err := putJSON(tx, k.account, acct, acct.ttl(now, FailureWindow)); err != nil {
		return 0, time.Time{}, err
	}
	addr, _, err := getJSON[lockout](tx, k.address)
	if err != nil {
		return 0, time.Time{}, err
	}
	addr.recent(now, FailureWindow)
	addr.Failures = append(addr.Failures, now)
	if len(addr.Failures) >= MaxAddressFailures {
		addr.Until = now.Add(LockDuration)
		addr.Failures = addr.Failures[len(addr.Failures)-MaxAddressFailures:]
	}
	if err := putJSON(tx, k.address, addr, addr.ttl(now, FailureWindow)); err != nil {
		return 0, time.Time{}, err
	}
	pair, _, err := getJSON[lockout](tx, k.pair)
	if err != nil {
		return 0, time.Time{}, err
	}
	pair.recent(now, pairKeep)
	pair.Failures = append(pair.Failures, now)
	if len(pair.Failures) > MaxAccountFailures {
		pair.Failures = pair.Failures[len(pair.Failures)-MaxAccountFailures:]
	}
	if err := putJSON(tx, k.pair, pair, pair.ttl(now, pairKeep)); err != nil {
		return 0, time.Time{}, err
	}
	switch {
	case now.Before(acct.Until):
		return 0, acct.Until, nil
	case now.Before(addr.Until):
		return 0, addr.Until, nil
	}
	return MaxAccountFailures - len(acct.Failures), time.Time{}, nil
}
