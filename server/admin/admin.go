// Package admin is the local control channel of a running Mes points
// server: HTTP over a Unix domain socket, DIR/admin.sock, in the server's
// data folder. Through it `mespoints backup` gets a consistent copy of the
// store, `mespoints import` imports a registry extract and `mespoints
// audit` reads the audit log, while the server holds the files' locks.
//
// Only local users who may open the socket reach it: the socket is created
// with mode 0600, so the user the server runs as (and root) can connect,
// nobody else, and it lives in the data folder, which holds the store
// itself. There is no other authentication; whoever can connect could read
// the store file anyway.
//
// The protocol is plain HTTP/1.1:
//
//	POST /backup → 200, Content-Length: the store's size, and the bytes of a
//	               consistent copy of the store file (bbolt's Tx.WriteTo)
//	POST /import   body: a registry extract (JSON Lines), streamed
//	             → 200 {"added", "changed", "unchanged"}
//	             → 422 {"code": "extract_rejected", "message", "lines": [{"line", "field", "message"}], "more"}:
//	               nothing imported
//	             → 409 {"code": "import_running", "message"}: another import runs
//	GET /audit?neph=N&since=YYYY-MM-DD
//	             → 200, JSON Lines: the audit entries, oldest first
//
// Other packages add their routes with Handle (package signing: /keys/),
// and their clients call them with Do.
//
// Errors other than those are {"code", "message"} with status 4xx or 5xx.
package admin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"mespoints/server/store"
)

// SocketName is the name of the socket in the data folder.
const SocketName = "admin.sock"

// SocketPath returns the path of the admin socket of data folder dir.
func SocketPath(dir string) string { return filepath.Join(dir, SocketName) }

// Server answers on the admin socket of one data folder. Create it with
// Listen, run it with Serve, stop it with Close.
type Server struct {
	path  string
	ln    *net.UnixListener
	sock  os.FileInfo // the socket file Listen installed, to remove only it
	store *store.Store
	log   *slog.Logger
	http  *http.Server
	mux   *http.ServeMux

	// Import, if set before Serve, imports the extracts of POST /import
	// (registry.Import on the store); nil answers 501.
	Import ImportFunc
	// Audit, if set before Serve, answers GET /audit; nil answers 501.
	Audit AuditReader

	closeOnce sync.Once
	closeErr  error
}

// Listen creates the admin socket DIR/admin.sock for the open store st
// and listens on it; call Serve next. A socket file left by a server that
// stopped without removing it (killed, say) is replaced. If a live process
// answers on it, Listen fails. (Two servers never share a data folder in
// the first place: the second cannot open the store.)
func Listen(dir string, st *store.Store, log *slog.Logger) (*Server, error) {
	if st == nil {
		return nil, errors.New("admin: listen: no store")
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	path := SocketPath(dir)
	ln, sock, err := listen(path, log)
	if err != nil {
		return nil, fmt.Errorf("admin: listen on %s: %w", path, err)
	}
	mux := http.NewServeMux()
	s := &Server{path: path, ln: ln, sock: sock, store: st, log: log, mux: mux}
	mux.HandleFunc("POST /backup", s.backup)
	mux.HandleFunc("POST /import", s.importExtract)
	mux.HandleFunc("GET /audit", s.readAudit)
	s.http = &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return s, nil
}

// Path returns the path of the socket.
func (s *Server) Path() string { return s.path }

// Serve answers requests until ctx is done or Close is called, then
// closes the server (see Close). It returns nil after such a stop.
func (s *Server) Serve(ctx context.Context) error {
	stop := context.AfterFunc(ctx, func() { _ = s.Close() })
	defer stop()
	err := s.http.Serve(s.ln)
	// Close (also when it is what stopped Serve) returns once the socket
	// is removed.
	cerr := s.Close()
	if errors.Is(err, http.ErrServerClosed) {
		return cerr
	}
	return fmt.Errorf("admin: serve on %s: %w", s.path, err)
}

// Close stops listening, cuts the connections (a backup in progress ends
// with an error on the client's side, which then keeps no file) and
// removes the socket file. It does not close the store; a backup's read
// transaction ends as soon as its connection is cut, and Store.Close waits
// for it. Close may be called more than once.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		err := s.http.Close()
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		// Serve may never have run, so the listener may still be open.
		if cerr := s.ln.Close(); cerr != nil && !errors.Is(cerr, net.ErrClosed) && err == nil {
			err = cerr
		}
		if rerr := removeSocket(s.path, s.sock); rerr != nil && err == nil {
			err = rerr
		}
		if err != nil {
			s.closeErr = fmt.Errorf("admin: close %s: %w", s.path, err)
		}
	})
	return s.closeErr
}

// Handle adds a route of another package to the socket's protocol (the
// signing keys' /keys/ routes, say). Call it before Serve.
func (s *Server) Handle(pattern string, h http.Handler) {
	s.mux.Handle(pattern, h)
}
