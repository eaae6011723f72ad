package shares

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"mespoints/server/kv"
)

// Tries on unknown codes: at most MaxTries from one address per
// TriesWindow; past it every code is refused from that address until the
// window ends.
const (
	MaxTries    = 20
	TriesWindow = time.Hour
)

const saltKey = "shares/salt"

// tries counts the unknown codes tried from one address.
type tries struct {
	Count int       `json:"count"`
	Since time.Time `json:"since"`
}

// Use reads the share of code for its public page, from the client
// address addr, and records the use (its time only). A code never made
// gives ErrUnknown and counts against addr; an expired or revoked one
// ErrGone; too many unknown codes from addr ErrLimited, for any code.
func (s *Service) Use(ctx context.Context, code, addr string) (Share, error) {
	var sh Share
	var result error
	err := s.kv.Update(ctx, func(tx kv.Tx) error {
		sh, result = Share{}, nil
		now := s.now()
		salt, err := readSalt(tx)
		if err != nil {
			return err
		}
		triesKey := "shares/tries/" + addrHash(salt, addr)
		var tr tries
		if b, ok, err := tx.Get(triesKey); err != nil {
			return err
		} else if ok && json.Unmarshal(b, &tr) == nil && now.Sub(tr.Since) < TriesWindow {
			if tr.Count >= MaxTries {
				result = ErrLimited
				return nil
			}
		} else {
			tr = tries{Since: now}
		}
		unknown := func() error {
			tr.Count++
			b, err := json.Marshal(tr)
			if err != nil {
				return err
			}
			tx.Put(triesKey, b, tr.Since.Add(TriesWindow).Sub(now)+time.Minute)
			result = ErrUnknown
			return nil
		}
		canon, ok := Normalise(code)
		if !ok {
			return unknown()
		}
		key := codeKey(hashOf(canon))
		b, ok, err := tx.Get(key)
		if err != nil {
			return err
		}
		if !ok {
			return unknown()
		}
		if err := json.Unmarshal(b, &sh); err != nil {
			return fmt.Errorf("a share is damaged: %w", err)
		}
		if !sh.Live(now) {
			result = ErrGone
			return nil
		}
		sh.Uses = append(sh.Uses, now.UTC().Truncate(time.Second))
		if n := len(sh.Uses); n > MaxUses {
			sh.Uses = sh.Uses[n-MaxUses:]
		}
		if b, err = json.Marshal(sh); err != nil {
			return err
		}
		tx.Put(key, b, sh.Expires.Add(keepAfter).Sub(now))
		return nil
	})
	if err != nil {
		return Share{}, fmt.Errorf("shares: use: %w", err)
	}
	if result != nil {
		return Share{}, result
	}
	return sh, nil
}

// readSalt reads the secret of the addresses' hashes, making it the first
// time: an address is never kept, and its hash cannot be reversed by
// trying every address without it.
func readSalt(tx kv.Tx) ([]byte, error) {
	b, ok, err := tx.Get(saltKey)
	if err != nil {
		return nil, err
	}
	if ok && len(b) == 32 {
		return b, nil
	}
	b = make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	tx.Put(saltKey, b, 0)
	return b, nil
}

// addrHash is the key part of a client address.
func addrHash(salt []byte, addr string) string {
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(addr))
	return hex.EncodeToString(m.Sum(nil)[:16])
}
