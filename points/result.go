package points

// Rule names why the balance changed (docs/simulate.md, Output).
type Rule string

// The rules of a Change.
const (
	// RuleOffence is a withdrawal, on the day the offence became definitive
	// (L223-1, L223-2).
	RuleOffence Rule = "offence"
	// RuleRestore6m is the point given back 6 months after a 1-point
	// withdrawal (L223-6 al. 3).
	RuleRestore6m Rule = "restore-6m"
	// RuleRestoreFull is the balance set back to 12 after 2 or 3 years
	// without a new offence (L223-6 al. 1–2).
	RuleRestoreFull Rule = "restore-full"
	// RuleRestore10y is the points of a contravention of classes 1 to 4
	// given back after 10 years (L223-6 al. 5).
	RuleRestore10y Rule = "restore-10y"
	// RuleStage is the credit of a points-recovery stage (L223-6 al. 4,
	// R223-8).
	RuleStage Rule = "stage"
	// RuleProbationStep is a step of the probation granted on an
	// anniversary of the licence (R223-1).
	RuleProbationStep Rule = "probation-step"
	// RuleProbationEnd is the last step, on the day probation ends, that
	// brings the balance to 12 (L223-1, R223-1).
	RuleProbationEnd Rule = "probation-end"
)

// Status is the state of the licence on a day.
type Status string

// The statuses of docs/simulate.md.
const (
	// StatusProbation is a valid licence whose probation is not over.
	StatusProbation Status = "probation"
	// StatusValid is a valid licence outside probation.
	StatusValid Status = "valid"
	// StatusInvalid is a licence that lost its validity (L223-1, L223-5).
	StatusInvalid Status = "invalid"
)

// Change is one change of the balance, in the history or the forecast.
type Change struct {
	// Date is the day the change takes effect.
	Date Date `json:"date"`
	// Change is the number of points added (positive) or withdrawn
	// (negative); 0 for an offence that withdrew nothing.
	Change int `json:"change"`
	// Balance is the balance after the change.
	Balance int `json:"balance"`
	// Ceiling is the maximum number of points after the change.
	Ceiling int `json:"ceiling"`
	// Rule is why the balance changed.
	Rule Rule `json:"rule"`
	// Label is the offence's label for an offence, a short French
	// description of the rule otherwise.
	Label string `json:"label"`
	// Event is the index in Record.Events of the event the change comes
	// from: the offence, the withdrawal given back, the stage; -1 for a
	// probation step.
	Event int `json:"event"`
	// Explanation says in French, for a person, why and under which article.
	Explanation string `json:"explanation"`
	// Letters are the letters the holder receives for this change.
	Letters Letters `json:"letters,omitempty"`

	why why // what Explanation is written from (explain.go)
}

// StageEligibility says whether a points-recovery stage would bring points
// (docs/points-rules.md, Stages).
type StageEligibility struct {
	// Eligible is true when a stage started on the day asked would be
	// credited.
	Eligible bool `json:"eligible"`
	// Points is what a stage started on the day asked would bring; 0 when
	// not eligible.
	Points int `json:"points"`
	// From is the first day on which a stage could start and be credited,
	// or nil if none can (invalid licence, balance at the ceiling for good).
	From *Date `json:"from"`
	// Reason is why, as a stable code: StageEligible, StageTooSoon,
	// StageAtCeiling, StageFullBeforeCredit or StageInvalid.
	Reason StageReason `json:"reason"`
	// Summary says in one French sentence whether a stage would bring
	// points today, and if not, from when and why.
	Summary string `json:"summary"`
	// Explanation says the reason in full, in French, with its articles:
	// the app prints it as it is.
	Explanation string `json:"explanation"`
	// Article names the articles of the Code de la route the reason rests
	// on ("articles L223-6 alinéa 4 et R223-8 du Code de la route"), for a
	// screen that folds the explanation away but keeps its source in view.
	Article string `json:"article"`

	sw stageWhy // what the texts are written from (stagereason.go)
}

// MandatoryStage is the obligation of a probationary driver who received a
// letter 48N: after a single offence withdrawing 3 points or more, a stage
// within 4 months (L223-6 al. 4, R223-4).
type MandatoryStage struct {
	// Event is the index in Record.Events of the offence.
	Event int `json:"event"`
	// Since is the day the withdrawal took effect, when the letter is sent.
	Since Date `json:"since"`
	// Deadline is Since plus 4 months. The law counts the 4 months from the
	// day the letter is received, which the record does not hold: the real
	// deadline is a few days later (reading taken here).
	Deadline Date `json:"deadline"`
	// Done is true when the record holds a stage started between Since and
	// Deadline.
	Done bool `json:"done"`
}

// Note is a fact of the record that changed no balance but matters to the
// holder: a probation step refused, a stage not credited, a 6-month
// restitution interrupted, a 48SI letter without effect…
type Note struct {
	// Date is the day the fact concerns.
	Date Date `json:"date"`
	// Event is the index in Record.Events of the event concerned, or -1.
	Event int `json:"event"`
	// Text says it in French, with the article.
	Text string `json:"text"`

	why why
}

// Result is what the law says of a licence on a day: the answer of Compute.
// Its JSON form is a superset of the output of docs/simulate.md.
type Result struct {
	// At is the day asked.
	At Date `json:"at"`
	// Balance is the balance on day At, after everything that took effect
	// that day.
	Balance int `json:"balance"`
	// Ceiling is the maximum balance on day At: 12, or during probation 6
	// plus the steps granted.
	Ceiling int `json:"ceiling"`
	// Status is probation, valid or invalid.
	Status Status `json:"status"`
	// ProbationEnd is the day probation ends or ended, nil outside
	// probation.
	ProbationEnd *Date `json:"probation_end"`
	// Stage says whether a stage would bring points.
	Stage StageEligibility `json:"stage"`
	// History is every change of the balance up to and including At over
	// the last 10 years, oldest first, with every offence (change 0 when it
	// withdrew nothing).
	History []Change `json:"history"`
	// Forecast is every change after At, in date order, assuming no new
	// offence and no new stage; changes of 0 points are left out.
	Forecast []Change `json:"forecast"`
	// InvalidSince is the day the licence lost its validity, if it did.
	InvalidSince *Date `json:"invalid_since,omitempty"`
	// ReapplyFrom is, for an invalid licence, the first day a new licence
	// can be applied for: 6 months after the old one was handed in (L223-5),
	// counted here from InvalidSince, the earliest it can have been handed
	// in. It is 1 year if another invalidation happened in the 5 years
	// before, which one record does not show.
	ReapplyFrom *Date `json:"reapply_from,omitempty"`
	// Mandatory is the latest 48N obligation of the last 10 years, if any.
	Mandatory *MandatoryStage `json:"mandatory_stage,omitempty"`
	// Training says how the post-licence training was counted, if the
	// licence has one.
	Training TrainingStatus `json:"training,omitempty"`
	// Notes are the facts that changed no balance, in date order, over the
	// same 10 years as History and the forecast period.
	Notes []Note `json:"notes,omitempty"`
}

// TrainingStatus says what the post-licence training did to probation
// (R223-4-1).
type TrainingStatus string

// The values of TrainingStatus.
const (
	// TrainingNone: the licence has no training known on the day asked.
	TrainingNone TrainingStatus = ""
	// TrainingCounted: the training shortened probation.
	TrainingCounted TrainingStatus = "counted"
	// TrainingOutside: the training was not taken between the 6th and the
	// 12th month after the licence, and does not count.
	TrainingOutside TrainingStatus = "outside"
	// TrainingLost: an offence committed before the shortened end made the
	// normal probation apply again.
	TrainingLost TrainingStatus = "lost"
)
