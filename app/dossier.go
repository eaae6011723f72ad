package app

import (
	"encoding/json"
	"fmt"
	"time"

	"mespoints/points"
)

// Me is the signed-in person as GET /api/v1/me describes them.
type Me struct {
	Provider        string `json:"provider"`
	ACR             string `json:"acr"`
	GivenName       string `json:"given_name"`
	FamilyName      string `json:"family_name"`
	Email           string `json:"email"`
	Linked          bool   `json:"linked"`
	NEPH            string `json:"neph"`
	IntegralAllowed bool   `json:"integral_allowed"`
}

// providerText names how the person signed in, in French.
func (m Me) providerText() string {
	switch m.Provider {
	case "franceconnect":
		return "FranceConnect"
	case "usager":
		return "compte permis de conduire"
	}
	return m.Provider
}

// Dossier is the person's dossier as GET /api/v1/dossier gives it, and as
// the app keeps it on the device to show it, and recompute it with the
// engine, without network.
type Dossier struct {
	// FetchedAt is when the app received it.
	FetchedAt time.Time `json:"fetched_at"`
	// Updated is the day the registry last changed the dossier.
	Updated points.Date `json:"updated"`
	NEPH    string      `json:"neph"`
	Holder  struct {
		FamilyName string      `json:"family_name"`
		UsageName  string      `json:"usage_name,omitempty"`
		GivenNames string      `json:"given_names"`
		Birthdate  points.Date `json:"birthdate"`
	} `json:"holder"`
	// Licence is nil for a candidate who has no licence yet.
	Licence *DossierLicence `json:"licence"`
	Events  []DossierEvent  `json:"events"`
}

// DossierLicence is the licence with what the screens show beyond the
// engine's needs.
type DossierLicence struct {
	points.Licence
	Number     string `json:"number,omitempty"`
	Categories []struct {
		Category string      `json:"category"`
		Obtained points.Date `json:"obtained"`
	} `json:"categories,omitempty"`
}

// DossierEvent is an event with the registry's detail.
type DossierEvent struct {
	points.Event
	Place *struct {
		Commune string `json:"commune"`
		Name    string `json:"name,omitempty"`
	} `json:"place,omitempty"`
	Natinf       string `json:"natinf,omitempty"`
	NatinfLabel  string `json:"natinf_label,omitempty"`
	DefinitiveBy string `json:"definitive_by,omitempty"`
	Centre       *struct {
		Name string `json:"name"`
	} `json:"centre,omitempty"`
}

// Record is what the engine needs of the dossier, and false for a
// candidate without a licence.
func (d *Dossier) Record() (points.Record, bool) {
	if d.Licence == nil {
		return points.Record{}, false
	}
	r := points.Record{Licence: d.Licence.Licence, Events: make([]points.Event, len(d.Events))}
	for i, e := range d.Events {
		r.Events[i] = e.Event
	}
	return r, true
}

// Compute runs the engine on the dossier for day at.
func (d *Dossier) Compute(at points.Date) (points.Result, error) {
	r, ok := d.Record()
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
func (e DossierEvent) placeText() string {
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

// errNoLicence is returned by Compute for a candidate.
var errNoLicence = fmt.Errorf("no licence in the dossier")

// decodeDossier reads a dossier as the API or the device gives it.
func decodeDossier(b []byte) (*Dossier, error) {
	var d Dossier
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("read the dossier: %w", err)
	}
	return &d, nil
}
