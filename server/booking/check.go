package booking

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"mespoints/server/kv"
)

// Report is what a consistency check of the places found.
type Report struct {
	// Sessions is the number of sessions with places taken; Bookings the
	// number of bookings; Candidates the number of candidates' states.
	Sessions, Bookings, Candidates int
	// Disagree are the sessions whose counter of places taken is not the
	// number of their bookings: bookings on them are refused (ErrHeld).
	Disagree []string
	// Dangling are the candidates whose pending booking is missing, or
	// is not theirs.
	Dangling int
}

// OK tells whether the check found nothing wrong.
func (r Report) OK() bool { return len(r.Disagree) == 0 && r.Dangling == 0 }

// Check proves that the shared state agrees with itself: every session's
// counter of places taken equals its bookings, and every candidate's
// pending booking exists and is theirs. It repairs nothing: the sessions
// that disagree are held (a booking on them gets ErrHeld) until an
// operator has looked at them and the server restarts, and the check logs
// each (session identifiers only, nothing personal). The transactions of
// Book and Cancel write the three together, so a disagreement means a
// fault elsewhere (a file edited by hand, a bug): an automatic repair
// would hide it.
func (s *Service) Check(ctx context.Context) (Report, error) {
	var r Report
	counters := map[string]int{}
	err := s.list(ctx, prefixTaken, "", func(e kv.Entry) (bool, error) {
		n, err := strconv.Atoi(string(e.Value))
		if err != nil {
			return false, fmt.Errorf("counter %s: %w", e.Key, err)
		}
		counters[strings.TrimPrefix(e.Key, prefixTaken)] = n
		return true, nil
	})
	if err != nil {
		return r, err
	}
	booked := map[string]int{}
	owner := map[string]string{} // booking key → candidate
	err = s.list(ctx, prefixBookings, "", func(e kv.Entry) (bool, error) {
		rest := strings.TrimPrefix(e.Key, prefixBookings)
		i := strings.LastIndexByte(rest, '/')
		if i < 0 {
			return false, fmt.Errorf("booking key %s", e.Key)
		}
		var b Booking
		if err := json.Unmarshal(e.Value, &b); err != nil {
			return false, fmt.Errorf("booking %s: %w", e.Key, err)
		}
		booked[rest[:i]]++
		owner[e.Key] = b.Candidate
		r.Bookings++
		return true, nil
	})
	if err != nil {
		return r, err
	}
	for id, n := range counters {
		if booked[id] != n {
			r.Disagree = append(r.Disagree, id)
		}
	}
	for id := range booked {
		if _, ok := counters[id]; !ok {
			r.Disagree = append(r.Disagree, id)
		}
	}
	// The lists above are not one snapshot: other nodes may book while
	// they run. A session disagrees only if it does again when looked at
	// alone, its counter read before and after its bookings.
	r.Disagree = slices.DeleteFunc(r.Disagree, func(id string) bool {
		ok, err := s.agrees(ctx, id)
		return err == nil && ok
	})
	slices.Sort(r.Disagree)
	r.Sessions = len(counters)
	err = s.list(ctx, prefixCandidates, "", func(e kv.Entry) (bool, error) {
		var c Candidate
		if err := json.Unmarshal(e.Value, &c); err != nil {
			return false, fmt.Errorf("candidate state: %w", err)
		}
		r.Candidates++
		if p := c.Pending; p != nil {
			key := bookingKey(p.Session.ID, p.ID)
			if who, ok := owner[key]; !ok || who != strings.TrimPrefix(e.Key, prefixCandidates) {
				r.Dangling++
			}
		}
		return true, nil
	})
	if err != nil {
		return r, err
	}
	s.hold(r.Disagree)
	for _, id := range r.Disagree {
		s.log.Error("exam places: a session's counter disagrees with its bookings; bookings on it are refused until it is repaired",
			"session", id, "counter", counters[id], "bookings", booked[id])
	}
	if r.Dangling > 0 {
		s.log.Error("exam places: candidates whose pending booking is missing", "candidates", r.Dangling)
	}
	if r.OK() {
		s.log.Info("exam places consistent", "sessions", r.Sessions, "bookings", r.Bookings, "candidates", r.Candidates)
	}
	return r, nil
}

// agrees looks at session id alone, up to three times: its counter, its
// bookings, its counter again; true when the two counters are the same
// and equal the bookings.
func (s *Service) agrees(ctx context.Context, id string) (bool, error) {
	for range 3 {
		before, err := s.count(ctx, id)
		if err != nil {
			return false, err
		}
		n := 0
		if err := s.list(ctx, bookingsPrefix(id), "", func(kv.Entry) (bool, error) { n++; return true, nil }); err != nil {
			return false, err
		}
		after, err := s.count(ctx, id)
		if err != nil {
			return false, err
		}
		if before == after && n == after {
			return true, nil
		}
	}
	return false, nil
}

// count reads the places taken of session id.
func (s *Service) count(ctx context.Context, id string) (int, error) {
	b, err := s.kv.Get(ctx, takenKey(id))
	if errors.Is(err, kv.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read the places taken: %w", err)
	}
	return strconv.Atoi(string(b))
}
