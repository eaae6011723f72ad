package booking

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"

	"mespoints/points"
	"mespoints/server/kv"
)

// writeChunk is how many keys one transaction of an import writes: below
// kv.MaxTxnKeys.
const writeChunk = 100

// maxRemovedFuture is the most sessions still to come that one import
// may remove: the transaction that publishes the catalogue reads their
// counters, to be sure none was booked meanwhile.
const maxRemovedFuture = 100

// Stats says what an import of the catalogue changed.
type Stats struct {
	// Centres and Sessions are the catalogue's sizes.
	Centres, Sessions int
	// Added, Changed, Unchanged and Removed count the sessions against
	// the catalogue before.
	Added, Changed, Unchanged, Removed int
}

// ErrImportRace is an import that found the catalogue changed by another
// import while it ran: nothing was published, try again.
var ErrImportRace = errors.New("booking: another catalogue import ran at the same time")

// Import reads a catalogue of centres and sessions (JSON Lines, see
// docs/exams.md) from r and publishes it in st, all of it or nothing: the
// lines are checked first (an *ImportError lists the bad ones), then the
// new catalogue is written as a new generation beside the current one,
// and one transaction makes it current. Readers and bookings see the old
// catalogue or the new one. A session with places booked cannot be left
// out (an *ImportError says which). today is the day sessions before it
// no longer matter.
func Import(ctx context.Context, st kv.Store, r io.Reader, today points.Date) (Stats, error) {
	cat, err := readCatalogue(r)
	if err != nil {
		return Stats{}, err
	}
	old, err := currentGeneration(ctx, st)
	if err != nil {
		return Stats{}, err
	}
	stats, removed, err := compareWith(ctx, st, old, cat)
	if err != nil {
		return Stats{}, err
	}
	var removedFuture []string
	for _, id := range removed {
		if _, day, _ := parseSessionID(id); day >= today {
			removedFuture = append(removedFuture, id)
		}
	}
	if len(removedFuture) > maxRemovedFuture {
		return Stats{}, &ImportError{Reason: fmt.Sprintf("%d sessions still to come are left out of the catalogue; at most %d may be at once", len(removedFuture), maxRemovedFuture)}
	}
	if err := checkUnbooked(ctx, st, removedFuture); err != nil {
		return Stats{}, err
	}
	gen := newGeneration()
	if err := addGeneration(ctx, st, gen); err != nil {
		return Stats{}, err
	}
	if err := writeGeneration(ctx, st, gen, cat); err != nil {
		return Stats{}, errors.Join(err, dropGeneration(ctx, st, gen))
	}
	if err := flip(ctx, st, old, gen, removedFuture); err != nil {
		return Stats{}, errors.Join(err, dropGeneration(ctx, st, gen))
	}
	if err := dropOld(ctx, st, old, gen); err != nil {
		return stats, fmt.Errorf("catalogue published; removing older generations: %w", err)
	}
	return stats, nil
}

// currentGeneration reads the current generation, "" when none.
func currentGeneration(ctx context.Context, st kv.Store) (string, error) {
	b, err := st.Get(ctx, keyCurrent)
	if errors.Is(err, kv.ErrNotFound) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read the catalogue: %w", err)
	}
	return string(b), nil
}

// compareWith counts the sessions added, changed, unchanged and removed
// against generation old, and lists the removed.
func compareWith(ctx context.Context, st kv.Store, old string, cat catalogue) (Stats, []string, error) {
	stats := Stats{Centres: len(cat.centres), Sessions: len(cat.sessions)}
	var removed []string
	if old != "" {
		err := listAll(ctx, st, sessionsPrefix(old), "", func(e kv.Entry) (bool, error) {
			var s Session
			if err := json.Unmarshal(e.Value, &s); err != nil {
				return false, fmt.Errorf("session %s: %w", e.Key, err)
			}
			n, ok := cat.sessions[s.ID]
			switch {
			case !ok:
				removed = append(removed, s.ID)
			case n == s:
				stats.Unchanged++
			default:
				stats.Changed++
			}
			return true, nil
		})
		if err != nil {
			return stats, nil, err
		}
	}
	stats.Added = len(cat.sessions) - stats.Changed - stats.Unchanged
	stats.Removed = len(removed)
	return stats, removed, nil
}

// checkUnbooked refuses to remove a session with places taken.
func checkUnbooked(ctx context.Context, st kv.Store, ids []string) error {
	for _, id := range ids {
		b, err := st.Get(ctx, takenKey(id))
		if errors.Is(err, kv.ErrNotFound) {
			continue
		}
		if err != nil {
			return fmt.Errorf("read the places taken: %w", err)
		}
		if n, _ := strconv.Atoi(string(b)); n > 0 {
			return &ImportError{Reason: fmt.Sprintf("session %s has %d place(s) booked and is left out of the catalogue: keep it, or cancel its bookings first", id, n)}
		}
	}
	return nil
}

// generations reads the list of generations written.
func generations(tx kv.Tx) ([]string, error) {
	var gens []string
	_, err := getJSON(tx, keyGenerations, &gens)
	return gens, err
}

// addGeneration records gen among the generations written before writing
// it, so that an import cut short is cleaned up by the next one.
func addGeneration(ctx context.Context, st kv.Store, gen string) error {
	err := st.Update(ctx, func(tx kv.Tx) error {
		gens, err := generations(tx)
		if err != nil {
			return err
		}
		return putJSON(tx, keyGenerations, append(gens, gen))
	})
	if err != nil {
		return fmt.Errorf("record the new catalogue: %w", err)
	}
	return nil
}

// writeGeneration writes the catalogue under generation gen, a chunk of
// keys per transaction.
func writeGeneration(ctx context.Context, st kv.Store, gen string, cat catalogue) error {
	type entry struct {
		key string
		val any
	}
	var entries []entry
	deps := map[string]bool{}
	for _, id := range slices.Sorted(maps.Keys(cat.centres)) {
		c := cat.centres[id]
		deps[c.Departement] = true
		entries = append(entries, entry{centreKey(gen, c), c})
	}
	var list []Departement
	for _, code := range slices.Sorted(maps.Keys(deps)) {
		list = append(list, Departement{Code: code, Name: departementNames[code]})
	}
	entries = append(entries, entry{departementsKey(gen), list})
	for _, id := range slices.Sorted(maps.Keys(cat.sessions)) {
		entries = append(entries, entry{sessionKey(gen, id), cat.sessions[id]})
	}
	for len(entries) > 0 {
		chunk := entries[:min(writeChunk, len(entries))]
		entries = entries[len(chunk):]
		err := st.Update(ctx, func(tx kv.Tx) error {
			for _, e := range chunk {
				if err := putJSON(tx, e.key, e.val); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("write the new catalogue: %w", err)
		}
	}
	return nil
}

// flip makes gen the current generation, if old still is and none of the
// removed sessions was booked meanwhile: the transaction reads their
// counters, so a booking that commits first makes it see the booking, one
// that commits after reads the new generation, which lacks the session.
func flip(ctx context.Context, st kv.Store, old, gen string, removed []string) error {
	err := st.Update(ctx, func(tx kv.Tx) error {
		cur, _, err := tx.Get(keyCurrent)
		if err != nil {
			return err
		}
		if string(cur) != old {
			return ErrImportRace
		}
		for _, id := range removed {
			n, err := getCount(tx, takenKey(id))
			if err != nil {
				return err
			}
			if n > 0 {
				return &ImportError{Reason: fmt.Sprintf("session %s was booked during the import and is left out of the catalogue", id)}
			}
		}
		tx.Put(keyCurrent, []byte(gen), 0)
		return nil
	})
	if err != nil {
		return fmt.Errorf("publish the new catalogue: %w", err)
	}
	return nil
}

// dropOld deletes every generation written but current and previous.
func dropOld(ctx context.Context, st kv.Store, previous, current string) error {
	var gens []string
	b, err := st.Get(ctx, keyGenerations)
	if err != nil {
		return fmt.Errorf("read the catalogue generations: %w", err)
	}
	if err := json.Unmarshal(b, &gens); err != nil {
		return fmt.Errorf("read the catalogue generations: %w", err)
	}
	for _, g := range gens {
		if g != previous && g != current {
			if err := dropGeneration(ctx, st, g); err != nil {
				return err
			}
		}
	}
	return nil
}

// dropGeneration deletes the keys of generation gen, a chunk per
// transaction, then takes it off the list of generations.
func dropGeneration(ctx context.Context, st kv.Store, gen string) error {
	for {
		page, err := st.List(ctx, generationPrefix(gen), "", writeChunk)
		if err != nil {
			return fmt.Errorf("drop catalogue %s: %w", gen, err)
		}
		if len(page) == 0 {
			break
		}
		err = st.Update(ctx, func(tx kv.Tx) error {
			for _, e := range page {
				tx.Delete(e.Key)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("drop catalogue %s: %w", gen, err)
		}
	}
	err := st.Update(ctx, func(tx kv.Tx) error {
		gens, err := generations(tx)
		if err != nil {
			return err
		}
		return putJSON(tx, keyGenerations, slices.DeleteFunc(gens, func(g string) bool { return g == gen }))
	})
	if err != nil {
		return fmt.Errorf("drop catalogue %s: %w", gen, err)
	}
	return nil
}
