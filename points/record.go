package points

// Probation names the probation track of a licence (R223-1).
type Probation string

// The probation tracks of docs/simulate.md.
const (
	// Traditional is the 3-year track, also for supervised driving.
	Traditional Probation = "traditional"
	// AAC is the 2-year track after apprentissage anticipé de la conduite.
	AAC Probation = "aac"
	// NoProbation is a licence that holds 12 points from the day it was obtained.
	NoProbation Probation = "none"
)

// Class is the class of an offence: contravention classes 1 to 5, or délit.
type Class string

// The classes of offences.
const (
	C1    Class = "c1"
	C2    Class = "c2"
	C3    Class = "c3"
	C4    Class = "c4"
	C5    Class = "c5"
	Delit Class = "delit"
)

// EventType names what an Event is.
type EventType string

// The kinds of events of a licence record.
const (
	// Offence is an offence that withdraws points once definitive.
	Offence EventType = "offence"
	// Stage is a points-recovery course.
	Stage EventType = "stage"
	// Invalidation is the notification of the 48SI letter.
	Invalidation EventType = "invalidation"
)

// Licence is what the engine needs to know of the licence itself.
type Licence struct {
	// Obtained is the day the licence was obtained; probation starts then.
	Obtained Date `json:"obtained"`
	// Probation is the probation track.
	Probation Probation `json:"probation"`
	// Training is the day of the post-licence training, if any (R223-4-1).
	Training *Date `json:"training,omitempty"`
}

// Event is one entry of a licence record: an offence, a stage or an
// invalidation. Only the fields of its type are meaningful.
type Event struct {
	Type EventType `json:"type"`

	// Offence fields.
	Committed  DateTime `json:"committed,omitempty"`
	Definitive Date     `json:"definitive,omitempty"`
	Points     int      `json:"points,omitempty"`
	Class      Class    `json:"class,omitempty"`
	Label      string   `json:"label,omitempty"`

	// Stage fields.
	FirstDay Date `json:"first_day,omitempty"`
	LastDay  Date `json:"last_day,omitempty"`

	// Invalidation field: the day the 48SI letter was notified.
	Notified Date `json:"notified,omitempty"`
}

// Record is a licence with its events: the input of the engine.
type Record struct {
	Licence Licence `json:"licence"`
	Events  []Event `json:"events"`
}
