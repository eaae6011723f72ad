package app

import (
	"encoding/json"
	"fmt"

	"mespoints/api"
	"mespoints/points"
)

// The app reads the server's answers into the wire types of mespoints/api
// (api.Me, api.Dossier…), the same the server writes them from. The
// functions below are what the screens need of them beyond their fields.

// providerText names how the person signed in, in French.
func providerText(m api.Me) string {
	switch m.Provider {
	case api.ProviderFranceConnect:
		return "FranceConnect"
	case api.ProviderUsager:
		return "compte permis de conduire"
	}
	return m.Provider
}

// dossierRecord is what the engine needs of the dossier, and false for a
// candidate without a licence.
func dossierRecord(d *api.Dossier) (points.Record, bool) {
	if d == nil || d.Licence == nil {
		return points.Record{}, false
	}
	r := points.Record{Licence: d.Licence.Licence, Events: make([]points.Event, len(d.Events))}
	for i, e := range d.Events {
		r.Events[i] = e.Event
	}
	return r, true
}

// computeDossier runs the engine on the dossier for day at.
func computeDossier(d *api.Dossier, at points.Date) (points.Result, error) {
	r, ok := dossierRecord(d)
	if !ok {
		return points.Result{}, errNoLicence
	}
	res, err := points.Compute(r, at)
	if err != nil {
		return res, fmt.Errorf("compute the balance: %w", err)
	}
	return res, nil
}

// placeText names where an event took place, if the registry says.
func placeText(e api.Event) string {
	if e.Place != nil {
		if e.Place.Name != "" {
			return e.Place.Name
		}
		return "commune " + e.Place.Commune
	}
	if e.Centre != nil {
		return e.Centre.Name
	}
	return ""
}

// errNoLicence is returned by computeDossier for a candidate.
var errNoLicence = fmt.Errorf("no licence in the dossier")

// decodeDossier reads a dossier as the API or the device gives it.
func decodeDossier(b []byte) (*api.Dossier, error) {
	var d api.Dossier
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("read the dossier: %w", err)
	}
	return &d, nil
}
