package audit_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"mespoints/server/admin"
	"mespoints/server/audit"
	"mespoints/server/store"
)

// childEnv makes the test binary a server that records audit entries in
// $MESPOINTS_AUDIT_CHILD: one, then, 5 FlushEvery later, "ready" and
// another, until it is killed.
const childEnv = "MESPOINTS_AUDIT_CHILD"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		l, err := audit.Open(dir, audit.Options{Node: "child"})
		if err != nil {
			os.Exit(1)
		}
		l.Record(audit.Entry{Account: "a", Provider: "usager", NEPH: "123456789012", Action: "before"})
		time.Sleep(5 * audit.DefaultFlushEvery)
		l.Record(audit.Entry{Account: "a", Provider: "usager", NEPH: "123456789012", Action: "last"})
		os.Stdout.WriteString("ready\n")
		select {}
	}
	os.Exit(m.Run())
}

// A server killed (SIGKILL) loses at most the entries of its last
// FlushEvery: one recorded 5 FlushEvery before the kill is on disk.
func TestAKilledServerKeepsAllButTheLastEntries(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(out).ReadString('\n')
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if line != "ready\n" {
		t.Fatalf("child said %q", line)
	}
	r, err := audit.OpenReader(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var actions []string
	for e, err := range r.Entries(audit.Filter{}) {
		if err != nil {
			t.Fatal(err)
		}
		actions = append(actions, e.Action)
	}
	if len(actions) == 0 || actions[0] != "before" {
		t.Fatalf("after the kill: %q, want the entry recorded before the last FlushEvery", actions)
	}
}

func runAudit(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := audit.RunAudit(args, &out, &errb)
	return code, out.String(), errb.String()
}

// mespoints audit merges the logs of two nodes by time: one whose server
// runs (read through its admin socket), one stopped (its file read).
func TestAuditCommandMergesNodes(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	running, stopped := t.TempDir(), t.TempDir()
	b, err := audit.Open(stopped, audit.Options{Node: "node-b"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		b.Record(audit.Entry{At: t0.Add(time.Duration(2*i+1) * time.Hour), Account: "b", Provider: "usager", NEPH: "123456789012", Action: "GET /api/v1/points"})
	}
	b.Close()
	a := open(t, running, audit.Options{Node: "node-a"})
	for i := range 5 {
		neph := "123456789012"
		if i == 4 {
			neph = "999999999999"
		}
		a.Record(audit.Entry{At: t0.Add(time.Duration(2*i) * time.Hour), Account: "a", Provider: "franceconnect", NEPH: neph, Action: "GET /api/v1/history"})
	}
	st, err := store.Open(running, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	srv, err := admin.Listen(running, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv.Audit = a
	served := make(chan error, 1)
	go func() { served <- srv.Serve(t.Context()) }()
	t.Cleanup(func() { srv.Close(); <-served })

	decode := func(out string) []audit.Entry {
		var es []audit.Entry
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			var e audit.Entry
			if err := json.Unmarshal([]byte(l), &e); err != nil {
				t.Fatalf("line %q: %v", l, err)
			}
			es = append(es, e)
		}
		return es
	}
	code, out, errs := runAudit("-data", running, "-data", stopped)
	es := decode(out)
	if code != 0 || len(es) != 10 {
		t.Fatalf("exit %d, %d entries, stderr %q", code, len(es), errs)
	}
	for i, e := range es {
		want := "node-a"
		if i%2 == 1 {
			want = "node-b"
		}
		if e.Node != want || !e.At.Equal(t0.Add(time.Duration(i)*time.Hour)) {
			t.Fatalf("entry %d: %+v, want %s at %v", i, e, want, t0.Add(time.Duration(i)*time.Hour))
		}
	}
	code, out, _ = runAudit("-data", running, "-data", stopped, "-neph", "1234 5678 9012", "-since", "2026-03-01")
	if es := decode(out); code != 0 || len(es) != 9 {
		t.Fatalf("-neph: exit %d, %d entries, want 9", code, len(es))
	}
	code, out, _ = runAudit("-data", stopped, "-since", "2026-03-02")
	if code != 0 || out != "" {
		t.Fatalf("-since after every entry: exit %d, %q", code, out)
	}
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"-data", running, "-since", "01/03/2026"}, 2, "not a date YYYY-MM-DD"},
		{[]string{"-data", running, "-neph", "12-34"}, 2, "-neph: "},
		{[]string{"-data", t.TempDir()}, 1, "audit log not found"},
		{[]string{"-data", running, "extra"}, 2, "usage: mespoints audit"},
	} {
		code, _, errs := runAudit(tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.err) {
			t.Errorf("%q: exit %d, stderr %q; want %d, %q", tc.args, code, errs, tc.code, tc.err)
		}
	}
}
