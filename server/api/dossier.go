package api

import (
	"encoding/json"
	"net/http"
	"time"

	"mespoints/points"
	"mespoints/server/store"
)

// holderView is the holder as the app shows it: no place of birth, no
// e-mail address.
type holderView struct {
	FamilyName string      `json:"family_name"`
	UsageName  string      `json:"usage_name,omitempty"`
	GivenNames string      `json:"given_names"`
	Birthdate  points.Date `json:"birthdate"`
}

// dossierView is the answer of GET /api/v1/dossier: the stored record in
// the registry's extract format, minus the place of birth and the e-mail
// address. The app rebuilds a points.Record from licence and events (the
// engine's fields are inline in them) to recompute offline.
type dossierView struct {
	FetchedAt time.Time      `json:"fetched_at"`
	Updated   points.Date    `json:"updated"`
	Holder    holderView     `json:"holder"`
	NEPH      string         `json:"neph"`
	Licence   *store.Licence `json:"licence"`
	Events    []store.Event  `json:"events"`
}

// dossier answers GET /api/v1/dossier. Its ETag leaves fetched_at out, so
// it is weak.
func (h *Handler) dossier(w http.ResponseWriter, r *http.Request, v view) {
	d := dossierView{
		Updated: v.rec.Updated,
		Holder: holderView{
			FamilyName: v.rec.Holder.FamilyName, UsageName: v.rec.Holder.UsageName,
			GivenNames: v.rec.Holder.GivenNames, Birthdate: v.rec.Holder.Birthdate,
		},
		NEPH:    v.rec.NEPH,
		Licence: v.rec.Licence,
		Events:  v.rec.Events,
	}
	if d.Events == nil {
		d.Events = []store.Event{}
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
		writeError(w, http.StatusConflict, errNoLicence)
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
	b, err := json.Marshal(res)
	if err != nil {
		h.internal(w, r, err)
		return
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		h.internal(w, r, err)
		return
	}
	delete(m, "history")
	delete(m, "forecast")
	m["updated"], _ = json.Marshal(v.rec.Updated)
	writeJSON(w, r, m, nil, false)
}

// changeView is a change of the balance with the registry's detail of the
// event it comes from, when it comes from one.
type changeView struct {
	points.Change
	Committed    points.DateTime    `json:"committed,omitempty"`
	Place        *store.Place       `json:"place,omitempty"`
	Natinf       string             `json:"natinf,omitempty"`
	NatinfLabel  string             `json:"natinf_label,omitempty"`
	DefinitiveBy store.DefinitiveBy `json:"definitive_by,omitempty"`
	Centre       *store.Centre      `json:"centre,omitempty"`
}

// detailed adds to each change the detail of its event.
func detailed(changes []points.Change, events []store.Event) []changeView {
	out := make([]changeView, len(changes))
	for i, c := range changes {
		out[i].Change = c
		if c.Event < 0 || c.Event >= len(events) {
			continue
		}
		e := events[c.Event]
		out[i].Committed = e.Committed
		out[i].Place, out[i].Natinf, out[i].NatinfLabel = e.Place, e.Natinf, e.NatinfLabel
		out[i].DefinitiveBy, out[i].Centre = e.DefinitiveBy, e.Centre
	}
	return out
}

// historyView is the answer of GET /api/v1/history.
type historyView struct {
	At      points.Date   `json:"at"`
	Updated points.Date   `json:"updated"`
	History []changeView  `json:"history"`
	Notes   []points.Note `json:"notes"`
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
	writeJSON(w, r, historyView{At: res.At, Updated: v.rec.Updated, History: detailed(res.History, v.rec.Events), Notes: notes}, nil, false)
}

// calendarView is the answer of GET /api/v1/calendar.
type calendarView struct {
	At       points.Date  `json:"at"`
	Forecast []changeView `json:"forecast"`
}

// calendar answers GET /api/v1/calendar: the coming changes, assuming no
// new offence and no new stage.
func (h *Handler) calendar(w http.ResponseWriter, r *http.Request, v view) {
	res, ok := h.compute(w, r, v)
	if !ok {
		return
	}
	writeJSON(w, r, calendarView{At: res.At, Forecast: detailed(res.Forecast, v.rec.Events)}, nil, false)
}
