package admin

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"mespoints/server/store"
)

// ImportFunc imports an extract read from r into the server's store, all
// of it or nothing: registry.Import. The error of an extract rejected
// whole implements Rejection.
type ImportFunc func(r io.Reader) (store.ImportStats, error)

// Rejection is the error of an extract rejected whole, which lists its
// bad lines.
type Rejection interface {
	error
	// BadLines returns the first bad lines, and how many more there were.
	BadLines() ([]BadLine, int)
}

// BadLine is a bad line of an extract, as POST /import reports it.
type BadLine struct {
	// Line is the line number, from 1.
	Line int `json:"line"`
	// Field is the JSON path of the field at fault, if known.
	Field string `json:"field,omitempty"`
	// Message says what is wrong.
	Message string `json:"message"`
}

// String is the line as an import's error lists it: "line 3: field:
// message".
func (l BadLine) String() string {
	if l.Field == "" {
		return fmt.Sprintf("line %d: %s", l.Line, l.Message)
	}
	return fmt.Sprintf("line %d: %s: %s", l.Line, l.Field, l.Message)
}

// RejectedText is the message of a file rejected whole: what was rejected
// ("extract", "catalogue") and how many bad lines it had, then the lines
// listed, one a line, and how many more there were.
func RejectedText(what string, lines []string, more int) string {
	var b strings.Builder
	n := len(lines) + more
	fmt.Fprintf(&b, "%s rejected, nothing imported: %d bad line", what, n)
	if n > 1 {
		b.WriteString("s")
	}
	for _, l := range lines {
		b.WriteString("\n  " + l)
	}
	if more > 0 {
		fmt.Fprintf(&b, "\n  … and %d more", more)
	}
	return b.String()
}

// apiError is the body of an error answer.
type apiError struct {
	Code    string    `json:"code"`
	Message string    `json:"message"`
	Lines   []BadLine `json:"lines,omitempty"`
	More    int       `json:"more,omitempty"`
}

// importExtract is POST /import: the body is the extract, streamed into
// the import. The answer is the stats, or the bad lines with nothing
// changed. Reading the body may take as long as it needs, as long as
// bytes keep coming (stallTimeout between reads).
func (s *Server) importExtract(w http.ResponseWriter, r *http.Request) {
	if s.Import == nil {
		writeJSON(w, http.StatusNotImplemented, apiError{Code: "not_available", Message: "this server does not import"})
		return
	}
	start := time.Now()
	body := &deadlineReader{r: r.Body, rc: http.NewResponseController(w)}
	stats, err := s.Import(body)
	var rej Rejection
	switch {
	case errors.Is(err, store.ErrImportRunning):
		writeJSON(w, http.StatusConflict, apiError{Code: "import_running", Message: err.Error()})
	case errors.As(err, &rej):
		lines, more := rej.BadLines()
		// The lines may quote the extract: they go to the operator, not
		// to the log.
		s.log.Info("admin: extract rejected, nothing imported", "bad_lines", len(lines)+more)
		writeJSON(w, http.StatusUnprocessableEntity, apiError{Code: "extract_rejected", Message: "extract rejected, nothing imported", Lines: lines, More: more})
	case err != nil:
		s.log.Error("admin: import failed, nothing imported", "err", err)
		writeJSON(w, http.StatusInternalServerError, apiError{Code: "import_failed", Message: err.Error()})
	default:
		s.log.Info("admin: extract imported", "added", stats.Added, "changed", stats.Changed, "unchanged", stats.Unchanged,
			"duration", time.Since(start).Round(time.Millisecond))
		writeJSON(w, http.StatusOK, stats)
	}
}

// writeJSON writes v as the JSON answer with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if err := json.NewEncoder(w).Encode(v); err != nil {
		panic(http.ErrAbortHandler)
	}
}

// deadlineReader gives each read of a request body stallTimeout, instead
// of the server's ReadTimeout for the whole request.
type deadlineReader struct {
	r  io.Reader
	rc *http.ResponseController
}

// Read reads within stallTimeout.
func (d *deadlineReader) Read(p []byte) (int, error) {
	if err := d.rc.SetReadDeadline(time.Now().Add(stallTimeout)); err != nil {
		return 0, fmt.Errorf("read deadline: %w", err)
	}
	return d.r.Read(p)
}
