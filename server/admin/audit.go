package admin

import (
	"io"
	"net/http"
	"time"

	"mespoints/server/store"
)

// AuditReader writes the entries of the server's audit log about the
// dossier neph (all when empty) since since (all when zero) as JSON Lines,
// oldest first: audit.Log.
type AuditReader interface {
	WriteAudit(w io.Writer, neph string, since time.Time) error
}

// readAudit is GET /audit?neph=N&since=YYYY-MM-DD: the audit entries as
// JSON Lines.
func (s *Server) readAudit(w http.ResponseWriter, r *http.Request) {
	if s.Audit == nil {
		writeJSON(w, http.StatusNotImplemented, apiError{Code: "not_available", Message: "this server keeps no audit log"})
		return
	}
	q := r.URL.Query()
	neph := q.Get("neph")
	if neph != "" {
		n, err := store.NormaliseNEPH(neph)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, apiError{Code: "invalid_request", Message: "neph: " + err.Error()})
			return
		}
		neph = n
	}
	var since time.Time
	if v := q.Get("since"); v != "" {
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			writeJSON(w, http.StatusBadRequest, apiError{Code: "invalid_request", Message: "since: not a date YYYY-MM-DD"})
			return
		}
		since = t
	}
	w.Header().Set("Content-Type", "application/jsonl")
	dw := &deadlineWriter{w: w, rc: http.NewResponseController(w)}
	if err := s.Audit.WriteAudit(dw, neph, since); err != nil {
		s.log.Error("admin: audit read failed", "err", err)
		if !dw.wrote {
			writeJSON(w, http.StatusInternalServerError, apiError{Code: "audit_failed", Message: err.Error()})
			return
		}
		panic(http.ErrAbortHandler) // the client sees a cut answer
	}
}
