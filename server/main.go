// Command mespoints is the server side of Mes points. Its subcommands:
//
//	mespoints serve     serve the app (see mespoints serve -h)
//	mespoints simulate  run the points engine on one record (JSON on stdin)
//	mespoints import    load a registry extract (JSON Lines) into the store
//	mespoints export    write every record as JSON Lines
//	mespoints backup    write a consistent copy of the store
//	mespoints audit     read the audit log of one node or several
//	mespoints keys      list, rotate or retire the documents' signing keys
//	mespoints cluster   run a development cluster on this machine (make cluster)
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"mespoints/server/audit"
	"mespoints/server/cluster"
	"mespoints/server/config"
	"mespoints/server/httpd"
	"mespoints/server/registry"
	"mespoints/server/signing"
	"mespoints/server/simulate"
)

const usage = `Usage: mespoints COMMAND [flags]

Commands:
  serve     serve the app (mespoints serve -h lists the settings)
  simulate  run the points engine on one licence record read as JSON on standard input
  import    load a registry extract (JSON Lines) into the store (through the running server, if any)
  export    write every record of the store as JSON Lines
  backup    write a consistent copy of the store to a file
  audit     read the audit log (JSON Lines) of one node or several
  keys      list, rotate or retire the keys that sign the documents' codes
  cluster   run a development cluster on this machine: etcd, two nodes, Caddy in front (make cluster)
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(2)
	}
	switch cmd, args := os.Args[1], os.Args[2:]; cmd {
	case "serve":
		os.Exit(serve(args, os.Stderr))
	case "simulate":
		os.Exit(simulate.Run(os.Stdin, os.Stdout, os.Stderr))
	case "import":
		os.Exit(registry.RunImport(args, os.Stdout, os.Stderr))
	case "export":
		os.Exit(registry.RunExport(args, os.Stdout, os.Stderr))
	case "backup":
		os.Exit(registry.RunBackup(args, os.Stdout, os.Stderr))
	case "audit":
		os.Exit(audit.RunAudit(args, os.Stdout, os.Stderr))
	case "keys":
		os.Exit(signing.RunKeys(args, os.Stdout, os.Stderr))
	case "cluster":
		os.Exit(cluster.RunCommand(args, os.Stdout, os.Stderr))
	case "-h", "-help", "--help", "help":
		fmt.Fprint(os.Stdout, usage)
	default:
		fmt.Fprintf(os.Stderr, "mespoints: unknown command %q\n\n%s", cmd, usage)
		os.Exit(2)
	}
}

// serve runs the web server until SIGINT or SIGTERM.
func serve(args []string, stderr io.Writer) int {
	cfg, err := config.Parse(args, os.Getenv, stderr)
	if errors.Is(err, config.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "mespoints serve:", err)
		return 2
	}
	log := newLogger(cfg.Dev, stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv, err := httpd.New(cfg, log)
	if err != nil {
		log.Error("cannot start", "err", err)
		return 1
	}
	if err := srv.Serve(ctx); err != nil {
		log.Error("stopped with an error", "err", err)
		return 1
	}
	return 0
}

// newLogger writes text logs in development and JSON otherwise.
func newLogger(dev bool, w io.Writer) *slog.Logger {
	if dev {
		return slog.New(slog.NewTextHandler(w, nil))
	}
	return slog.New(slog.NewJSONHandler(w, nil))
}
