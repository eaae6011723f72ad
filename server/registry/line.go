// Package registry reads and writes registry extracts: JSON Lines files
// with one licence record a line, the format of `mespoints import` and
// `mespoints export`, and holds those commands and `mespoints backup`.
//
// A line is a store.Record as JSON: neph, updated, holder, licence (left
// out, or null, for a candidate with no licence yet) and events, with the
// fields of docs/simulate.md and the registry's optional detail.
// Unknown fields, a field given twice and impossible values are errors that
// name the field.
package registry

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"mespoints/points"
	"mespoints/server/store"
)

// wireRecord is a line as read, with pointers where a required field must
// be told apart from a zero value (a holder born on 1970-01-01, a holder
// born abroad whose birthplace is "").
type wireRecord struct {
	NEPH    *string        `json:"neph"`
	Updated *points.Date   `json:"updated"`
	Holder  *wireHolder    `json:"holder"`
	Licence *store.Licence `json:"licence"`
	Events  []wireEvent    `json:"events"`
	Exams   *wireExams     `json:"exams"`
}

// wireEvent is store.Event as read, its points a pointer: an offence must
// state them, and a line that forgot them must not become an offence
// worth 0 points. (This field, shallower, hides the embedded one.)
type wireEvent struct {
	eventFields
	Points *int `json:"points"`
}

// eventFields is store.Event without its JSON methods, which an inlined
// field must not have.
type eventFields store.Event

// wireHolder is store.Holder as read; keep the two in step (the round-trip
// test fails otherwise).
type wireHolder struct {
	FamilyName   *string      `json:"family_name"`
	UsageName    string       `json:"usage_name"`
	GivenNames   *string      `json:"given_names"`
	Birthdate    *points.Date `json:"birthdate"`
	Birthplace   *string      `json:"birthplace"`
	Birthcountry string       `json:"birthcountry"`
	Email        string       `json:"email"`
	// The documents' detail (issue 14), optional.
	BirthplaceName string         `json:"birthplace_name"`
	Address        *store.Address `json:"address"`
}

// DecodeLine reads one line of an extract into a record. It checks the
// JSON and the presence of the required fields, and returns a
// *store.FieldError naming the field at fault; the record's values are
// checked by store.Record.Validate (Import does both).
func DecodeLine(line []byte) (store.Record, error) {
	var w wireRecord
	if err := jsonv2.Unmarshal(line, &w, jsonv2.RejectUnknownMembers(true)); err != nil {
		return store.Record{}, jsonError(err)
	}
	switch {
	case w.NEPH == nil:
		return store.Record{}, missing("neph")
	case w.Updated == nil:
		return store.Record{}, missing("updated")
	case w.Holder == nil:
		return store.Record{}, missing("holder")
	case w.Holder.FamilyName == nil:
		return store.Record{}, missing("holder.family_name")
	case w.Holder.GivenNames == nil:
		return store.Record{}, missing("holder.given_names")
	case w.Holder.Birthdate == nil:
		return store.Record{}, missing("holder.birthdate")
	case w.Holder.Birthplace == nil:
		return store.Record{}, &store.FieldError{Field: "holder.birthplace", Err: errors.New(`missing (the INSEE commune code, or "" for a holder born abroad)`)}
	}
	var events []store.Event
	if w.Events != nil {
		events = make([]store.Event, len(w.Events))
	}
	for i, e := range w.Events {
		switch {
		case e.Points != nil:
			e.eventFields.Points = *e.Points
		case e.Type == points.Offence:
			return store.Record{}, missing(fmt.Sprintf("events[%d].points", i))
		}
		events[i] = store.Event(e.eventFields)
	}
	exams, err := w.Exams.file()
	if err != nil {
		return store.Record{}, err
	}
	h := w.Holder
	return store.Record{
		NEPH:    *w.NEPH,
		Updated: *w.Updated,
		Holder: store.Holder{
			FamilyName:     *h.FamilyName,
			UsageName:      h.UsageName,
			GivenNames:     *h.GivenNames,
			Birthdate:      *h.Birthdate,
			Birthplace:     *h.Birthplace,
			Birthcountry:   h.Birthcountry,
			Email:          h.Email,
			BirthplaceName: h.BirthplaceName,
			Address:        h.Address,
		},
		Licence: w.Licence,
		Events:  events,
		Exams:   exams,
	}, nil
}

func missing(field string) error {
	return &store.FieldError{Field: field, Err: errors.New("missing")}
}

// jsonError turns a decoding error into a *store.FieldError whose field is
// the JSON path of the fault ("events[1].class") and whose message says
// what is wrong in words.
func jsonError(err error) error {
	var sem *jsonv2.SemanticError
	var syn *jsontext.SyntacticError
	switch {
	case errors.As(err, &sem):
		field := fieldPath(sem.JSONPointer)
		switch {
		case errors.Is(sem.Err, jsonv2.ErrUnknownName):
			return &store.FieldError{Field: field, Err: errors.New("unknown field")}
		case sem.Err != nil:
			return &store.FieldError{Field: field, Err: sem.Err}
		}
		return &store.FieldError{Field: field, Err: fmt.Errorf("%s where %s was expected", kindName(sem.JSONKind), goName(sem.GoType))}
	case errors.As(err, &syn):
		field := fieldPath(syn.JSONPointer)
		if errors.Is(syn.Err, jsontext.ErrDuplicateName) {
			return &store.FieldError{Field: field, Err: errors.New("given twice")}
		}
		msg := strings.TrimPrefix(syn.Err.Error(), "jsontext: ")
		return &store.FieldError{Field: field, Err: fmt.Errorf("not valid JSON at byte %d (%s): a cut or damaged line?", syn.ByteOffset+1, msg)}
	}
	return &store.FieldError{Field: "(line)", Err: err}
}

// fieldPath writes a JSON pointer (/events/1/class) as a field path
// (events[1].class); "(line)" for the whole line.
func fieldPath(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil && b.Len() > 0 {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	if b.Len() == 0 {
		return "(line)"
	}
	return b.String()
}

func kindName(k jsontext.Kind) string {
	switch k {
	case 'n':
		return "null"
	case 'f', 't':
		return "true or false"
	case '"':
		return "a string"
	case '0':
		return "a number"
	case '{':
		return "an object"
	case '[':
		return "a list"
	}
	return "a value"
}

func goName(t reflect.Type) string {
	if t == nil {
		return "something else"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.Bool:
		return "true or false"
	}
	return t.String()
}
