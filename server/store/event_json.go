package store

import (
	"bytes"
	"encoding/json"

	"mespoints/points"
)

// MarshalJSON writes an event with "points" always present for an
// offence: an offence worth 0 points (speeding by less than 5 km/h, L223-2)
// must stay an offence worth 0 points when exported and read back, and a
// reader must be able to tell it from a line that forgot its points.
func (e Event) MarshalJSON() ([]byte, error) {
	type plain Event // the same fields, without this method
	var v any = plain(e)
	if e.Type == points.Offence {
		v = struct {
			plain
			Points int `json:"points"`
		}{plain(e), e.Points}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}
