package api

import (
	"encoding/json"
	"net/http"
	"time"

	wire "mespoints/api"
	"mespoints/points"
)

// dossier answers GET /api/v1/dossier: the stored record, minus the
// holder's place of birth and e-mail address. Its ETag leaves fetched_at
// out, so it is weak.
func (h *Handler) dossier(w http.ResponseWriter, r *http.Request, v view) {
	d := wire.Dossier{
		Updated: v.rec.Updated,
		Holder:  holderOf(v.rec.Holder),
		NEPH:    v.rec.NEPH,
		Licence: licenceOf(v.rec.Licence),
		Events:  eventsOf(v.rec.Events),
		Exams:   v.rec.Exams != nil,
	}
	tag, err := json.Marshal(d)
	if err != nil {
		h.internal(w, r, err)
		return
	}
	d.FetchedAt = v.now.UTC().Truncate(time.Second)
	writeJSON(w, r, d, tag, true)
}

// compute runs the engine on the dossier for today, answering 409
// no_licence for a candidate without a licence.
func (h *Handler) compute(w http.ResponseWriter, r *http.Request, v view) (points.Result, bool) {
	rec, ok := v.rec.Engine()
	if !ok {
		writeError(w, errNoLicence)
		return points.Result{}, false
	}
	res, err := points.Compute(rec, v.today)
	if err != nil {
		h.internal(w, r, err)
		return points.Result{}, false
	}
	return res, true
}

// points answers GET /api/v1/points: the engine's result for today
// without its history and forecast, with the registry's update day.
func (h *Handler) points(w http.ResponseWriter, r *http.Request, v view) {
	res, ok := h.compute(w, r, v)
	if !ok {
		return
	}
	writeJSON(w, r, pointsOf(res, v.rec.Updated), nil, false)
}

// history answers GET /api/v1/history: the last 10 years of changes,
// oldest first, and the notes.
func (h *Handler) history(w http.ResponseWriter, r *http.Request, v view) {
	res, ok := h.compute(w, r, v)
	if !ok {
		return
	}
	notes := res.Notes
	if notes == nil {
		notes = []points.Note{}
	}
	writeJSON(w, r, wire.History{At: res.At, Updated: v.rec.Updated, History: changesOf(res.History, v.rec.Events), Notes: notes}, nil, false)
}

// calendar answers GET /api/v1/calendar: the coming changes, assuming no
// new offence and no new stage.
func (h *Handler) calendar(w http.ResponseWriter, r *http.Request, v view) {
	res, ok := h.compute(w, r, v)
	if !ok {
		return
	}
	writeJSON(w, r, wire.Calendar{At: res.At, Forecast: changesOf(res.Forecast, v.rec.Events)}, nil, false)
}
