package main

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"time"

	"mespoints/server/auth"
	"mespoints/server/config"
	"mespoints/server/devidp"
	"mespoints/server/httpd"
)

// appServer is the real Mes points server, in this process, in development
// mode (demo dossiers, embedded sign-in provider), with a signed-in
// session.
type appServer struct {
	url string
	// cookie is the session cookie ("name=value") of a demo persona whose
	// account is linked to a dossier.
	cookie string
	dir    string
	cancel context.CancelFunc
	done   chan error
}

// persona is the demo person the API and /solde are measured as.
const persona = "camille"

// startApp starts the server on a free loopback port with a fresh data
// folder and signs in.
func startApp(web string) (*appServer, error) {
	dir, err := os.MkdirTemp("", "mespoints-bench-")
	if err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	cfg := config.Config{Addr: "127.0.0.1:0", Data: dir, Web: web, Dev: true}
	srv, err := httpd.New(cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("start Mes points (make build first): %w", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	a := &appServer{url: "http://" + srv.Addr, dir: dir, cancel: cancel, done: make(chan error, 1)}
	go func() { a.done <- srv.Serve(ctx) }()
	if a.cookie, err = signIn(a.url, persona); err != nil {
		a.stop()
		return nil, err
	}
	return a, nil
}

func (a *appServer) stop() {
	a.cancel()
	select {
	case <-a.done:
	case <-time.After(20 * time.Second):
	}
	os.RemoveAll(a.dir)
}

// signIn signs in as login with FranceConnect (which links the dossier by
// the identity pivot), through the embedded
// provider's login page, and returns the session cookie.
func signIn(base, login string) (string, error) {
	jar, err := cookiejar.New(nil)
	if err != nil {
		return "", err
	}
	c := &http.Client{Jar: jar, Timeout: 30 * time.Second}
	res, _, err := devidp.SignIn(context.Background(), c, base+"/auth/franceconnect/login", login)
	if err != nil {
		return "", err
	}
	if res.Request.URL.Path != auth.PathLinked {
		return "", fmt.Errorf("sign-in as %s ended on %s (%d), not on the balance", login, res.Request.URL.Path, res.StatusCode)
	}
	u, _ := url.Parse(base)
	for _, ck := range jar.Cookies(u) {
		if strings.HasSuffix(ck.Name, "mespoints-session") {
			return ck.Name + "=" + ck.Value, nil
		}
	}
	return "", fmt.Errorf("sign-in as %s: no session cookie", login)
}

// helloServer is go-app's hello world, in its own process (go-app's
// routes are global to a process).
type helloServer struct {
	url string
	cmd *exec.Cmd
}

func startHello(bin, wasmDir, web string) (*helloServer, error) {
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-wasm", wasmDir, "-web", web)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the hello world (make bench builds %s): %w", bin, err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, fmt.Errorf("the hello world did not start: %w", err)
	}
	return &helloServer{url: strings.TrimSpace(line), cmd: cmd}, nil
}

func (h *helloServer) stop() {
	h.cmd.Process.Kill()
	h.cmd.Wait()
}
