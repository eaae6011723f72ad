package api

import (
	"encoding/json"
	"net/http"
	"time"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/store"
)

// dossier answers GET /api/v1/dossier: the stored record, minus the
// holder's place of birth and e-mail address. Its ETag leaves fetched_at
// out, so it is weak.
func (h *Handler) dossier(w http.ResponseWriter, r *http.Request, v view) {
	d := dossierOf(v.rec)
	tag, err := json.Marshal(d)
	if err != nil {
		h.internal(w, r, err)
		return
	}
	d.FetchedAt = v.now.UTC().Truncate(time.Second)
	writeJSON(w, r, d, tag, true)
}

// dossierOf is the record as GET /api/v1/dossier gives it, without
// fetched_at.
func dossierOf(rec store.Record) wire.Dossier {
	return wire.Dossier{
		Updated: rec.Updated,
		Holder:  holderOf(rec.Holder),
		NEPH:    rec.NEPH,
		Licence: licenceOf(rec.Licence),
		Events:  eventsOf(rec.Events),
		Exams:   rec.Exams != nil,
	}
}

// compute runs the engine on the dossier for today, refusing with
// no_licence a candidate without a licence.
func compute(rec store.Record, today points.Date) (points.Result, *wire.Error, error) {
	in, ok := rec.Engine()
	if !ok {
		return points.Result{}, &errNoLicence, nil
	}
	res, err := points.Compute(in, today)
	if err != nil {
		return points.Result{}, nil, err
	}
	return res, nil, nil
}

// pointsAnswer is the answer of GET /api/v1/points: the engine's result
// for today without its history and forecast, with the registry's update
// day.
func pointsAnswer(rec store.Record, today points.Date) (any, *wire.Error, error) {
	res, refused, err := compute(rec, today)
	if refused != nil || err != nil {
		return nil, refused, err
	}
	return pointsOf(res, rec.Updated), nil, nil
}

// historyAnswer is the answer of GET /api/v1/history: the last 10 years
// of changes, oldest first, and the notes.
func historyAnswer(rec store.Record, today points.Date) (any, *wire.Error, error) {
	res, refused, err := compute(rec, today)
	if refused != nil || err != nil {
		return nil, refused, err
	}
	notes := res.Notes
	if notes == nil {
		notes = []points.Note{}
	}
	return wire.History{At: res.At, Updated: rec.Updated, History: changesOf(res.History, rec.Events), Notes: notes}, nil, nil
}

// calendarAnswer is the answer of GET /api/v1/calendar: the coming
// changes, assuming no new offence and no new stage.
func calendarAnswer(rec store.Record, today points.Date) (any, *wire.Error, error) {
	res, refused, err := compute(rec, today)
	if refused != nil || err != nil {
		return nil, refused, err
	}
	return wire.Calendar{At: res.At, Forecast: changesOf(res.Forecast, rec.Events)}, nil, nil
}
