package admin

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// Audit asks the server running on data folder dir for its audit entries
// about the dossier neph (all when empty) since since (all when zero). It
// returns the answer's body, JSON Lines oldest first, which the caller
// closes. Errors wrap ErrNoServer or ErrDenied as Backup's do.
func Audit(dir, neph string, since time.Time) (io.ReadCloser, error) {
	path := SocketPath(dir)
	tr := transport(path, headerTimeout)
	q := url.Values{}
	if neph != "" {
		q.Set("neph", neph)
	}
	if !since.IsZero() {
		q.Set("since", since.Format(time.DateOnly))
	}
	resp, err := (&http.Client{Transport: tr}).Get("http://mespoints-admin/audit?" + q.Encode())
	if err != nil {
		tr.CloseIdleConnections()
		return nil, fmt.Errorf("audit through %s: %w", path, dialError(err))
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		defer tr.CloseIdleConnections()
		var e apiError
		if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&e); err != nil {
			return nil, fmt.Errorf("audit through %s: the server answered %s", path, resp.Status)
		}
		return nil, fmt.Errorf("audit through %s: the server answered %s: %s", path, resp.Status, e.Message)
	}
	return resp.Body, nil
}
