package api

import "time"

// LinkCodeSent is the answer (202 Accepted) of POST /api/v1/link from a
// licence-account session whose dossier number and date of birth are
// right: a one-time code went to the e-mail address the registry holds
// for the dossier's holder; POST /api/v1/link/confirm with it links the
// account.
type LinkCodeSent struct {
	// Step is StepCodeSent.
	Step string `json:"step"`
	// EmailHint is the address the code went to, masked
	// ("c•••••@e•••.fr"): enough for the holder to recognise it, not
	// enough to learn it.
	EmailHint string `json:"email_hint"`
	// Expires is when the code stops being accepted (15 minutes after it
	// was sent).
	Expires time.Time `json:"expires"`
}

// StepCodeSent is LinkCodeSent.Step.
const StepCodeSent = "code_sent"

// LinkConfirmRequest is the body of POST /api/v1/link/confirm: the code
// received by e-mail. The answer is Me, linked.
type LinkConfirmRequest struct {
	// Code is the 6-digit code, as typed (spaces are ignored).
	Code string `json:"code"`
}

// AccountLinks is the answer of GET /api/v1/account/links and of DELETE
// /api/v1/account/links/{id}: every account linked to the session's
// dossier, so that the holder sees who can read it.
type AccountLinks struct {
	// Links are the accounts linked to the dossier, the session's own
	// among them (Current), oldest link first.
	Links []LinkedAccount `json:"links"`
	// CanRemove says whether this session may remove the others' links:
	// only when its own link is proven (ProofFranceConnect or
	// ProofEmailCode).
	CanRemove bool `json:"can_remove"`
}

// LinkedAccount is one account linked to a dossier.
type LinkedAccount struct {
	// ID names the link in DELETE /api/v1/account/links/{id}; it says
	// nothing of the account.
	ID string `json:"id"`
	// Provider is ProviderUsager or ProviderFranceConnect.
	Provider string `json:"provider"`
	// LinkedAt is when the account was linked.
	LinkedAt time.Time `json:"linked_at"`
	// LastUsed is the account's last sign-in.
	LastUsed time.Time `json:"last_used"`
	// Proof is how the link was proven: ProofFranceConnect, ProofEmailCode,
	// or ProofNone for a link made before proofs were asked.
	Proof string `json:"proof"`
	// Current marks the session's own account.
	Current bool `json:"current"`
}

// The values of LinkedAccount.Proof.
const (
	// ProofFranceConnect: FranceConnect's identity pivot matched the holder.
	ProofFranceConnect = "franceconnect"
	// ProofEmailCode: the dossier number, the date of birth, and a code
	// sent to the holder's e-mail address.
	ProofEmailCode = "email_code"
	// ProofNone: a link made before proofs were asked (dossier number and
	// date of birth only). It reads the dossier but cannot remove others.
	ProofNone = "none"
)

// AccountDeleted is the answer of DELETE /api/v1/account: the account,
// its link, its sessions, codes and notices are gone; the audit log keeps
// only the account's hash.
type AccountDeleted struct {
	// Deleted is true.
	Deleted bool `json:"deleted"`
}

// Notice is something the person must be told once, at their next visit
// (GET /api/v1/me), until the app acknowledges it (POST
// /api/v1/me/notices/ack).
type Notice struct {
	// Code says what happened: one of the Notice constants.
	Code string `json:"code"`
	// Message says it in French.
	Message string `json:"message"`
}

// The values of Notice.Code.
const (
	// NoticeLinkRemoved: the account's link to its dossier was removed,
	// by the holder or because the holder signed in with FranceConnect.
	NoticeLinkRemoved = "link_removed"
)
