package api

import "time"

// The wire types of issue 13 (trust): linking in two steps with a one-time
// code, notices, the accounts linked to a dossier.
//
//	POST   /api/v1/link                LinkRequest → 202 LinkStarted (licence account), or 200 Me (FranceConnect)
//	POST   /api/v1/link/confirm        LinkConfirmRequest → 200 Me
//	GET    /api/v1/account/links       AccountLinks
//	DELETE /api/v1/account/links/{id}  removes another account's link → AccountLinks
//	DELETE /api/v1/account             deletes the person's account → 204
//	POST   /auth/logout-everywhere     signs out every device

// Notice is a message the service has for the person, in Me.Notices.
type Notice struct {
	// Code says what happened: one of the Notice constants.
	Code string `json:"code"`
	// Message says it to the person, in French.
	Message string `json:"message"`
}

// The codes of notices.
const (
	// NoticeLinkRemoved: the account's link to its dossier was removed,
	// because the holder identified with FranceConnect.
	NoticeLinkRemoved = "link_removed"
)

// LinkStarted is the answer 202 of POST /api/v1/link for a licence
// account: a one-time code was sent to the holder's e-mail address.
type LinkStarted struct {
	// Step is StepCodeSent.
	Step string `json:"step"`
	// EmailHint shows the address the code went to, masked:
	// "c•••••@e•••.fr".
	EmailHint string `json:"email_hint"`
	// Expires is when the code stops being valid.
	Expires time.Time `json:"expires"`
}

// StepCodeSent is LinkStarted.Step when a code was sent.
const StepCodeSent = "code_sent"

// LinkConfirmRequest is the body of POST /api/v1/link/confirm.
type LinkConfirmRequest struct {
	// Code is the one-time code of 6 digits the person received.
	Code string `json:"code"`
}

// AccountLinks is the answer of GET /api/v1/account/links: the accounts
// linked to the person's dossier.
type AccountLinks struct {
	// Links are the accounts, the session's own first.
	Links []AccountLink `json:"links"`
}

// AccountLink is one account linked to a dossier.
type AccountLink struct {
	// ID names the link in DELETE /api/v1/account/links/{id}; it is not
	// the account's identifier at its provider.
	ID string `json:"id"`
	// Provider is ProviderUsager or ProviderFranceConnect.
	Provider string `json:"provider"`
	// LinkedAt is when the link was made.
	LinkedAt time.Time `json:"linked_at"`
	// LastUsed is the last time the account opened the dossier, zero if
	// never.
	LastUsed time.Time `json:"last_used,omitzero"`
	// Proof says how the link was proven: one of the Proof constants.
	Proof string `json:"proof"`
	// Proven says the link was proven by the holder's identity or a code
	// sent to the holder: only such a link may remove the others.
	Proven bool `json:"proven"`
	// Current is true for the link of the session asking.
	Current bool `json:"current"`
}

// The values of AccountLink.Proof.
const (
	// ProofFranceConnect: FranceConnect's identity matched the holder's.
	ProofFranceConnect = "franceconnect"
	// ProofCode: a one-time code sent to the holder's e-mail address.
	ProofCode = "code"
	// ProofForm: the dossier number and date of birth only (links made
	// before issue 13).
	ProofForm = "form"
)
