package httpd_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	wire "mespoints/api"
	"mespoints/points"
	"mespoints/server/auth"
	"mespoints/server/internal/testkit"
)

// process is the real mespoints binary serving in -dev on a data folder.
type process struct {
	cmd  *exec.Cmd
	base string

	mu   sync.Mutex
	logs strings.Builder
	done chan struct{}
}

// freeAddr returns a loopback address with a port free now: the server
// restarts on the same one, so that the sign-in provider keeps its issuer
// and theo his account.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// serve starts bin in -dev on addr and data, and waits until it serves.
func serve(t *testing.T, bin, addr, data, web string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(bin, "serve", "-dev", "-addr", addr, "-data", data, "-web", web), done: make(chan struct{})}
	stderr, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.kill() })
	serving := make(chan string, 1)
	go func() {
		defer close(p.done)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.logs.WriteString(line + "\n")
			p.mu.Unlock()
			if strings.Contains(line, "msg=serving") {
				for _, f := range strings.Fields(line) {
					if a, ok := strings.CutPrefix(f, "addr="); ok {
						serving <- a
					}
				}
			}
		}
	}()
	select {
	case a := <-serving:
		p.base = "http://" + a
	case <-p.done:
		t.Fatalf("the server stopped:\n%s", p.log())
	case <-time.After(2 * time.Minute):
		t.Fatalf("the server did not start:\n%s", p.log())
	}
	return p
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *process) kill() {
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Signal(syscall.SIGKILL)
		p.cmd.Wait()
	}
}

func (p *process) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.logs.String()
}

// signInTheo signs theo in at the embedded development provider.
func signInTheo(t *testing.T, base string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	return signInWith(t, &http.Client{Jar: jar}, base, "franceconnect", "theo", auth.PathLinked)
}

// examFile is GET /api/v1/exams.
func examFile(t *testing.T, c *http.Client, base string) wire.ExamFile {
	t.Helper()
	status, b, err := call(context.Background(), c, "GET", base+"/api/v1/exams", "")
	if err != nil || status != http.StatusOK {
		t.Fatalf("exams: %d %s %v", status, b, err)
	}
	var f wire.ExamFile
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

// A booking whose answer never came — the server killed with SIGKILL
// while it ran — is after the restart either wholly there (the booking in
// the candidate's file, the place taken) or not at all; a booking survives
// a kill right after its 201; and the start-up check finds the places
// consistent after every kill.
func TestABookingSurvivesKill9(t *testing.T) {
	bin := testkit.BuildServer(t)
	data, web := t.TempDir(), testkit.PlaceholderWeb(t)
	addr := freeAddr(t)
	p := serve(t, bin, addr, data, web)
	theo := signInTheo(t, p.base)
	paris, _ := time.LoadLocation("Europe/Paris")
	today := points.DateOf(time.Now().In(paris))
	book := func(id string) string {
		return `{"session":"` + id + `","accompanist":{"name":"Sophie Garnier","licence_since":"2001-06-20","dual_control":true}}`
	}
	// restart kills the server and starts it again on the same data.
	restart := func() {
		p.kill()
		p = serve(t, bin, addr, data, web)
		if !strings.Contains(p.log(), "exam places consistent") {
			t.Fatalf("the start-up check did not find the places consistent:\n%s", p.log())
		}
		theo = signInTheo(t, p.base)
	}

	// Sessions of 34 two weeks ahead or more: cancelling them is free.
	var l wire.ExamSessions
	if status, b, err := call(context.Background(), theo, "GET", p.base+"/api/v1/exams/sessions?departement=34&from="+today.AddDays(14).String(), ""); err != nil || status != http.StatusOK {
		t.Fatalf("sessions: %d %v", status, err)
	} else if err := json.Unmarshal(b, &l); err != nil {
		t.Fatal(err)
	}
	var open []wire.ExamSession
	for _, s := range l.Sessions {
		if s.Left > 0 {
			open = append(open, s)
		}
	}
	outcomes := map[bool]int{}
	for round, delay := range []time.Duration{0, 200 * time.Microsecond, time.Millisecond, 3 * time.Millisecond, 10 * time.Millisecond} {
		s := open[round]
		answered := make(chan int, 1)
		// The request goes to this server with this session: restart
		// replaces p and theo meanwhile.
		client, base := theo, p.base
		go func() {
			status, _, _ := call(context.Background(), client, "POST", base+"/api/v1/exams/bookings", book(s.ID))
			answered <- status
		}()
		time.Sleep(delay)
		restart()
		status := <-answered
		f := examFile(t, theo, p.base)
		left := placesLeft(t, theo, p.base, s.ID, today)
		there := f.Booking != nil && f.Booking.Session.ID == s.ID
		switch {
		case there && left != s.Left-1, !there && left != s.Left:
			t.Fatalf("round %d (killed after %v, answer %d): booking there = %v but %d places left of %d", round, delay, status, there, left, s.Left)
		case status == http.StatusCreated && !there:
			t.Fatalf("round %d: the booking was answered 201 and is gone", round)
		}
		outcomes[there]++
		if there {
			if status, b, err := call(context.Background(), theo, "DELETE", p.base+"/api/v1/exams/bookings/"+f.Booking.ID, ""); err != nil || status != http.StatusOK {
				t.Fatalf("cancel: %d %s %v", status, b, err)
			}
		}
	}
	t.Logf("bookings killed in flight: %d there after the restart, %d not", outcomes[true], outcomes[false])

	// The demo's last place: a 201, and at once SIGKILL.
	var last string
	for _, s := range sessionsOf(t, theo, p.base, "31", today) {
		if s.Left == 1 {
			last = s.ID
			break
		}
	}
	status, b, err := call(context.Background(), theo, "POST", p.base+"/api/v1/exams/bookings", book(last))
	if err != nil || status != http.StatusCreated {
		t.Fatalf("booking the last place %s: %d %s %v\n%s", last, status, b, err, p.log())
	}
	var booked wire.ExamBooking
	json.Unmarshal(b, &booked)
	restart()
	if f := examFile(t, theo, p.base); f.Booking == nil || f.Booking.ID != booked.ID {
		t.Fatalf("after kill -9, theo's booking is %+v, want %s", f.Booking, booked.ID)
	}
	if left := placesLeft(t, theo, p.base, last, today); left != 0 {
		t.Fatalf("after kill -9, the last place shows %d left", left)
	}
}

// sessionsOf lists the sessions of a département from tomorrow.
func sessionsOf(t *testing.T, c *http.Client, base, dep string, today points.Date) []wire.ExamSession {
	t.Helper()
	status, b, err := call(context.Background(), c, "GET", base+"/api/v1/exams/sessions?departement="+dep, "")
	if err != nil || status != http.StatusOK {
		t.Fatalf("sessions: %d %v", status, err)
	}
	var l wire.ExamSessions
	if err := json.Unmarshal(b, &l); err != nil {
		t.Fatal(err)
	}
	return l.Sessions
}
