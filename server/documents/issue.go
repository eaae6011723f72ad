package documents

import (
	"context"
	"fmt"
	"time"

	"mespoints/points"
	"mespoints/server/signing"
	"mespoints/server/store"
)

// Issue builds the document kind (Attestation or Integral) of rec as of
// now, with the engine's result for that day in Paris, and signs it.
// A record without a licence gives ErrNoLicence.
func Issue(ctx context.Context, kind Kind, rec store.Record, now time.Time, keys *signing.Keys, baseURL string) (Document, error) {
	res, err := Compute(rec, now)
	if err != nil {
		return Document{}, err
	}
	build := NewAttestation
	if kind == Integral {
		build = NewIntegral
	}
	d, err := build(rec, res, now)
	if err != nil {
		return Document{}, err
	}
	if err := Sign(ctx, &d, keys, baseURL); err != nil {
		return Document{}, err
	}
	return d, nil
}

// Compute is the engine's result for rec on the day of now in Paris; the
// zero result for a record without a licence.
func Compute(rec store.Record, now time.Time) (points.Result, error) {
	pr, ok := rec.Engine()
	if !ok {
		return points.Result{}, nil
	}
	res, err := points.Compute(pr, points.DateOf(now.In(paris)))
	if err != nil {
		return points.Result{}, fmt.Errorf("documents: compute the balance of a dossier: %w", err)
	}
	return res, nil
}

// Today is the day of now in Paris.
func Today(now time.Time) points.Date { return points.DateOf(now.In(paris)) }
