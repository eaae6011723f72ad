package demo

import (
	"context"
	"fmt"

	"mespoints/points"
	"mespoints/server/kv"
)

// dayKey is where the day of the demo's dossiers is kept in the shared
// state.
const dayKey = "demo/day"

// Day returns the day the demonstration dossiers are computed for: the
// day of the first node that asked, kept in the shared state s, or today
// if none has. Every node of a development cluster seeds its own store
// with Records(Day(…)), so that they all hold the same dossiers, also a
// node that joins on a later day.
func Day(ctx context.Context, s kv.Store, today points.Date) (points.Date, error) {
	day := today
	err := s.Update(ctx, func(tx kv.Tx) error {
		v, ok, err := tx.Get(dayKey)
		if err != nil {
			return err
		}
		if !ok {
			day = today
			tx.Put(dayKey, []byte(today.String()), 0)
			return nil
		}
		d, err := points.ParseDate(string(v))
		if err != nil {
			return fmt.Errorf("%s %q: %w", dayKey, v, err)
		}
		day = d
		return nil
	})
	if err != nil {
		return today, fmt.Errorf("demo: the day of the dossiers: %w", err)
	}
	return day, nil
}
