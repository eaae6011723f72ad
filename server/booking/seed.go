package booking

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"mespoints/points"
	"mespoints/server/kv"
)

// SeedIfEmpty imports catalogue when the shared store has none, then
// books taken[id] places of each session id for made-up candidates
// through the booking transaction (the demo's other candidates), so that
// the counters and the bookings agree. It reports whether it seeded.
func (s *Service) SeedIfEmpty(ctx context.Context, catalogue []byte, taken map[string]int, today points.Date, now time.Time) (bool, error) {
	gen, err := s.generation(ctx)
	if err != nil || gen != "" {
		return false, err
	}
	if _, err := Import(ctx, s.kv, bytes.NewReader(catalogue), today); err != nil {
		return false, fmt.Errorf("seed the exam catalogue: %w", err)
	}
	ids := slices.Sorted(maps.Keys(taken))
	for len(ids) > 0 {
		// Each place writes a booking and a candidate's state: about 40
		// places a transaction.
		var chunk []string
		for keys := 0; len(ids) > 0 && keys+2*taken[ids[0]]+1 <= writeChunk; ids = ids[1:] {
			keys += 2*taken[ids[0]] + 1
			chunk = append(chunk, ids[0])
		}
		if len(chunk) == 0 {
			return false, fmt.Errorf("seed the exam places: %d places in one session", taken[ids[0]])
		}
		err := s.kv.Update(ctx, func(tx kv.Tx) error {
			for _, id := range chunk {
				for i := range taken[id] {
					b := Booking{ID: newBookingID(), Candidate: CandidateOf("demo\x00" + id + "\x00" + strconv.Itoa(i)), Booked: now.UTC()}
					if err := book(tx, &b, id, nil); err != nil {
						return fmt.Errorf("session %s: %w", id, err)
					}
				}
			}
			return nil
		})
		if err != nil {
			return false, fmt.Errorf("seed the exam places: %w", err)
		}
	}
	return true, nil
}
