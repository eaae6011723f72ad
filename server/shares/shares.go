// Package shares holds the share codes (codes de partage): a signed-in
// person makes one for a renter or an employer, who reads on a public page
// what the attestation de droits à conduire says — never the points —
// until the code expires (1 to 90 days, 21 by default) or the person
// revokes it. In the shared state (package kv):
//
//	shares/code/HASH          the share: account, dossier, id, times, uses
//	shares/account/ACCOUNT    the person's shares: id, HASH, expiry, revoked
//	shares/tries/ADDRHASH     tries on unknown codes from one address, this hour
//	shares/salt               the secret mixed into the addresses' hashes
//
// A code is 20 characters (about 99 bits) of an alphabet without 0, O, 1,
// I nor L, shown in groups of 4; only its SHA-256 is kept. Entries expire
// (ttl) 30 days after the code, so a code past its day still says
// "expired" for a while, then is forgotten.
package shares

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"mespoints/server/kv"
)

// Alphabet is the characters of a code: no 0 nor O, no 1, I nor L, which
// read alike.
const Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// CodeLen is the number of characters of a code: 20 × log2(31) ≈ 99 bits.
const CodeLen = 20

// Limits of a share code.
const (
	// DefaultDays is how many days a code lives unless asked otherwise.
	DefaultDays = 21
	// MinDays and MaxDays bound the days asked for.
	MinDays, MaxDays = 1, 90
	// MaxLive is how many codes not yet expired nor revoked a person may
	// hold at once.
	MaxLive = 20
	// MaxUses is how many uses of a code are remembered (the latest).
	MaxUses = 200
	// keepAfter is how long a share stays known after it expires.
	keepAfter = 30 * 24 * time.Hour
)

// Errors a caller tells apart with errors.Is.
var (
	// ErrUnknown: no code of that text, or no share of that id of the
	// person's.
	ErrUnknown = errors.New("shares: unknown code")
	// ErrGone: the code expired or was revoked.
	ErrGone = errors.New("shares: code expired or revoked")
	// ErrTooMany: the person already holds MaxLive live codes.
	ErrTooMany = errors.New("shares: too many live codes")
	// ErrDays: the days asked for are out of MinDays–MaxDays.
	ErrDays = fmt.Errorf("shares: a code lives %d to %d days", MinDays, MaxDays)
	// ErrLimited: too many unknown codes were tried from this address.
	ErrLimited = errors.New("shares: too many tries")
)

// Share is a share code as kept: whose, for which dossier, its times and
// its uses (their times only: never who).
type Share struct {
	// ID names the share in the person's list and the API; it is not the
	// code.
	ID string `json:"id"`
	// Account is the account that made it.
	Account string `json:"account"`
	// NEPH is the dossier it shows.
	NEPH string `json:"neph"`
	// Created and Expires are when it was made and when it stops working.
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
	// Revoked is when the person revoked it, nil if they did not.
	Revoked *time.Time `json:"revoked,omitempty"`
	// Uses are when the code was used, oldest first (the latest MaxUses).
	Uses []time.Time `json:"uses"`
}

// Live tells whether the share still works at now.
func (s Share) Live(now time.Time) bool { return s.Revoked == nil && now.Before(s.Expires) }

// Service keeps the share codes. Build it with New.
type Service struct {
	// Rand is where codes and ids are drawn from; nil means crypto/rand.
	// Tests set a fixed reader to get the same codes every run.
	Rand io.Reader

	kv  kv.Store
	now func() time.Time
}

// New returns the share codes kept in s; now is the clock (nil:
// time.Now).
func New(s kv.Store, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{kv: s, now: now}
}

// hashOf is the key part of a code: the SHA-256 of its canonical text.
func hashOf(code string) string {
	sum := sha256.Sum256([]byte(code))
	return hex.EncodeToString(sum[:])
}

// random is the source of codes and ids.
func (s *Service) random() io.Reader {
	if s.Rand != nil {
		return s.Rand
	}
	return rand.Reader
}

// newCode draws a code.
func (s *Service) newCode() (string, error) {
	b := make([]byte, CodeLen)
	out := make([]byte, CodeLen)
	for i := 0; i < CodeLen; {
		if _, err := io.ReadFull(s.random(), b); err != nil {
			return "", fmt.Errorf("shares: draw a code: %w", err)
		}
		for _, c := range b {
			// 31 × 8 = 248: rejecting 248–255 keeps every character
			// equally likely.
			if c < 248 && i < CodeLen {
				out[i] = Alphabet[c%31]
				i++
			}
		}
	}
	return string(out), nil
}

// Normalise puts a code as a person may type it (lower case, spaces or
// hyphens between the groups) in its canonical form; ok is false when it
// cannot be a code.
func Normalise(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case r == ' ' || r == '-':
		case strings.ContainsRune(Alphabet, r):
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	if b.Len() != CodeLen {
		return "", false
	}
	return b.String(), true
}

// Groups writes a code in groups of 4 separated by hyphens: ABCD-EFGH-….
func Groups(code string) string {
	var b strings.Builder
	for i := range len(code) {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(code[i])
	}
	return b.String()
}

func codeKey(hash string) string       { return "shares/code/" + hash }
func accountKey(account string) string { return "shares/account/" + account }

// entry is one share in a person's index.
type entry struct {
	ID      string    `json:"id"`
	Hash    string    `json:"hash"`
	Expires time.Time `json:"expires"`
	Revoked bool      `json:"revoked,omitempty"`
}

// index is a person's shares, read and written in one transaction so
// that the limit of live codes holds however many are made at once.
type index []entry

// readIndex reads account's index in tx, leaving out the shares
// forgotten by now.
func readIndex(tx kv.Tx, account string, now time.Time) (index, error) {
	b, ok, err := tx.Get(accountKey(account))
	if err != nil || !ok {
		return nil, err
	}
	var all index
	if err := json.Unmarshal(b, &all); err != nil {
		return nil, fmt.Errorf("an index of shares is damaged: %w", err)
	}
	out := all[:0]
	for _, e := range all {
		if now.Before(e.Expires.Add(keepAfter)) {
			out = append(out, e)
		}
	}
	return out, nil
}

// writeIndex writes account's index in tx, to be forgotten with its last
// share.
func writeIndex(tx kv.Tx, account string, idx index, now time.Time) error {
	if len(idx) == 0 {
		tx.Delete(accountKey(account))
		return nil
	}
	last := idx[0].Expires
	for _, e := range idx {
		if e.Expires.After(last) {
			last = e.Expires
		}
	}
	b, err := json.Marshal(idx)
	if err != nil {
		return err
	}
	tx.Put(accountKey(account), b, last.Add(keepAfter).Sub(now))
	return nil
}

// Create makes a code for account's dossier neph, living days days, and
// returns it with its share.
func (s *Service) Create(ctx context.Context, account, neph string, days int) (string, Share, error) {
	if days < MinDays || days > MaxDays {
		return "", Share{}, ErrDays
	}
	code, err := s.newCode()
	if err != nil {
		return "", Share{}, err
	}
	idb := make([]byte, 8)
	if _, err := io.ReadFull(s.random(), idb); err != nil {
		return "", Share{}, fmt.Errorf("shares: draw an id: %w", err)
	}
	now := s.now().UTC().Truncate(time.Second)
	sh := Share{ID: hex.EncodeToString(idb), Account: account, NEPH: neph, Created: now,
		Expires: now.Add(time.Duration(days) * 24 * time.Hour), Uses: []time.Time{}}
	hash := hashOf(code)
	b, err := json.Marshal(sh)
	if err != nil {
		return "", Share{}, fmt.Errorf("shares: create: %w", err)
	}
	err = s.kv.Update(ctx, func(tx kv.Tx) error {
		idx, err := readIndex(tx, account, now)
		if err != nil {
			return err
		}
		live := 0
		for _, e := range idx {
			if !e.Revoked && now.Before(e.Expires) {
				live++
			}
		}
		if live >= MaxLive {
			return ErrTooMany
		}
		tx.Put(codeKey(hash), b, sh.Expires.Add(keepAfter).Sub(now))
		return writeIndex(tx, account, append(idx, entry{ID: sh.ID, Hash: hash, Expires: sh.Expires}), now)
	})
	if err != nil {
		return "", Share{}, fmt.Errorf("shares: create: %w", err)
	}
	return code, sh, nil
}

// List returns account's shares, live or not, newest first.
func (s *Service) List(ctx context.Context, account string) ([]Share, error) {
	b, err := s.kv.Get(ctx, accountKey(account))
	if errors.Is(err, kv.ErrNotFound) {
		return []Share{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("shares: list: %w", err)
	}
	var idx index
	if err := json.Unmarshal(b, &idx); err != nil {
		return nil, fmt.Errorf("shares: an index of shares is damaged: %w", err)
	}
	out := make([]Share, 0, len(idx))
	for _, e := range idx {
		b, err := s.kv.Get(ctx, codeKey(e.Hash))
		if errors.Is(err, kv.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("shares: list: %w", err)
		}
		var sh Share
		if err := json.Unmarshal(b, &sh); err != nil {
			return nil, fmt.Errorf("shares: a share is damaged: %w", err)
		}
		out = append(out, sh)
	}
	slices.SortFunc(out, func(a, b Share) int { return b.Created.Compare(a.Created) })
	return out, nil
}

// Revoke revokes account's share id at once; revoking it again changes
// nothing. Another person's share, or none, is ErrUnknown.
func (s *Service) Revoke(ctx context.Context, account, id string) (Share, error) {
	var sh Share
	err := s.kv.Update(ctx, func(tx kv.Tx) error {
		now := s.now().UTC().Truncate(time.Second)
		idx, err := readIndex(tx, account, now)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(idx, func(e entry) bool { return e.ID == id })
		if i < 0 {
			return ErrUnknown
		}
		b, ok, err := tx.Get(codeKey(idx[i].Hash))
		if err != nil {
			return err
		}
		if !ok {
			return ErrUnknown
		}
		sh = Share{}
		if err := json.Unmarshal(b, &sh); err != nil {
			return fmt.Errorf("a share is damaged: %w", err)
		}
		if sh.Revoked != nil {
			return nil
		}
		sh.Revoked = &now
		if b, err = json.Marshal(sh); err != nil {
			return err
		}
		last := sh.Expires
		if now.After(last) {
			last = now
		}
		tx.Put(codeKey(idx[i].Hash), b, last.Add(keepAfter).Sub(now))
		idx[i].Revoked = true
		return writeIndex(tx, account, idx, now)
	})
	if err != nil {
		return Share{}, fmt.Errorf("shares: revoke: %w", err)
	}
	return sh, nil
}
