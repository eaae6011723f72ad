package booking

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"sync"

	"mespoints/points"
	"mespoints/server/kv"
)

// listPage is how many entries one List of the shared store returns.
const listPage = 500

// Service books places in the shared store.
type Service struct {
	// NewID, if set before use, makes the bookings' identifiers (16
	// characters of a-z and 2-7): for tests that pin answers. nil means
	// random.
	NewID func() string

	kv  kv.Store
	log *slog.Logger

	mu   sync.Mutex
	held map[string]bool // sessions a consistency check found wrong
}

// New returns the booking service on the shared store s; log receives
// what the consistency check finds (nil discards).
func New(s kv.Store, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{kv: s, log: log, held: map[string]bool{}}
}

// Listing is what a département offers from a day on: its centres, their
// sessions in order of time, and the places taken of each.
type Listing struct {
	// Departements are every département of the catalogue.
	Departements []Departement
	// Centres are the département's centres, by identifier.
	Centres []Centre
	// Sessions are its sessions from the day asked, by time then centre.
	Sessions []Session
	// Taken are the places taken of each session, by session identifier.
	Taken map[string]int
}

// Sessions returns the catalogue of département dep from day from to day
// to (included). An empty dep gives the list of départements only.
func (s *Service) Sessions(ctx context.Context, dep string, from, to points.Date) (Listing, error) {
	var l Listing
	gen, err := s.generation(ctx)
	if err != nil || gen == "" {
		return l, err
	}
	if b, err := s.kv.Get(ctx, departementsKey(gen)); err != nil {
		return l, fmt.Errorf("read the départements: %w", err)
	} else if err := json.Unmarshal(b, &l.Departements); err != nil {
		return l, fmt.Errorf("read the départements: %w", err)
	}
	if dep == "" || !isDepartement(dep) {
		return l, nil
	}
	err = s.list(ctx, centresPrefix(gen, dep), "", func(e kv.Entry) (bool, error) {
		var c Centre
		if err := json.Unmarshal(e.Value, &c); err != nil {
			return false, fmt.Errorf("centre %s: %w", e.Key, err)
		}
		l.Centres = append(l.Centres, c)
		return true, nil
	})
	if err != nil {
		return l, err
	}
	// Session keys of a département sort by day: start after the day
	// before from ("." < "/").
	prefix := sessionsPrefix(gen) + dep + "."
	err = s.list(ctx, prefix, prefix+from.AddDays(-1).String()+"/", func(e kv.Entry) (bool, error) {
		var ss Session
		if err := json.Unmarshal(e.Value, &ss); err != nil {
			return false, fmt.Errorf("session %s: %w", e.Key, err)
		}
		if ss.At.Date() > to {
			return false, nil
		}
		l.Sessions = append(l.Sessions, ss)
		return true, nil
	})
	if err != nil {
		return l, err
	}
	l.Taken = map[string]int{}
	prefix = prefixTaken + dep + "."
	err = s.list(ctx, prefix, prefix+from.AddDays(-1).String()+"/", func(e kv.Entry) (bool, error) {
		n, err := strconv.Atoi(string(e.Value))
		if err != nil {
			return false, fmt.Errorf("counter %s: %w", e.Key, err)
		}
		l.Taken[e.Key[len(prefixTaken):]] = n
		return true, nil
	})
	slices.SortStableFunc(l.Sessions, func(a, b Session) int {
		if a.At != b.At {
			return int(a.At - b.At)
		}
		return compare(a.Centre.Name, b.Centre.Name)
	})
	return l, err
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Candidate returns the state of the candidate with this NEPH.
func (s *Service) Candidate(ctx context.Context, neph string) (Candidate, error) {
	var c Candidate
	b, err := s.kv.Get(ctx, candidateKeyOf(CandidateOf(neph)))
	if errors.Is(err, kv.ErrNotFound) {
		return c, nil
	}
	if err != nil {
		return c, fmt.Errorf("read the candidate: %w", err)
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("read the candidate: %w", err)
	}
	return c, nil
}

// generation returns the current catalogue generation, "" when none was
// imported.
func (s *Service) generation(ctx context.Context) (string, error) {
	b, err := s.kv.Get(ctx, keyCurrent)
	if errors.Is(err, kv.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read the catalogue: %w", err)
	}
	return string(b), nil
}

// list calls f on every entry under prefix after `after`, in key order,
// until f returns false.
func (s *Service) list(ctx context.Context, prefix, after string, f func(kv.Entry) (bool, error)) error {
	return listAll(ctx, s.kv, prefix, after, f)
}

// listAll is Service.list on any store.
func listAll(ctx context.Context, st kv.Store, prefix, after string, f func(kv.Entry) (bool, error)) error {
	for {
		page, err := st.List(ctx, prefix, after, listPage)
		if err != nil {
			return fmt.Errorf("list %s: %w", prefix, err)
		}
		for _, e := range page {
			more, err := f(e)
			if err != nil || !more {
				return err
			}
		}
		if len(page) < listPage {
			return nil
		}
		after = page[len(page)-1].Key
	}
}

// hold marks sessions as held: bookings on them are refused.
func (s *Service) hold(ids []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range ids {
		s.held[id] = true
	}
}

// isHeld tells whether bookings on session id are refused.
func (s *Service) isHeld(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.held[id]
}
