package api

import "mespoints/points"

// Points is the answer of GET /api/v1/points: what the law says of the
// licence today, as the engine computes it from the dossier (without the
// history and the forecast, which have their own routes). Its fields are
// in the alphabetical order of their JSON names, the order this answer
// has always had.
type Points struct {
	// At is the day the answer is for: today, in France.
	At points.Date `json:"at"`
	// Balance is the number of points today.
	Balance int `json:"balance"`
	// Ceiling is the most points the licence can hold today: 12, or during
	// probation 6 plus the steps granted so far.
	Ceiling int `json:"ceiling"`
	// InvalidSince is the day the licence lost its validity (balance 0),
	// if it did.
	InvalidSince *points.Date `json:"invalid_since,omitempty"`
	// Mandatory is the latest mandatory stage of a probationary driver
	// (letter 48N) of the last 10 years, if any: its deadline and whether
	// it was done.
	Mandatory *points.MandatoryStage `json:"mandatory_stage,omitempty"`
	// Notes are the facts of the dossier that changed no balance but
	// matter to the holder (a probation step refused, a stage that
	// credited nothing…), each said in French with its article.
	Notes []points.Note `json:"notes,omitempty"`
	// ProbationEnd is the day probation ends or ended; null for a licence
	// outside probation.
	ProbationEnd *points.Date `json:"probation_end"`
	// ReapplyFrom is, for an invalidated licence, the first day a new one
	// can be applied for.
	ReapplyFrom *points.Date `json:"reapply_from,omitempty"`
	// Stage says whether a points-recovery stage started today would bring
	// points, how many, from when one could, and why: a stable reason code
	// and the engine's French sentences with their articles, which the app
	// prints as they are.
	Stage points.StageEligibility `json:"stage"`
	// Status is "probation", "valid" or "invalid".
	Status points.Status `json:"status"`
	// Training says how the post-licence training counted for probation,
	// if the licence has one: "counted", "outside" or "lost".
	Training points.TrainingStatus `json:"training,omitempty"`
	// Updated is the day the registry last changed the dossier: the
	// numbers are as of that day's data.
	Updated points.Date `json:"updated"`
}

// Change is one change of the balance, in the history or the forecast:
// the engine's (points.Change, inline in the JSON: day, points, balance
// and ceiling after, rule, label, index of the event, explanation in
// French, letters) with the registry's detail of the event it comes from,
// when it comes from one.
type Change struct {
	points.Change
	// Committed is when the offence was committed, for a withdrawal.
	Committed points.DateTime `json:"committed,omitempty"`
	// Place is where the offence was committed.
	Place *Place `json:"place,omitempty"`
	// Natinf is the NATINF code of the offence.
	Natinf string `json:"natinf,omitempty"`
	// NatinfLabel is the official wording of the offence, which the app
	// shows as the change's title.
	NatinfLabel string `json:"natinf_label,omitempty"`
	// DefinitiveBy says how the offence became definitive (see
	// Event.DefinitiveBy).
	DefinitiveBy string `json:"definitive_by,omitempty"`
	// Centre is the centre that ran the stage, for a stage's credit.
	Centre *Centre `json:"centre,omitempty"`
}

// History is the answer of GET /api/v1/history: every change of the
// balance of the last 10 years up to today, oldest first.
type History struct {
	// At is the day the answer is for: today, in France.
	At points.Date `json:"at"`
	// Updated is the day the registry last changed the dossier.
	Updated points.Date `json:"updated"`
	// History are the changes, oldest first; every offence is there, with
	// a change of 0 when it withdrew nothing. Never null.
	History []Change `json:"history"`
	// Notes are the facts that changed no balance (see Points.Notes);
	// never null.
	Notes []points.Note `json:"notes"`
}

// Calendar is the answer of GET /api/v1/calendar: the changes to come,
// assuming no new offence and no new stage.
type Calendar struct {
	// At is the day the answer is for: today, in France.
	At points.Date `json:"at"`
	// Forecast are the coming changes in date order (restitutions,
	// probation steps); empty, never null, when none will come.
	Forecast []Change `json:"forecast"`
}

// WhatIfRequest is the body of POST /api/v1/whatif, and what the app's
// simulator computes on the device: an offence committed today.
type WhatIfRequest struct {
	// Points are the points the offence withdraws, 0 to 6 (the barème);
	// required.
	Points *int `json:"points"`
	// Class is the offence's class: "c1" to "c5" (contraventions) or
	// "delit".
	Class points.Class `json:"class"`
}

// WhatIfResult is the answer of POST /api/v1/whatif: the engine's answer
// for the licence as it is and as it would be after the offence (its
// history and forecast included), the points the offence would withdraw,
// when the balance would be back at 12, the probation steps lost, and a
// summary in French. Nothing is stored.
type WhatIfResult = points.WhatIfResult
