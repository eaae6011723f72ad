package booking

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"

	"mespoints/points"
	"mespoints/server/admin"
)

// The limits of a catalogue file.
const (
	// MaxLine is the longest line.
	MaxLine = 64 << 10
	// MaxLines is the most lines: a catalogue is read whole before it is
	// written.
	MaxLines = 500_000
	// MaxPlaces is the most places a session may offer.
	MaxPlaces = 99
	// maxReported is how many bad lines an ImportError lists.
	maxReported = 20
)

// catalogueLine is a line of a catalogue file as read: a centre or a
// session, told apart by "kind".
type catalogueLine struct {
	Kind *string `json:"kind"`
	// A centre's fields.
	ID          *string `json:"id"`
	Name        *string `json:"name"`
	Address     *string `json:"address"`
	Departement *string `json:"departement"`
	// A session's fields.
	Centre *string          `json:"centre"`
	At     *points.DateTime `json:"at"`
	Places *int             `json:"places"`
}

// The kinds of line of a catalogue.
const (
	kindCentre  = "centre"
	kindSession = "session"
)

// IsCatalogue tells whether line, the first line of a file to import, is
// a line of an exam catalogue (it has a "kind") rather than a registry
// record.
func IsCatalogue(line []byte) bool {
	var l struct {
		Kind *string `json:"kind"`
	}
	return jsonv2.Unmarshal(bytes.TrimPrefix(line, []byte("\xef\xbb\xbf")), &l) == nil && l.Kind != nil
}

// FirstLine returns the first line of what br reads, without reading it:
// at most br's size, for IsCatalogue.
func FirstLine(br *bufio.Reader) []byte {
	for n := 512; ; n *= 2 {
		n = min(n, br.Size())
		b, err := br.Peek(n)
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			return b[:i]
		}
		if err != nil || n == br.Size() {
			return b
		}
	}
}

// LineError is a bad line of a catalogue.
type LineError struct {
	// Line is the line number, from 1.
	Line int
	// Field is the field at fault ("places"), or "(line)".
	Field string
	// Message says what is wrong.
	Message string
}

// Error returns "line N: field: what is wrong".
func (e LineError) Error() string { return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Message) }

// ImportError is a catalogue rejected whole: nothing was written.
type ImportError struct {
	// Lines are the first bad lines, in file order.
	Lines []LineError
	// More is how many bad lines there were beyond those listed.
	More int
	// Reason, when there is no bad line, says why the file was refused
	// (a session with bookings left out).
	Reason string
}

// Error lists the bad lines, one a line after a summary.
func (e *ImportError) Error() string {
	if e.Reason != "" {
		return "catalogue rejected, nothing imported: " + e.Reason
	}
	lines := make([]string, len(e.Lines))
	for i, l := range e.Lines {
		lines[i] = l.Error()
	}
	return admin.RejectedText("catalogue", lines, e.More)
}

// BadLines returns the bad lines as the admin socket reports them.
func (e *ImportError) BadLines() ([]admin.BadLine, int) {
	if e.Reason != "" {
		return []admin.BadLine{{Message: e.Reason}}, 0
	}
	out := make([]admin.BadLine, len(e.Lines))
	for i, l := range e.Lines {
		out[i] = admin.BadLine{Line: l.Line, Field: l.Field, Message: l.Message}
	}
	return out, e.More
}

func (e *ImportError) add(line int, field, format string, args ...any) {
	if len(e.Lines) >= maxReported {
		e.More++
		return
	}
	e.Lines = append(e.Lines, LineError{Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

// catalogue is a catalogue file read and checked.
type catalogue struct {
	centres  map[string]Centre
	sessions map[string]Session
}

// sessionLine is a session line kept until every centre is read.
type sessionLine struct {
	line   int
	centre string
	at     points.DateTime
	places int
}

// readCatalogue reads and checks a whole catalogue file: an *ImportError
// lists its bad lines.
func readCatalogue(r io.Reader) (catalogue, error) {
	cat := catalogue{centres: map[string]Centre{}, sessions: map[string]Session{}}
	bad := &ImportError{}
	var sessions []sessionLine
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	n := 0
	for sc.Scan() {
		n++
		if n > MaxLines {
			return cat, &ImportError{Reason: fmt.Sprintf("more than %d lines", MaxLines)}
		}
		text := bytes.TrimSpace(sc.Bytes())
		if n == 1 {
			text = bytes.TrimPrefix(text, []byte("\xef\xbb\xbf"))
		}
		if len(text) == 0 {
			continue
		}
		var l catalogueLine
		if err := jsonv2.Unmarshal(text, &l, jsonv2.RejectUnknownMembers(true)); err != nil {
			field, msg := jsonMessage(err)
			bad.add(n, field, "%s", msg)
			continue
		}
		switch {
		case l.Kind == nil:
			bad.add(n, "kind", "missing: %q or %q", kindCentre, kindSession)
		case *l.Kind == kindCentre:
			c, field, msg := l.centre()
			if msg != "" {
				bad.add(n, field, "%s", msg)
			} else if _, dup := cat.centres[c.ID]; dup {
				bad.add(n, "id", "centre %q given twice", c.ID)
			} else {
				cat.centres[c.ID] = c
			}
		case *l.Kind == kindSession:
			s, field, msg := l.session(n)
			if msg != "" {
				bad.add(n, field, "%s", msg)
			} else {
				sessions = append(sessions, s)
			}
		default:
			bad.add(n, "kind", "%q is not %q or %q", *l.Kind, kindCentre, kindSession)
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			bad.add(n+1, "(line)", "longer than %d bytes", MaxLine)
		} else {
			return cat, fmt.Errorf("read the catalogue: %w", err)
		}
	}
	for _, s := range sessions {
		c, ok := cat.centres[s.centre]
		if !ok {
			bad.add(s.line, "centre", "no centre %q in the file", s.centre)
			continue
		}
		ss := Session{ID: SessionID(c, s.at), Centre: c, At: s.at, Places: s.places}
		if _, dup := cat.sessions[ss.ID]; dup {
			bad.add(s.line, "at", "a second session of centre %q at %s", c.ID, s.at)
			continue
		}
		cat.sessions[ss.ID] = ss
	}
	if len(bad.Lines) > 0 {
		sortLines(bad.Lines)
		return cat, bad
	}
	return cat, nil
}

// centre checks a centre line.
func (l catalogueLine) centre() (Centre, string, string) {
	switch {
	case l.Centre != nil || l.At != nil || l.Places != nil:
		return Centre{}, "(line)", "a centre has id, name, address and departement only"
	case l.ID == nil:
		return Centre{}, "id", "missing"
	case !isCentreID(*l.ID):
		return Centre{}, "id", fmt.Sprintf("%q is not 1 to 40 lower-case letters, digits and hyphens", *l.ID)
	case l.Name == nil || strings.TrimSpace(*l.Name) == "":
		return Centre{}, "name", "missing"
	case l.Address == nil || strings.TrimSpace(*l.Address) == "":
		return Centre{}, "address", "missing"
	case l.Departement == nil:
		return Centre{}, "departement", "missing"
	case !isDepartement(*l.Departement):
		return Centre{}, "departement", fmt.Sprintf("%q is not the code of a département (\"31\", \"2A\", \"974\")", *l.Departement)
	}
	return Centre{ID: *l.ID, Name: strings.TrimSpace(*l.Name), Address: strings.TrimSpace(*l.Address), Departement: *l.Departement}, "", ""
}

// session checks a session line.
func (l catalogueLine) session(n int) (sessionLine, string, string) {
	switch {
	case l.ID != nil || l.Name != nil || l.Address != nil || l.Departement != nil:
		return sessionLine{}, "(line)", "a session has centre, at and places only"
	case l.Centre == nil:
		return sessionLine{}, "centre", "missing"
	case l.At == nil:
		return sessionLine{}, "at", "missing"
	case l.Places == nil:
		return sessionLine{}, "places", "missing"
	case *l.Places < 0 || *l.Places > MaxPlaces:
		return sessionLine{}, "places", fmt.Sprintf("%d is not from 0 to %d", *l.Places, MaxPlaces)
	}
	return sessionLine{line: n, centre: *l.Centre, at: *l.At, places: *l.Places}, "", ""
}

// jsonMessage says which field of a line that does not decode is wrong,
// and how.
func jsonMessage(err error) (string, string) {
	var sem *jsonv2.SemanticError
	if errors.As(err, &sem) {
		field := strings.TrimPrefix(string(sem.JSONPointer), "/")
		if field == "" {
			field = "(line)"
		}
		switch {
		case errors.Is(sem.Err, jsonv2.ErrUnknownName):
			return field, "unknown field"
		case sem.Err != nil:
			return field, sem.Err.Error()
		}
		return field, "a value of the wrong type"
	}
	return "(line)", "not valid JSON: a cut or damaged line?"
}

// sortLines puts bad lines in file order.
func sortLines(ls []LineError) {
	slices.SortStableFunc(ls, func(a, b LineError) int { return a.Line - b.Line })
}
