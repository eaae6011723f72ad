package cluster

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"time"
)

// readyTimeout is how long Start waits for one process to serve.
const readyTimeout = 2 * time.Minute

// Running is a started cluster.
type Running struct {
	plan Plan
	out  io.Writer

	mu    sync.Mutex
	procs map[string]*process
	order []string // start order; stopped in reverse
	watch sync.WaitGroup
	quit  chan struct{}
}

// Run starts the cluster of p, prints the address to open on out, and
// serves until ctx ends (Ctrl-C), then stops everything: the proxy, the
// nodes (they finish their requests), the etcd members.
func Run(ctx context.Context, p Plan, out io.Writer) error {
	r, err := Start(p, out)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\nMes points (cluster of %d nodes on %d etcd members): %s\n", len(p.Nodes), len(p.Members), p.URL())
	fmt.Fprintf(out, "  nodes %s, etcd %s; logs in %s\n", strings.Join(r.nodeAddrs(), " "), p.Endpoints(), p.Dir+"/logs")
	fmt.Fprintf(out, "  Ctrl-C stops everything (the data stays in %s)\n", p.Dir)
	<-ctx.Done()
	fmt.Fprintln(out, "\ncluster: stopping")
	r.Stop()
	fmt.Fprintln(out, "cluster: stopped")
	return nil
}

// Start starts the cluster of p and returns when the proxy serves: the
// etcd members all at once (they elect a leader together), then each
// node in turn (the first seeds the shared state with the demo's exam
// catalogue; each seeds its own store with the demo's dossiers), then the
// proxy. Processes left by a run whose launcher was killed are stopped
// first. On an error, what was started is stopped.
func Start(p Plan, out io.Writer) (*Running, error) {
	if err := p.checkFolder(); err != nil {
		return nil, err
	}
	if err := p.stopLeftovers(); err != nil {
		return nil, err
	}
	for _, prog := range []string{p.Etcd, p.Caddy, p.Mespoints} {
		if _, err := exec.LookPath(prog); err != nil {
			return nil, fmt.Errorf("cluster: %s not found (make cluster installs Debian's etcd-server and caddy): %w", prog, err)
		}
	}
	r := &Running{plan: p, out: out, procs: map[string]*process{}, quit: make(chan struct{})}
	fail := func(err error) (*Running, error) {
		r.Stop()
		return nil, err
	}
	etcdEnv := withoutPrefix(os.Environ(), "ETCD_") // flags and ETCD_* variables may not both be set
	for _, m := range p.Members {
		if err := os.MkdirAll(m.Data, 0o700); err != nil {
			return fail(fmt.Errorf("cluster: %w", err))
		}
		if err := r.add(m.Name, p.Etcd, p.EtcdArgs(m), etcdEnv); err != nil {
			return fail(err)
		}
	}
	fmt.Fprintf(out, "cluster: %d etcd members started (%s)\n", len(p.Members), p.Endpoints())
	for _, n := range p.Nodes {
		if err := r.add(n.Name, p.Mespoints, p.NodeArgs(n), os.Environ()); err != nil {
			return fail(err)
		}
		if err := r.waitHealthy(n.Name, "http://"+n.Addr+"/healthz"); err != nil {
			return fail(err)
		}
		fmt.Fprintf(out, "cluster: %s serves on http://%s\n", n.Name, n.Addr)
	}
	if err := p.writeCaddyfile(); err != nil {
		return fail(err)
	}
	if err := r.add("caddy", p.Caddy, p.CaddyArgs(), p.caddyEnv()); err != nil {
		return fail(err)
	}
	if err := r.waitHealthy("caddy", p.URL()+"/healthz"); err != nil {
		return fail(err)
	}
	return r, nil
}

// add starts a process and watches it: a process that stops by itself is
// reported on out; the others go on.
func (r *Running) add(name, program string, args, env []string) error {
	pr, err := r.plan.start(name, program, args, env)
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.procs[name] = pr
	r.order = append(r.order, name)
	r.mu.Unlock()
	r.watch.Go(func() {
		select {
		case <-pr.done:
			fmt.Fprintf(r.out, "cluster: %s stopped (%v); the others go on — its log: %s/logs/%s.log\n", name, pr.err, r.plan.Dir, name)
		case <-r.quit:
		}
	})
	return nil
}

// waitHealthy waits until url answers 200, while process name runs.
func (r *Running) waitHealthy(name, url string) error {
	r.mu.Lock()
	pr := r.procs[name]
	r.mu.Unlock()
	client := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(readyTimeout)
	for {
		res, err := client.Get(url)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		if !pr.running() {
			return fmt.Errorf("cluster: %s stopped at start (%v); the end of its log:\n%s", name, pr.err, r.plan.logTail(name))
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("cluster: %s does not answer 200 at %s after %v; the end of its log:\n%s", name, url, readyTimeout, r.plan.logTail(name))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Kill kills process name (node-1, etcd-2, caddy…) with SIGKILL, as a
// crash: for trying what the others do then.
func (r *Running) Kill(name string) error {
	r.mu.Lock()
	pr := r.procs[name]
	r.mu.Unlock()
	if pr == nil {
		return fmt.Errorf("cluster: no process %s", name)
	}
	pr.kill()
	return nil
}

// Stop stops every process, the last started first: the proxy, the
// nodes, the etcd members one after the other (stopped all at once, the
// leader would try for seconds to hand its leadership over to members
// that are stopping too).
func (r *Running) Stop() {
	select {
	case <-r.quit:
		return
	default:
	}
	close(r.quit)
	r.watch.Wait()
	r.mu.Lock()
	order := slices.Clone(r.order)
	procs := r.procs
	r.mu.Unlock()
	for _, name := range slices.Backward(order) {
		procs[name].stop()
	}
}

// nodeAddrs are the nodes' own addresses, to reach one node alone.
func (r *Running) nodeAddrs() []string {
	var out []string
	for _, n := range r.plan.Nodes {
		out = append(out, "http://"+n.Addr)
	}
	return out
}

// withoutPrefix returns env without the variables whose name starts with
// prefix.
func withoutPrefix(env []string, prefix string) []string {
	return slices.DeleteFunc(slices.Clone(env), func(kv string) bool { return strings.HasPrefix(kv, prefix) })
}
