// Package cluster runs Mes points as a development cluster on one
// machine (`make cluster`, `mespoints cluster`): an etcd cluster of three
// members (Debian's etcd-server), two `mespoints serve -dev` nodes on it,
// each with its own data folder, and Caddy (Debian's caddy) in front of
// them on one address — every process on loopback, every file under one
// folder (./cluster). It is the same layout as a production cluster, in
// small: the nodes share their state through etcd and keep their own copy
// of the registry.
//
// The Plan says where everything goes (ports, folders, the arguments of
// each process); Run starts the processes in order, waits until each
// serves, and stops them all, in the reverse order, when its context ends.
package cluster

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// DefaultPort is the proxy's port by default; the nodes and the etcd
// members take the ports after it (see NewPlan).
const DefaultPort = 8100

// Options are what NewPlan builds a plan from.
type Options struct {
	// Dir is the folder of every file of the cluster (made if missing).
	Dir string
	// Web is the folder of the static files and the built app.wasm.
	Web string
	// Port is the proxy's port: node i (from 1) listens on Port+i, etcd
	// member i (from 1) on Port+10+i for clients and Port+20+i for peers.
	Port int
	// Nodes is how many app nodes (default 2), Members how many etcd
	// members (default 3).
	Nodes, Members int
	// Mespoints, Etcd and Caddy are the programs to run; defaults: this
	// program, and etcd and caddy from the PATH.
	Mespoints, Etcd, Caddy string
}

// Plan is where each process of a cluster listens and keeps its files,
// and the arguments it runs with.
type Plan struct {
	// Dir is the cluster's folder, absolute.
	Dir string
	// Web is the folder of the static files, absolute.
	Web string
	// Proxy is the address people open: Caddy's, host:port.
	Proxy string
	// Members are the etcd members.
	Members []Member
	// Nodes are the app nodes.
	Nodes []Node
	// Mespoints, Etcd and Caddy are the programs run.
	Mespoints, Etcd, Caddy string
}

// Member is one etcd member of a Plan.
type Member struct {
	// Name is the member's name (etcd-1, …).
	Name string
	// Client and Peer are its client and peer addresses, host:port.
	Client, Peer string
	// Data is its data folder.
	Data string
}

// Node is one app node of a Plan.
type Node struct {
	// Name is the node's name (node-1, …), also its name in the audit log.
	Name string
	// Addr is the address it listens on, host:port.
	Addr string
	// Data is its data folder: its own copy of the registry
	// (mespoints.db), its audit log, its admin socket.
	Data string
}

// host is where every process of the cluster listens: loopback only, as
// the nodes' development mode requires.
const host = "127.0.0.1"

// NewPlan builds the plan of o.
func NewPlan(o Options) (Plan, error) {
	if o.Dir == "" || o.Web == "" {
		return Plan{}, errors.New("cluster: a folder and a web folder are required")
	}
	if o.Port == 0 {
		o.Port = DefaultPort
	}
	if o.Nodes == 0 {
		o.Nodes = 2
	}
	if o.Members == 0 {
		o.Members = 3
	}
	if o.Nodes < 1 || o.Nodes > 9 || o.Members < 1 || o.Members > 9 || o.Members%2 == 0 {
		return Plan{}, fmt.Errorf("cluster: %d nodes and %d etcd members: 1 to 9 nodes and an odd number of members up to 9", o.Nodes, o.Members)
	}
	if o.Port < 1024 || o.Port+30 > 65535 {
		return Plan{}, fmt.Errorf("cluster: port %d: from 1024 to 65505 (the cluster takes the 30 ports after it)", o.Port)
	}
	dir, err := filepath.Abs(o.Dir)
	if err != nil {
		return Plan{}, fmt.Errorf("cluster: %w", err)
	}
	web, err := filepath.Abs(o.Web)
	if err != nil {
		return Plan{}, fmt.Errorf("cluster: %w", err)
	}
	p := Plan{Dir: dir, Web: web, Proxy: addr(o.Port), Mespoints: o.Mespoints, Etcd: o.Etcd, Caddy: o.Caddy}
	if p.Mespoints == "" {
		if p.Mespoints, err = os.Executable(); err != nil {
			return Plan{}, fmt.Errorf("cluster: this program's path: %w", err)
		}
	}
	if p.Etcd == "" {
		p.Etcd = "etcd"
	}
	if p.Caddy == "" {
		p.Caddy = "caddy"
	}
	for i := 1; i <= o.Members; i++ {
		name := "etcd-" + strconv.Itoa(i)
		p.Members = append(p.Members, Member{Name: name, Client: addr(o.Port + 10 + i), Peer: addr(o.Port + 20 + i),
			Data: filepath.Join(dir, "etcd", name)})
	}
	for i := 1; i <= o.Nodes; i++ {
		name := "node-" + strconv.Itoa(i)
		p.Nodes = append(p.Nodes, Node{Name: name, Addr: addr(o.Port + i), Data: filepath.Join(dir, name)})
	}
	return p, nil
}

func addr(port int) string { return host + ":" + strconv.Itoa(port) }

// URL is the one address to open: the proxy's.
func (p Plan) URL() string { return "http://" + p.Proxy }

// Endpoints are the etcd members' client addresses, as the nodes'
// -etcd-endpoints.
func (p Plan) Endpoints() string {
	var eps []string
	for _, m := range p.Members {
		eps = append(eps, "http://"+m.Client)
	}
	return strings.Join(eps, ",")
}

// EtcdPrefix is the prefix of the service's keys in the cluster's etcd.
const EtcdPrefix = "/mespoints/"

// NodeArgs are the arguments of `mespoints` for node n: serve in -dev on
// its address and data folder, behind the proxy's public address, on the
// etcd members, trusting the proxy's X-Forwarded-For.
func (p Plan) NodeArgs(n Node) []string {
	return []string{"serve", "-dev",
		"-addr", n.Addr, "-data", n.Data, "-web", p.Web, "-node", n.Name,
		"-public-url", p.URL(), "-client-ip-header", "X-Forwarded-For",
		"-etcd-endpoints", p.Endpoints(), "-etcd-prefix", EtcdPrefix,
	}
}

// EtcdArgs are the arguments of Debian's etcd (3.4) for member m: its
// addresses, the initial cluster (used once: a data folder that exists
// keeps the cluster it belongs to), warnings only, on standard error.
func (p Plan) EtcdArgs(m Member) []string {
	var initial []string
	for _, o := range p.Members {
		initial = append(initial, o.Name+"=http://"+o.Peer)
	}
	return []string{
		"--name", m.Name, "--data-dir", m.Data,
		"--listen-client-urls", "http://" + m.Client, "--advertise-client-urls", "http://" + m.Client,
		"--listen-peer-urls", "http://" + m.Peer, "--initial-advertise-peer-urls", "http://" + m.Peer,
		"--initial-cluster", strings.Join(initial, ","),
		"--initial-cluster-token", "mespoints-cluster", "--initial-cluster-state", "new",
		"--logger", "zap", "--log-outputs", "stderr", "--log-level", "warn",
	}
}

// CaddyArgs are the arguments of Caddy: run the Caddyfile of the plan.
func (p Plan) CaddyArgs() []string {
	return []string{"run", "--config", p.caddyfile(), "--adapter", "caddyfile"}
}

// caddyfile is where the Caddyfile is written.
func (p Plan) caddyfile() string { return filepath.Join(p.Dir, "Caddyfile") }

// planFile keeps, in the cluster's folder, the plan its etcd data was
// made with.
func (p Plan) planFile() string { return filepath.Join(p.Dir, "plan.json") }

// shape is what must not change between two runs on one folder: the etcd
// members' names and addresses, kept in their data.
func (p Plan) shape() []string {
	var s []string
	for _, m := range p.Members {
		s = append(s, m.Name+"="+m.Client+","+m.Peer)
	}
	return s
}

// checkFolder makes the cluster's folder, or checks that the one there
// was made for the same etcd members (a member's data folder keeps the
// addresses of the others).
func (p Plan) checkFolder() error {
	if err := os.MkdirAll(filepath.Join(p.Dir, "logs"), 0o700); err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	b, err := os.ReadFile(p.planFile())
	if errors.Is(err, os.ErrNotExist) {
		b, _ = json.Marshal(p.shape())
		if err := os.WriteFile(p.planFile(), b, 0o600); err != nil {
			return fmt.Errorf("cluster: %w", err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("cluster: %w", err)
	}
	var was []string
	if err := json.Unmarshal(b, &was); err != nil || strings.Join(was, " ") != strings.Join(p.shape(), " ") {
		return fmt.Errorf("cluster: %s was made with other etcd members (%s), not %s: remove the folder to start afresh, or use its port",
			p.Dir, strings.Join(was, " "), strings.Join(p.shape(), " "))
	}
	return nil
}
