package admin

import (
	"fmt"
	"net/http"
)

// Do sends req to the server running on data folder dir, through its
// admin socket (req's host is ignored), for the routes other packages add
// with Handle. The caller closes the answer's body. Errors wrap
// ErrNoServer when nobody answers, ErrDenied when the socket belongs to
// another user.
func Do(dir string, req *http.Request) (*http.Response, error) {
	path := SocketPath(dir)
	tr := transport(path, headerTimeout)
	req.URL.Scheme, req.URL.Host, req.Host = "http", "mespoints-admin", "mespoints-admin"
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		tr.CloseIdleConnections()
		return nil, fmt.Errorf("through %s: %w", path, dialError(err))
	}
	return resp, nil
}
