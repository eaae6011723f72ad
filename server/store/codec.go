package store

import (
	"encoding/json"
	"fmt"

	jsonv2 "github.com/go-json-experiment/json"

	"mespoints/exams"
	"mespoints/points"
)

// RecordVersion is the version of the stored form of a record, written in
// its "v" field. A change of the stored form bumps it and adds a migration
// (see migrations) that rewrites the records.
const RecordVersion = 1

// storedRecord is the stored form: the record's JSON with its version.
type storedRecord struct {
	V int `json:"v"`
	Record
}

// encodeRecord returns the stored form of r. It encodes with encoding/json,
// whose omitempty rules the points types are written for; the same bytes
// for the same record, so that comparing encodings compares content.
//
// The bytes are those of json.Marshal(storedRecord{...}), but the events
// go through storedEvent, which gives the same JSON as Event.MarshalJSON
// without a marshaler per event whose output encoding/json parses again:
// encoding is most of the cost of importing a record.
func encodeRecord(r Record) ([]byte, error) {
	events := make([]storedEvent, len(r.Events))
	for i, e := range r.Events {
		if e.Type != points.Offence && e.Points != 0 {
			// Not a valid event: the slow, sure way.
			return encodeRecordSlow(r)
		}
		events[i].plainEvent = plainEvent(e)
		if e.Type == points.Offence {
			events[i].Points = &r.Events[i].Points
		}
	}
	if r.Events == nil {
		events = nil
	}
	b, err := json.Marshal(storedForm{V: RecordVersion, NEPH: r.NEPH, Updated: r.Updated, Holder: r.Holder, Licence: r.Licence, Events: events, Exams: r.Exams})
	if err != nil {
		return nil, fmt.Errorf("encode record: %w", err)
	}
	return b, nil
}

// encodeRecordSlow is encodeRecord through Event.MarshalJSON.
func encodeRecordSlow(r Record) ([]byte, error) {
	b, err := json.Marshal(storedRecord{V: RecordVersion, Record: r})
	if err != nil {
		return nil, fmt.Errorf("encode record: %w", err)
	}
	return b, nil
}

// storedForm is storedRecord with its events as storedEvent: the same
// fields in the same order as Record (TestStoredFormIsTheRecordsJSON
// checks that they stay in step).
type storedForm struct {
	V       int           `json:"v"`
	NEPH    string        `json:"neph"`
	Updated points.Date   `json:"updated"`
	Holder  Holder        `json:"holder"`
	Licence *Licence      `json:"licence,omitempty"`
	Events  []storedEvent `json:"events"`
	Exams   *exams.File   `json:"exams,omitempty"`
}

// plainEvent is Event without its MarshalJSON.
type plainEvent Event

// storedEvent writes an event as Event.MarshalJSON does: the points of an
// offence last and always present, none for other events (which have
// none: see points.Record.Validate).
type storedEvent struct {
	plainEvent
	Points *int `json:"points,omitempty"`
}

// decodeRecord reads the stored form of a record.
func decodeRecord(b []byte) (Record, error) {
	var s storedRecord
	if err := jsonv2.Unmarshal(b, &s); err != nil {
		return Record{}, fmt.Errorf("decode stored record: %w", err)
	}
	if s.V != RecordVersion {
		return Record{}, fmt.Errorf("decode stored record: version %d, this program reads version %d", s.V, RecordVersion)
	}
	return s.Record, nil
}

// normalise puts r in the canonical form it is stored in: NEPH normalised,
// events an empty list rather than none, empty detail lists and an empty
// exam file dropped. Two records with the same content then encode to the
// same bytes.
func (r *Record) normalise() error {
	n, err := NormaliseNEPH(r.NEPH)
	if err != nil {
		return &FieldError{Field: "neph", Err: err}
	}
	r.NEPH = n
	if r.Events == nil {
		r.Events = []Event{}
	}
	if r.Exams != nil && r.Exams.Empty() {
		r.Exams = nil
	}
	if l := r.Licence; l != nil {
		if len(l.Categories) == 0 {
			l.Categories = nil
		}
		if len(l.Restrictions) == 0 {
			l.Restrictions = nil
		}
		if len(l.Measures) == 0 {
			l.Measures = nil
		}
	}
	for i := range r.Events {
		e := &r.Events[i]
		if len(e.Letters) == 0 {
			e.Letters = nil
		}
		if len(e.Suspensions) == 0 {
			e.Suspensions = nil
		}
	}
	return nil
}
