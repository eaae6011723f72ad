package boltkv

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"log/slog"
	"time"

	bolt "go.etcd.io/bbolt"
)

// purgeChunk is how many expired entries one write transaction deletes,
// so that a purge never holds the writer's lock for long.
const purgeChunk = 1000

// Purge deletes the entries whose expiry has passed, and returns how many
// it deleted.
func (s *Store) Purge() (int, error) {
	total := 0
	for {
		n, err := s.purgeChunk(time.Now())
		total += n
		if err != nil {
			return total, fmt.Errorf("boltkv: purge: %w", err)
		}
		if n < purgeChunk {
			return total, nil
		}
	}
}

// purgeChunk deletes up to purgeChunk entries expired at now.
func (s *Store) purgeChunk(now time.Time) (int, error) {
	var purged map[string]bool
	s.reads.begin()
	defer func() { s.reads.end(purged) }()
	err := s.db.Update(func(tx *bolt.Tx) error {
		purged = map[string]bool{}
		entries, expiry := tx.Bucket(bucketEntries), tx.Bucket(bucketExpiry)
		c := expiry.Cursor()
		limit := uint64(now.UnixNano())
		for k, _ := c.First(); k != nil && len(purged) < purgeChunk; k, _ = c.First() {
			if binary.BigEndian.Uint64(k[:8]) > limit {
				break
			}
			key := bytes.Clone(k[8:])
			if err := c.Delete(); err != nil {
				return err
			}
			if err := entries.Delete(key); err != nil {
				return err
			}
			purged[string(key)] = true
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return len(purged), nil
}

// purgeLoop purges every `every` until Close.
func (s *Store) purgeLoop(every time.Duration) {
	defer s.done.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.stop:
			return
		case <-t.C:
			if _, err := s.Purge(); err != nil {
				slog.Warn("purge of the shared store failed", "err", err)
			}
		}
	}
}
