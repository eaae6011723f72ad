package api

import (
	"errors"
	"net/http"

	wire "mespoints/api"
	"mespoints/server/documents"
)

// documentURLs are where each document is downloaded.
var documentURLs = map[documents.Kind]string{
	documents.Attestation: "/documents/attestation.pdf",
	documents.Integral:    "/documents/releve-integral.pdf",
	documents.Calendar:    "/documents/calendrier.ics",
	documents.CEPC:        "/documents/cepc.pdf",
}

// documentsList answers GET /api/v1/documents: which documents this
// session may have, and why not.
func (h *Handler) documentsList(w http.ResponseWriter, r *http.Request, v view) {
	offers := documents.Offers(v.sess.Provider, v.sess.ACR, v.rec, v.now)
	out := wire.Documents{Documents: make([]wire.DocumentOffer, len(offers))}
	for i, o := range offers {
		out.Documents[i] = wire.DocumentOffer{Kind: string(o.Kind), Title: o.Title, Purpose: o.Purpose, Audience: o.Audience, Refusal: o.Refusal}
		if o.Refusal == nil {
			out.Documents[i].URL = documentURLs[o.Kind]
		}
	}
	writeJSON(w, r, out, nil, false)
}

// attestation answers GET /api/v1/documents/attestation: an attestation
// issued now, as its PDF states it, with its code and QR code, for the
// app to keep on the device. The view is audited as its issue.
func (h *Handler) attestation(w http.ResponseWriter, r *http.Request, v view) {
	d, err := documents.Issue(r.Context(), documents.Attestation, v.rec, v.now, h.keys, h.baseURL)
	switch {
	case errors.Is(err, documents.ErrNoLicence):
		writeError(w, wire.Error{Code: wire.CodeNoLicence, Message: documents.MessageNoLicence})
		return
	case err != nil:
		h.internal(w, r, err)
		return
	}
	q, err := documents.NewQR(documents.QRText(d.VerifyURL))
	if err != nil {
		h.internal(w, r, err)
		return
	}
	out := wireDocument(d, q.SVG())
	if out.HTML, err = documents.HTML(d, q); err != nil {
		h.internal(w, r, err)
		return
	}
	writePlain(w, out)
}

// wireDocument is the wire form of an issued document: the sections as
// facts and lines, a table's rows written one line each.
func wireDocument(d documents.Document, qr string) wire.Document {
	out := wire.Document{Kind: string(d.Kind), Title: d.Title, Subtitle: d.Subtitle, Issued: d.Issued.UTC(), ValidUntil: d.ValidUntil,
		Code: d.Code, CodeText: documents.Groups(d.Code), VerifyURL: d.VerifyURL, QR: qr}
	for _, s := range d.Sections {
		ws := wire.DocumentSection{Heading: s.Heading}
		for _, f := range s.Facts {
			ws.Facts = append(ws.Facts, wire.DocumentFact{Label: f.Label, Value: f.Value})
		}
		if s.Table != nil {
			ws.Lines = s.Table.Lines()
		}
		ws.Lines = append(ws.Lines, s.Lines...)
		out.Sections = append(out.Sections, ws)
	}
	return out
}
