package audit

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"iter"
	"strings"
	"time"

	"mespoints/server/admin"
	"mespoints/server/registry"
	"mespoints/server/store"
)

// dataDirs is the -data flag of mespoints audit, which may be repeated.
type dataDirs []string

// String lists the folders given (flag.Value).
func (d *dataDirs) String() string { return strings.Join(*d, ",") }

// Set adds a folder (flag.Value).
func (d *dataDirs) Set(v string) error { *d = append(*d, v); return nil }

// RunAudit is `mespoints audit [-data DIR]... [-neph N] [-since DATE]`: it
// writes the audit entries of one node or several (one -data per node's
// data folder), merged by time, oldest first, as JSON Lines — one entry
// a line: {"at", "node", "account", "provider", "neph", "action"}. A node
// whose server runs answers through its admin socket; the file of a
// stopped node is read directly. Exit status 0, 1 on failure, 2 for a
// usage error.
func RunAudit(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var dirs dataDirs
	fs.Var(&dirs, "data", "data folder of a node, holding "+FileName+"; repeat it to merge several nodes (default $"+registry.DataEnv+" or "+registry.DefaultData+")")
	neph := fs.String("neph", "", "only the entries of this dossier")
	since := fs.String("since", "", "only the entries from this day on, YYYY-MM-DD (00:00 UTC)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: mespoints audit [-data DIR]... [-neph N] [-since YYYY-MM-DD]")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return 2
	}
	if len(dirs) == 0 {
		dirs = dataDirs{registry.DataDir()}
	}
	var f Filter
	if *neph != "" {
		n, err := store.NormaliseNEPH(*neph)
		if err != nil {
			fmt.Fprintf(stderr, "mespoints audit: -neph: %v\n", err)
			return 2
		}
		f.NEPH = n
	}
	if *since != "" {
		t, err := time.Parse(time.DateOnly, *since)
		if err != nil {
			fmt.Fprintf(stderr, "mespoints audit: -since %q: not a date YYYY-MM-DD\n", *since)
			return 2
		}
		f.Since = t
	}
	var sources []iter.Seq2[Entry, error]
	for _, dir := range dirs {
		src, closeSrc, err := openSource(dir, f)
		if err != nil {
			fmt.Fprintf(stderr, "mespoints audit: %v\n", err)
			return 1
		}
		defer closeSrc()
		sources = append(sources, src)
	}
	w := bufio.NewWriter(stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for e, err := range merge(sources) {
		if err != nil {
			fmt.Fprintf(stderr, "mespoints audit: %v\n", err)
			return 1
		}
		if err := enc.Encode(e); err != nil {
			fmt.Fprintf(stderr, "mespoints audit: %v\n", err)
			return 1
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintf(stderr, "mespoints audit: %v\n", err)
		return 1
	}
	return 0
}

// openSource returns the entries of the node whose data folder is dir:
// from its file, or through its admin socket when its server holds it.
func openSource(dir string, f Filter) (iter.Seq2[Entry, error], func(), error) {
	r, err := OpenReader(dir)
	if err == nil {
		return r.Entries(f), func() { _ = r.Close() }, nil
	}
	if !errors.Is(err, ErrInUse) {
		return nil, nil, err
	}
	body, aerr := admin.Audit(dir, f.NEPH, f.Since)
	if errors.Is(aerr, admin.ErrNoServer) {
		return nil, nil, fmt.Errorf("%w, and no server answers on %s", err, admin.SocketPath(dir))
	}
	if aerr != nil {
		return nil, nil, aerr
	}
	return decodeLines(body), func() { _ = body.Close() }, nil
}

// decodeLines reads entries written as JSON Lines.
func decodeLines(r io.Reader) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		dec := json.NewDecoder(r)
		for {
			var e Entry
			err := dec.Decode(&e)
			if err == io.EOF {
				return
			}
			if err != nil {
				yield(Entry{}, fmt.Errorf("read the server's answer: %w", err))
				return
			}
			if !yield(e, nil) {
				return
			}
		}
	}
}

// merge merges sources, each oldest first, into one, oldest first.
func merge(sources []iter.Seq2[Entry, error]) iter.Seq2[Entry, error] {
	return func(yield func(Entry, error) bool) {
		type head struct {
			next func() (Entry, error, bool)
			e    Entry
			ok   bool
		}
		heads := make([]*head, len(sources))
		for i, s := range sources {
			next, stop := iter.Pull2(s)
			defer stop()
			h := &head{next: next}
			var err error
			h.e, err, h.ok = next()
			if err != nil {
				yield(Entry{}, err)
				return
			}
			heads[i] = h
		}
		for {
			var min *head
			for _, h := range heads {
				if h.ok && (min == nil || h.e.At.Before(min.e.At)) {
					min = h
				}
			}
			if min == nil {
				return
			}
			if !yield(min.e, nil) {
				return
			}
			var err error
			min.e, err, min.ok = min.next()
			if err != nil {
				yield(Entry{}, err)
				return
			}
		}
	}
}
