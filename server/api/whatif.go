package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	wire "mespoints/api"
	"mespoints/points"
)

// errNoBody is a request without the JSON body it needs.
var errNoBody = errors.New("no body")

// maxBody bounds the JSON bodies the API reads.
const maxBody = 4 << 10

// whatIf answers POST /api/v1/whatif with the engine's what-if result for
// an offence of the given points and class committed today; nothing is
// stored.
func (h *Handler) whatIf(w http.ResponseWriter, r *http.Request, v view) {
	var req wire.WhatIfRequest
	if err := decodeBody(w, r, &req); err != nil {
		writeError(w, invalid("La demande doit être un objet JSON {\"points\": 0 à 6, \"class\": \"c1\" à \"c5\" ou \"delit\"}."))
		return
	}
	if req.Points == nil {
		writeError(w, invalid("Indiquez le nombre de points de l'infraction (0 à 6)."))
		return
	}
	rec, ok := v.rec.Engine()
	if !ok {
		writeError(w, errNoLicence)
		return
	}
	res, err := points.WhatIf(rec, v.today, *req.Points, req.Class)
	var fe *points.FieldError
	if errors.As(err, &fe) && (fe.Field == "points" || fe.Field == "class") {
		msg := "La classe de l'infraction doit être c1, c2, c3, c4, c5 ou delit."
		if fe.Field == "points" {
			msg = "Le nombre de points doit être compris entre 0 et 6."
		}
		writeError(w, invalid(msg))
		return
	}
	if err != nil {
		h.internal(w, r, err)
		return
	}
	writePlain(w, res)
}

// decodeBody reads a JSON object of at most maxBody bytes into dst,
// refusing unknown fields and anything after the object.
func decodeBody(w http.ResponseWriter, r *http.Request, dst any) error {
	if r.Body == nil {
		return errNoBody
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("data after the JSON object")
	}
	return nil
}
