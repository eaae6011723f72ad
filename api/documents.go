package api

import (
	"time"

	"mespoints/points"
)

// The kinds of documents, in DocumentOffer.Kind and Document.Kind.
const (
	// DocumentAttestation is the attestation de droits à conduire (the
	// former relevé d'information restreint): for third parties, no
	// points.
	DocumentAttestation = "attestation"
	// DocumentIntegral is the relevé d'information intégral: the whole
	// dossier, to a FranceConnect session only.
	DocumentIntegral = "releve-integral"
	// DocumentCalendar is the calendar file of the forecast restitutions.
	DocumentCalendar = "calendrier"
	// DocumentCEPC is the certificat d'examen du permis de conduire: the
	// certificate of a passed practical test, a provisional licence in
	// France for 4 months after the test.
	DocumentCEPC = "cepc"
)

// Documents is the answer of GET /api/v1/documents: the documents this
// session may have, and why not, in French the app shows as it is.
type Documents struct {
	// Documents are the attestation, the relevé intégral and the
	// calendar file, in that order, then the CEPC when the registry holds
	// an exam file for the dossier.
	Documents []DocumentOffer `json:"documents"`
}

// DocumentOffer is one document as this session may or may not have it.
type DocumentOffer struct {
	// Kind is DocumentAttestation, DocumentIntegral, DocumentCalendar or
	// DocumentCEPC.
	Kind string `json:"kind"`
	// Title names it.
	Title string `json:"title"`
	// Purpose says what it is for.
	Purpose string `json:"purpose"`
	// Audience says who may ask for it.
	Audience string `json:"audience"`
	// URL is where to download it, when the session may have it.
	URL string `json:"url,omitempty"`
	// Refusal is why the session may not have it: CodeNoLicence (a
	// candidate), CodeFranceConnectRequired (the relevé intégral to a
	// licence-account session), CodeNoCEPC (no certificate to give), with
	// the French explanation. Absent when it may.
	Refusal *Error `json:"refusal,omitempty"`
}

// Document is the answer of GET /api/v1/documents/attestation: a
// document issued now, with what its PDF states and its verifiable code.
// The app keeps the last one on the device and shows it offline.
type Document struct {
	// Kind is DocumentAttestation.
	Kind string `json:"kind"`
	// Title and Subtitle say what it is.
	Title    string `json:"title"`
	Subtitle string `json:"subtitle"`
	// Issued is when it was issued.
	Issued time.Time `json:"issued"`
	// ValidUntil is its last day of validity, if it has one.
	ValidUntil *points.Date `json:"valid_until,omitempty"`
	// Sections are its content, as the PDF prints it.
	Sections []DocumentSection `json:"sections"`
	// Code is its verifiable code; CodeText the same in groups of 4.
	Code     string `json:"code"`
	CodeText string `json:"code_text"`
	// VerifyURL is where anyone checks it.
	VerifyURL string `json:"verify_url"`
	// QR is its QR code (the verification URL) as one SVG element, with
	// its text alternative.
	QR string `json:"qr"`
	// HTML is the whole document as an HTML fragment (title, dates, QR
	// code, code, sections), escaped by the server: the app keeps it and
	// shows it as it is, offline too.
	HTML string `json:"html"`
}

// DocumentSection is a titled part of a document.
type DocumentSection struct {
	// Heading is its title.
	Heading string `json:"heading"`
	// Facts are label-value pairs, a value of several lines being several
	// strings.
	Facts []DocumentFact `json:"facts,omitempty"`
	// Lines are paragraphs, list items, or the rows of a table written as
	// one line each.
	Lines []string `json:"lines,omitempty"`
}

// DocumentFact is one label and its value.
type DocumentFact struct {
	// Label names the fact.
	Label string `json:"label"`
	// Value is its value, one string per line.
	Value []string `json:"value"`
}

// ShareRequest is the body of POST /api/v1/shares.
type ShareRequest struct {
	// Days is how many days the code lives: 1 to 90; absent, 21.
	Days *int `json:"days"`
}

// ShareCreated is the answer of POST /api/v1/shares: the new code, shown
// this once (the server keeps only its hash).
type ShareCreated struct {
	// ID names the share in the list and for DELETE /api/v1/shares/{id}.
	ID string `json:"id"`
	// Code is the code, in groups of 4 separated by hyphens.
	Code string `json:"code"`
	// URL is the public page the code opens.
	URL string `json:"url"`
	// Expires is when the code stops working.
	Expires time.Time `json:"expires"`
}

// Shares is the answer of GET /api/v1/shares: the person's share codes,
// newest first, live or not (for 30 days after they end).
type Shares struct {
	// Shares are the codes, without their text.
	Shares []Share `json:"shares"`
}

// Share is one share code, as its owner sees it.
type Share struct {
	// ID names it.
	ID string `json:"id"`
	// Created and Expires are when it was made and when it stops working.
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
	// Revoked is when it was revoked, absent if it was not.
	Revoked *time.Time `json:"revoked,omitempty"`
	// State is ShareLive, ShareExpired or ShareRevoked.
	State string `json:"state"`
	// Uses are when it was used, oldest first: the time only, never who.
	Uses []time.Time `json:"uses"`
}

// The states of a share code.
const (
	// ShareLive: the code works.
	ShareLive = "live"
	// ShareExpired: its day passed.
	ShareExpired = "expired"
	// ShareRevoked: its owner revoked it.
	ShareRevoked = "revoked"
)
