package simulate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"mespoints/points"
)

// Parse reads the input of docs/simulate.md strictly: one JSON object
// with licence, events and at; every field known, present where required,
// of the right type and written once. It returns the record and the day
// asked, or a *points.FieldError naming the field at fault ("input" for
// input that is not a JSON object). The rules on the values (known
// probation, class and type, points 0 to 6, definitive not before
// committed, a stage of two consecutive days…) are points.Record.Validate's.
func Parse(data []byte) (points.Record, points.Date, error) {
	var rec points.Record
	var top json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return rec, 0, ferr("input", "not JSON: %s", syntaxMsg(err))
	}
	obj, err := readObject(top, "input")
	if err != nil {
		return rec, 0, err
	}
	var at points.Date
	var haveLicence, haveAt bool
	for _, f := range obj {
		switch f.key {
		case "licence":
			haveLicence = true
			if rec.Licence, err = parseLicence(f.val); err != nil {
				return rec, 0, err
			}
		case "events":
			if rec.Events, err = parseEvents(f.val); err != nil {
				return rec, 0, err
			}
		case "at":
			haveAt = true
			if at, err = parseDate(f.val, "at"); err != nil {
				return rec, 0, err
			}
		default:
			return rec, 0, ferr(show(f.key), "unknown field (the input has licence, events and at)")
		}
	}
	if !haveLicence {
		return rec, 0, ferr("licence", "missing")
	}
	if !haveAt {
		return rec, 0, ferr("at", "missing")
	}
	return rec, at, nil
}

func parseLicence(raw json.RawMessage) (points.Licence, error) {
	var l points.Licence
	obj, err := readObject(raw, "licence")
	if err != nil {
		return l, err
	}
	var haveObtained, haveProbation bool
	for _, f := range obj {
		path := "licence." + show(f.key)
		switch f.key {
		case "obtained":
			haveObtained = true
			if l.Obtained, err = parseDate(f.val, path); err != nil {
				return l, err
			}
		case "probation":
			haveProbation = true
			s, err := parseString(f.val, path)
			if err != nil {
				return l, err
			}
			l.Probation = points.Probation(s)
			if s == "" {
				return l, ferr(path, `"" is not one of traditional, aac, none`)
			}
		case "training":
			if isNull(f.val) {
				continue
			}
			d, err := parseDate(f.val, path)
			if err != nil {
				return l, err
			}
			l.Training = &d
		default:
			return l, ferr(path, "unknown field (a licence has obtained, probation and training)")
		}
	}
	if !haveObtained {
		return l, ferr("licence.obtained", "missing")
	}
	if !haveProbation {
		return l, ferr("licence.probation", "missing (traditional, aac or none)")
	}
	return l, nil
}

func parseEvents(raw json.RawMessage) ([]points.Event, error) {
	if isNull(raw) {
		return nil, nil
	}
	var list []json.RawMessage
	if raw[0] != '[' || json.Unmarshal(raw, &list) != nil {
		return nil, ferr("events", "%s is not a list of events", short(raw))
	}
	events := make([]points.Event, len(list))
	for i, r := range list {
		if err := parseEvent(r, i, &events[i]); err != nil {
			return nil, err
		}
	}
	return events, nil
}

// eventFields lists the fields of each type of event, in the order missing
// ones are reported.
var eventFields = map[points.EventType][]string{
	points.Offence:      {"committed", "definitive", "points", "class", "label"},
	points.Stage:        {"first_day", "last_day"},
	points.Invalidation: {"notified"},
}

func parseEvent(raw json.RawMessage, i int, e *points.Event) error {
	base := fmt.Sprintf("events[%d]", i)
	obj, err := readObject(raw, base)
	if err != nil {
		return err
	}
	typ, ok := obj.get("type")
	if !ok {
		return ferr(base+".type", "missing (offence, stage or invalidation)")
	}
	s, err := parseString(typ, base+".type")
	if err != nil {
		return err
	}
	e.Type = points.EventType(s)
	own, ok := eventFields[e.Type]
	if !ok {
		return ferr(base+".type", "%q is not one of offence, stage, invalidation", s)
	}
	seen := map[string]bool{}
	for _, f := range obj {
		path := base + "." + show(f.key)
		if f.key == "type" {
			continue
		}
		if !contains(own, f.key) {
			for t, fields := range eventFields {
				if contains(fields, f.key) {
					return ferr(path, "not a field of an event of type %s (only of %s)", e.Type, t)
				}
			}
			return ferr(path, "unknown field (an event of type %s has type, %s)", e.Type, strings.Join(own, ", "))
		}
		seen[f.key] = true
		switch f.key {
		case "committed":
			var s string
			if s, err = parseString(f.val, path); err == nil {
				var t points.DateTime
				if t, err = points.ParseDateTime(s); err == nil {
					e.Committed = t
				} else {
					err = ferr(path, "%s is not a date and time (YYYY-MM-DDTHH:MM)", show(s))
				}
			}
		case "definitive":
			e.Definitive, err = parseDate(f.val, path)
		case "points":
			e.Points, err = parseInt(f.val, path)
		case "class":
			var s string
			s, err = parseString(f.val, path)
			e.Class = points.Class(s)
			if err == nil && s == "" {
				err = ferr(path, `"" is not one of c1, c2, c3, c4, c5, delit`)
			}
		case "label":
			if !isNull(f.val) {
				e.Label, err = parseString(f.val, path)
			}
		case "first_day":
			e.FirstDay, err = parseDate(f.val, path)
		case "last_day":
			e.LastDay, err = parseDate(f.val, path)
		case "notified":
			e.Notified, err = parseDate(f.val, path)
		}
		if err != nil {
			return err
		}
	}
	for _, k := range own {
		if !seen[k] && k != "label" {
			return ferr(base+"."+k, "missing")
		}
	}
	return nil
}

// field is one member of a JSON object.
type field struct {
	key string
	val json.RawMessage
}

// object is a JSON object's members in the order they were written.
type object []field

func (o object) get(key string) (json.RawMessage, bool) {
	for _, f := range o {
		if f.key == key {
			return f.val, true
		}
	}
	return nil, false
}

// readObject reads raw, which is valid JSON, as an object, refusing a key
// written twice.
func readObject(raw json.RawMessage, path string) (object, error) {
	if len(raw) == 0 || raw[0] != '{' {
		return nil, ferr(path, "%s is not an object", short(raw))
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil { // {
		return nil, ferr(path, "%s", err)
	}
	var obj object
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, ferr(path, "%s", err)
		}
		key, _ := tok.(string)
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil, ferr(path, "%s", err)
		}
		sub := show(key)
		if path != "input" {
			sub = path + "." + sub
		}
		if _, dup := obj.get(key); dup {
			return nil, ferr(sub, "written twice")
		}
		obj = append(obj, field{key, val})
	}
	return obj, nil
}

func parseString(raw json.RawMessage, path string) (string, error) {
	var s string
	if len(raw) == 0 || raw[0] != '"' || json.Unmarshal(raw, &s) != nil {
		return "", ferr(path, "%s is not a string", short(raw))
	}
	return s, nil
}

func parseDate(raw json.RawMessage, path string) (points.Date, error) {
	s, err := parseString(raw, path)
	if err != nil {
		return 0, ferr(path, "%s is not a date (YYYY-MM-DD)", short(raw))
	}
	d, err := points.ParseDate(s)
	if err != nil {
		return 0, ferr(path, "%s is not a date", show(s))
	}
	return d, nil
}

func parseInt(raw json.RawMessage, path string) (int, error) {
	n, err := strconv.Atoi(string(raw))
	if err != nil {
		return 0, ferr(path, "%s is not a whole number of points (0 to 6)", short(raw))
	}
	return n, nil
}

func isNull(raw json.RawMessage) bool { return string(raw) == "null" }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// show returns s as it is if it is plain printable text, quoted otherwise
// (empty, spaces, control characters), so that a message stays on one line
// and says exactly what was read.
func show(s string) string {
	if s == "" || strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || r == '"' || r == 0x7f || r == utf8.RuneError }) >= 0 {
		return strconv.Quote(s)
	}
	return s
}

// short writes a JSON value on one line, cut if long, for an error message.
func short(raw json.RawMessage) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return "the value"
	}
	s := b.String()
	if utf8.RuneCountInString(s) > 40 {
		s = string([]rune(s)[:37]) + "..."
	}
	return s
}

// syntaxMsg returns the message of a JSON syntax error with its offset.
func syntaxMsg(err error) string {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("%s (at byte %d)", se.Error(), se.Offset)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected end of input"
	}
	return err.Error()
}

func ferr(field, format string, args ...any) *points.FieldError {
	return &points.FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}
