package admin

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
)

// stallTimeout is how long a backup waits for a client that does not read:
// the copy's read transaction must not stay open for ever, since while it
// lasts the store cannot reuse the pages it sees.
const stallTimeout = 30 * time.Second

// backup is POST /backup: the store file as of one read transaction, with
// its exact size as Content-Length so that the client can tell a copy cut
// short. It is Store.Backup, in the same transaction as the size.
func (s *Server) backup(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	dw := &deadlineWriter{w: w, rc: http.NewResponseController(w)}
	var size, n int64
	err := s.store.View(func(tx *bolt.Tx) error {
		size = tx.Size()
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.FormatInt(size, 10))
		var err error
		n, err = tx.WriteTo(dw)
		return err
	})
	if err != nil {
		s.log.Error("admin: backup failed", "bytes", n, "size", size, "err", err)
		if !dw.wrote {
			w.Header().Del("Content-Length")
			http.Error(w, "backup failed: "+err.Error(), http.StatusInternalServerError)
			return
		}
		// The status is sent: cut the connection so that the client
		// sees a short body.
		panic(http.ErrAbortHandler)
	}
	s.log.Info("admin: backup sent", "bytes", n, "duration", time.Since(start).Round(time.Millisecond))
}

// deadlineWriter gives each write stallTimeout to complete.
type deadlineWriter struct {
	w     io.Writer
	rc    *http.ResponseController
	wrote bool
}

// Write writes p within stallTimeout.
func (d *deadlineWriter) Write(p []byte) (int, error) {
	if err := d.rc.SetWriteDeadline(time.Now().Add(stallTimeout)); err != nil {
		return 0, fmt.Errorf("write deadline: %w", err)
	}
	d.wrote = true
	return d.w.Write(p)
}
