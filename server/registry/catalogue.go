package registry

import (
	"context"
	"fmt"
	"io"
	"time"

	"mespoints/points"
	"mespoints/server/booking"
	"mespoints/server/kv/boltkv"
)

// importCatalogue is RunImport of a catalogue of exam centres and
// sessions when no server runs: into the shared state of a single server,
// DATA/shared.db. (With etcd, a node runs: the catalogue goes through its
// admin socket.)
func importCatalogue(dir, file string, r io.Reader, stdout, stderr io.Writer) int {
	st, err := boltkv.Open(dir, boltkv.Options{PurgeEvery: -1})
	if err != nil {
		fmt.Fprintf(stderr, "mespoints import: %v\n", err)
		return 1
	}
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		st.Close()
		fmt.Fprintf(stderr, "mespoints import: %v\n", err)
		return 1
	}
	stats, err := booking.Import(context.Background(), st, r, points.DateOf(time.Now().In(paris)))
	if cerr := st.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(stderr, "mespoints import %s: %v\n", file, err)
		return 1
	}
	fmt.Fprintf(stdout, "imported exam catalogue %s: %d centres, %d sessions (%d added, %d changed, %d unchanged, %d removed)\n",
		file, stats.Centres, stats.Sessions, stats.Added, stats.Changed, stats.Unchanged, stats.Removed)
	return 0
}
