package registry

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"mespoints/server/store"
)

// Export writes every record of st to w, one JSON line each, in NEPH
// order: an extract that Import reads back to the same records. It returns
// the number of records written.
func Export(w io.Writer, st *store.Store) (int, error) {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	n := 0
	err := st.ForEach(func(r store.Record) error {
		n++
		return enc.Encode(r)
	})
	if err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, nil
}
