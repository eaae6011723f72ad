package admin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"strings"
	"syscall"
	"time"
)

// Errors of Backup a caller can test for with errors.Is.
var (
	// ErrNoServer: no server answers on the admin socket (the socket file
	// is missing, or left by a server that stopped).
	ErrNoServer = errors.New("no running server answers on the admin socket")
	// ErrDenied: the socket is there but this user may not use it.
	ErrDenied = errors.New("permission denied on the admin socket")
)

// Client timeouts: to connect, and for the server to start sending.
const (
	dialTimeout   = 2 * time.Second
	headerTimeout = 30 * time.Second
)

// Backup asks the server running on data folder dir for a consistent copy
// of its store and writes it to w. It returns the number of bytes written,
// and an error if the copy is not complete: w then holds no usable store.
// Errors wrap ErrNoServer when nobody answers, ErrDenied when the socket
// belongs to another user.
func Backup(dir string, w io.Writer) (int64, error) {
	path := SocketPath(dir)
	tr := transport(path, headerTimeout)
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Post("http://mespoints-admin/backup", "", nil)
	if err != nil {
		return 0, fmt.Errorf("backup through %s: %w", path, dialError(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<10))
		return 0, fmt.Errorf("backup through %s: the server answered %s: %s", path, resp.Status, strings.TrimSpace(string(msg)))
	}
	if resp.ContentLength < 0 {
		return 0, fmt.Errorf("backup through %s: the server did not say the copy's size", path)
	}
	n, err := io.Copy(w, resp.Body)
	if err != nil {
		return n, fmt.Errorf("backup through %s: cut short after %d of %d bytes: %w", path, n, resp.ContentLength, err)
	}
	if n != resp.ContentLength {
		return n, fmt.Errorf("backup through %s: got %d bytes, the server announced %d", path, n, resp.ContentLength)
	}
	return n, nil
}

// transport speaks HTTP over the socket at path, waiting at most
// headerTimeout (0: as long as it takes) for the answer to begin.
func transport(path string, headerTimeout time.Duration) *http.Transport {
	return &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			d := net.Dialer{Timeout: dialTimeout}
			return d.DialContext(ctx, "unix", path)
		},
		ResponseHeaderTimeout: headerTimeout,
		DisableKeepAlives:     true,
		DisableCompression:    true,
	}
}

// dialError marks the errors of a socket nobody listens on as ErrNoServer,
// and of one this user may not use as ErrDenied.
func dialError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ECONNREFUSED):
		return fmt.Errorf("%w: %w", ErrNoServer, err)
	case errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%w: %w", ErrDenied, err)
	}
	return err
}
