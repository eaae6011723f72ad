package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// ImportStats counts what an import did.
type ImportStats struct {
	// Added is the number of new dossiers.
	Added int `json:"added"`
	// Changed is the number of dossiers whose content changed.
	Changed int `json:"changed"`
	// Unchanged is the number of dossiers left as they were, Updated date
	// included.
	Unchanged int `json:"unchanged"`
}

// ErrImportRunning is returned by BeginImport while another import runs
// on the same store.
var ErrImportRunning = errors.New("another import is running: wait for it to end")

// Import is an import in progress: records are added one by one, then
// either all put in place by Commit or all dropped by Abort.
//
// Commit writes a new store file beside the live one, in a temporary
// folder: the records of the live file that the import does not name, and
// the import's (a record equal but for its Updated date stays as it was),
// in NEPH order, with the holders index rebuilt. The file is compact by
// construction. It is synced, the sign-in's buckets are copied into it
// from the live file (Update waits meanwhile), then it is renamed over
// mespoints.db and the Store switches to it: a read that began before
// finishes on the old file, every later one reads the new one. A crash at
// any point leaves the old file or the new one, never a mix, and the next
// Open removes the temporary folder.
//
// Records added are kept sorted on disk in the temporary folder (see
// sorter), so that memory does not grow with the size of the import.
type Import struct {
	s    *Store
	dir  string
	recs *sorter
	key  []byte // the key of the record added last
	done bool
	// Progress, if set, is called as the import goes: "reading" every
	// progressEvery records added, "writing" with the records written
	// to the new file so far, then "copying" (the sign-in's buckets),
	// "synced" (the new file complete on disk) and "renamed" (in place).
	Progress func(phase string, n int)
	// Reject, if set, is called by Commit for each record whose NEPH an
	// earlier line already gave, with that record's line and a
	// *FieldError wrapping ErrDuplicate. Commit then writes nothing.
	Reject func(line int, err error)
}

// Sizes of the import's work: how much of the records one in-memory run
// of the sorter holds, how much one write transaction of the new file.
const (
	sortBuffer    = 8 << 20
	txBytes       = 2 << 20
	progressEvery = 10_000
)

// importDirPrefix starts the name of an import's temporary folder.
const importDirPrefix = ".import-"

// BeginImport starts an import. Only one runs at a time on a store: a
// second gets ErrImportRunning. Put waits for the import to end.
func (s *Store) BeginImport() (*Import, error) {
	if !s.importing.TryLock() {
		return nil, fmt.Errorf("begin import: %w", ErrImportRunning)
	}
	dir, err := os.MkdirTemp(s.dir, importDirPrefix)
	if err != nil {
		s.importing.Unlock()
		return nil, fmt.Errorf("begin import: %w", err)
	}
	return &Import{s: s, dir: dir, recs: newSorter(dir, "records", sortBuffer)}, nil
}

// Add normalises and validates r, read from line number line of the
// extract, and adds it. It returns a *FieldError for an invalid record;
// the import can go on after it, though the caller will usually Abort.
// Duplicate NEPHs are found by Commit.
func (im *Import) Add(r Record, line int) error {
	p, err := Prepare(r)
	if err != nil {
		return err
	}
	return im.AddPrepared(p, line)
}

// AddPrepared adds a record that Prepare checked, read from line number
// line of the extract. Lines must be added in increasing order.
func (im *Import) AddPrepared(p Prepared, line int) error {
	if im.done {
		return errors.New("import: add after commit or abort")
	}
	var n [binary.MaxVarintLen32]byte
	hn := n[:binary.PutUvarint(n[:], uint64(len(p.holder)))]
	if err := im.recs.addParts(recordKey(im.key[:0], p.neph, line), hn, p.holder, p.stored); err != nil {
		return fmt.Errorf("import: %w", err)
	}
	if im.Progress != nil && im.recs.n%progressEvery == 0 {
		im.Progress("reading", im.recs.n)
	}
	return nil
}

// recordKey is the sorter's key of a record: its NEPH, 0, then its line,
// so that records sort by NEPH (as the records bucket does), a NEPH given
// twice in line order.
func recordKey(k []byte, neph string, line int) []byte {
	k = append(append(k, neph...), 0)
	return binary.BigEndian.AppendUint32(k, uint32(line))
}

// splitRecordKey returns the NEPH and line of a sorter key.
func splitRecordKey(k []byte) ([]byte, int) {
	n := len(k) - 5
	return k[:n], int(binary.BigEndian.Uint32(k[n+1:]))
}

// splitRecordVal returns the holders key and stored form of a sorter value.
func splitRecordVal(v []byte) (holder, stored []byte, err error) {
	n, l := binary.Uvarint(v)
	if l <= 0 || uint64(len(v)-l) < n {
		return nil, nil, errors.New("import: damaged sort run")
	}
	return v[l : l+int(n)], v[l+int(n):], nil
}

// Abort drops what was added; the store is as before the import.
func (im *Import) Abort() error {
	if im.done {
		return nil
	}
	return im.end()
}

// end removes the temporary folder and lets another import begin.
func (im *Import) end() error {
	im.done = true
	defer im.s.importing.Unlock()
	if err := os.RemoveAll(im.dir); err != nil {
		return fmt.Errorf("import: remove %s: %w", im.dir, err)
	}
	return nil
}

// removeLeftovers removes the temporary folders of imports in dir.
func removeLeftovers(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("look for an interrupted import: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), importDirPrefix) {
			if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
				return fmt.Errorf("remove what an interrupted import left: %w", err)
			}
		}
	}
	return nil
}
