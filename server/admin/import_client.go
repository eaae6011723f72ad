package admin

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"mespoints/server/store"
)

// RejectedError is an extract the server rejected whole: nothing was
// imported. It lists the bad lines as the server gave them.
type RejectedError struct {
	// Lines are the first bad lines, in file order.
	Lines []BadLine
	// More is how many bad lines there were beyond those listed.
	More int
}

// Error lists the bad lines, one a line after a summary, as
// registry.ImportError does.
func (e *RejectedError) Error() string {
	lines := make([]string, len(e.Lines))
	for i, l := range e.Lines {
		lines[i] = l.String()
	}
	return RejectedText("extract", lines, e.More)
}

// BadLines returns the bad lines and how many more there were.
func (e *RejectedError) BadLines() ([]BadLine, int) { return e.Lines, e.More }

// Import sends the extract r (size bytes, or -1 if unknown) to the server
// running on data folder dir, which imports it whole or not at all, and
// returns what changed. Errors wrap ErrNoServer or ErrDenied as Backup's
// do, store.ErrImportRunning when another import runs, or are a
// *RejectedError listing the bad lines.
func Import(dir string, r io.Reader, size int64) (store.ImportStats, error) {
	path := SocketPath(dir)
	// The answer comes once the import is done, which takes as long as
	// the extract needs.
	tr := transport(path, 0)
	defer tr.CloseIdleConnections()
	req, err := http.NewRequest(http.MethodPost, "http://mespoints-admin/import", r)
	if err != nil {
		return store.ImportStats{}, fmt.Errorf("import through %s: %w", path, err)
	}
	req.ContentLength = size
	req.Header.Set("Content-Type", "application/jsonl")
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return store.ImportStats{}, fmt.Errorf("import through %s: %w", path, dialError(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		var stats store.ImportStats
		if err := json.NewDecoder(resp.Body).Decode(&stats); err != nil {
			return stats, fmt.Errorf("import through %s: the server's answer: %w", path, err)
		}
		return stats, nil
	}
	var e apiError
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&e); err != nil {
		return store.ImportStats{}, fmt.Errorf("import through %s: the server answered %s", path, resp.Status)
	}
	switch e.Code {
	case "extract_rejected":
		return store.ImportStats{}, &RejectedError{Lines: e.Lines, More: e.More}
	case "import_running":
		return store.ImportStats{}, fmt.Errorf("import through %s: %w", path, store.ErrImportRunning)
	}
	return store.ImportStats{}, fmt.Errorf("import through %s: the server answered %s: %s", path, resp.Status, e.Message)
}
