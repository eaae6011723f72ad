package main

import (
	"bytes"
	"fmt"
	"net"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// throttle is a TCP proxy on loopback that stands for a mobile link in
// front of a server: every chunk of bytes waits half the round trip in
// each direction, and the bytes towards the browser share one download
// rate (those towards the server one upload rate), whatever the number of
// connections. It throttles everything the browser asks of the server —
// the page, its service worker and the worker that compiles app.wasm —
// where DevTools' network emulation reaches only the page's own requests.
type throttle struct {
	ln       net.Listener
	target   string
	halfRTT  time.Duration
	down, up *link
	// wasmRequests counts the requests for app.wasm that went through,
	// read from the requests' first line (HTTP/1.1 in clear on loopback).
	wasmRequests atomic.Int32
	// downBytes counts the bytes sent towards the browser.
	downBytes atomic.Int64
	wg        sync.WaitGroup
}

var debugLink = os.Getenv("DEBUG_LINK") != ""

// link is one direction's rate, shared by every connection.
type link struct {
	mu          sync.Mutex
	bytesPerSec float64
	free        time.Time // when the link is free again
}

// pass returns once n bytes have gone through the link after whatever
// other connections queued before.
func (l *link) pass(n int) {
	l.mu.Lock()
	start := time.Now()
	if l.free.After(start) {
		start = l.free
	}
	l.free = start.Add(time.Duration(float64(n) / l.bytesPerSec * float64(time.Second)))
	end := l.free
	l.mu.Unlock()
	time.Sleep(time.Until(end))
}

// startThrottle puts a throttled link in front of the server of rawURL
// and returns the URL to open through it.
func startThrottle(rawURL string, rtt time.Duration, downBps, upBps float64) (*throttle, string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, "", fmt.Errorf("throttle %s: %w", rawURL, err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, "", fmt.Errorf("throttle %s: %w", rawURL, err)
	}
	t := &throttle{ln: ln, target: u.Host, halfRTT: rtt / 2,
		down: &link{bytesPerSec: downBps}, up: &link{bytesPerSec: upBps}}
	t.wg.Add(1)
	go t.accept()
	u.Host = ln.Addr().String()
	return t, u.String(), nil
}

// close stops accepting and waits for the open connections to end.
func (t *throttle) close() {
	t.ln.Close()
	t.wg.Wait()
}

func (t *throttle) accept() {
	defer t.wg.Done()
	for {
		c, err := t.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", t.target)
		if err != nil {
			c.Close()
			continue
		}
		t.wg.Add(2)
		go t.pipe(s, c, t.up, true)
		go t.pipe(c, s, t.down, false)
	}
}

// chunk is bytes read from one side, due on the other at due.
type chunk struct {
	b   []byte
	due time.Time
}

// pipe copies src to dst through l, each chunk delayed by half the round
// trip; the reading side keeps reading meanwhile, as a real link keeps
// receiving while bytes are in flight.
func (t *throttle) pipe(dst, src net.Conn, l *link, upstream bool) {
	defer t.wg.Done()
	chunks := make(chan chunk, 4096)
	go func() {
		defer close(chunks)
		for {
			buf := make([]byte, 16<<10)
			n, err := src.Read(buf)
			if n > 0 {
				if upstream {
					t.wasmRequests.Add(int32(bytes.Count(buf[:n], []byte("GET /web/app.wasm "))))
					if debugLink {
						line, _, _ := bytes.Cut(buf[:n], []byte("\r\n"))
						fmt.Fprintf(os.Stderr, "%s %s\n", time.Now().Format("05.000"), line)
					}
				}
				chunks <- chunk{b: buf[:n], due: time.Now().Add(t.halfRTT)}
			}
			if err != nil {
				return
			}
		}
	}()
	for c := range chunks {
		time.Sleep(time.Until(c.due))
		l.pass(len(c.b))
		if !upstream {
			t.downBytes.Add(int64(len(c.b)))
		}
		if _, err := dst.Write(c.b); err != nil {
			break
		}
	}
	// One side is done (or a write failed): close both connections, as a
	// link that went down would, and let the reader end.
	dst.Close()
	src.Close()
	for range chunks {
	}
}
