package cluster

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// RunCommand is `mespoints cluster`: it reads the flags, runs the cluster
// until SIGINT or SIGTERM, and returns the exit code.
func RunCommand(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("mespoints cluster", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o Options
	fs.StringVar(&o.Dir, "dir", "./cluster", "folder of the cluster's files: etcd's data, each node's data folder, the Caddyfile, the logs")
	fs.StringVar(&o.Web, "web", "./web", "folder of the static files and the built app.wasm")
	fs.IntVar(&o.Port, "port", DefaultPort, "port of the proxy, the one address to open; the nodes take the next ports, etcd those from +11")
	fs.IntVar(&o.Nodes, "nodes", 2, "how many app nodes")
	fs.IntVar(&o.Members, "members", 3, "how many etcd members (odd)")
	fs.StringVar(&o.Etcd, "etcd", "etcd", "etcd's program (Debian's etcd-server)")
	fs.StringVar(&o.Caddy, "caddy", "caddy", "Caddy's program (Debian's caddy)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: mespoints cluster [flags]")
		fmt.Fprintln(stderr, "\nRuns a development cluster on this machine, on loopback: etcd members, app nodes in -dev")
		fmt.Fprintln(stderr, "on them, and Caddy in front; prints the one address to open. Ctrl-C stops everything.")
		fmt.Fprintln(stderr)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "mespoints cluster: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	p, err := NewPlan(o)
	if err != nil {
		fmt.Fprintln(stderr, "mespoints cluster:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := Run(ctx, p, stdout); err != nil {
		fmt.Fprintln(stderr, "mespoints cluster:", err)
		return 1
	}
	return 0
}
