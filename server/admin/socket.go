package admin

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// maxSocketPath is the longest socket path every Unix accepts (the
// sockaddr_un path holds 104 bytes on the BSDs and macOS, 108 on Linux,
// the final NUL included).
const maxSocketPath = 103

// probeTimeout is how long Listen waits for an answer on an existing
// socket file before deciding whether it is stale.
const probeTimeout = time.Second

// listen makes the socket at path, mode 0600 from the start: it binds it in
// a private folder (mode 0700) beside path, sets its mode, then renames it
// to path, which also replaces a stale socket in one step. It returns the
// listener and the socket file's identity.
func listen(path string, log *slog.Logger) (*net.UnixListener, os.FileInfo, error) {
	if err := checkExisting(path); err != nil {
		return nil, nil, err
	}
	private, err := os.MkdirTemp(filepath.Dir(path), ".adm")
	if err != nil {
		return nil, nil, fmt.Errorf("private folder for the socket: %w", err)
	}
	defer os.RemoveAll(private)
	tmp := filepath.Join(private, "s")
	if len(tmp) > maxSocketPath {
		return nil, nil, fmt.Errorf("the data folder's path is too long for a Unix socket (%d bytes, at most %d): use a shorter -data path", len(tmp), maxSocketPath)
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: tmp, Net: "unix"})
	if err != nil {
		return nil, nil, err
	}
	// The listener would unlink tmp at Close; Close removes path instead.
	ln.SetUnlinkOnClose(false)
	fail := func(err error) (*net.UnixListener, os.FileInfo, error) {
		_ = ln.Close()
		return nil, nil, err
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return fail(fmt.Errorf("socket mode: %w", err))
	}
	if _, err := os.Lstat(path); err == nil {
		log.Warn("admin: replacing a stale socket left by a server that did not stop cleanly", "path", path)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fail(fmt.Errorf("install the socket: %w", err))
	}
	info, err := os.Lstat(path)
	if err != nil {
		return fail(fmt.Errorf("installed socket: %w", err))
	}
	return ln, info, nil
}

// checkExisting returns nil when path does not exist or is a stale socket
// (nobody answers on it), and an error when it is something else or a live
// process answers on it.
func checkExisting(path string) error {
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if info.Mode().Type() != fs.ModeSocket {
		return fmt.Errorf("%s exists and is not a socket: move it away", path)
	}
	conn, err := net.DialTimeout("unix", path, probeTimeout)
	if err == nil {
		_ = conn.Close()
		return errors.New("another process answers on this socket: is a server already running with this data folder?")
	}
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, fs.ErrNotExist) {
		return nil // stale (or just gone): listen replaces it
	}
	return fmt.Errorf("check the existing socket: %w", err)
}

// removeSocket removes path if it is still the socket sock; one that
// another server has put there since is left alone.
func removeSocket(path string, sock os.FileInfo) error {
	info, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !os.SameFile(info, sock) {
		return nil
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
