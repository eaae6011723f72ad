package registry

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"

	"mespoints/server/admin"
	"mespoints/server/store"
)

// MaxLine is the longest line an extract may have.
const MaxLine = 1 << 20

// maxReported is how many bad lines an ImportError lists.
const maxReported = 20

// ImportOptions tune Import.
type ImportOptions struct {
	// Progress, if set, is called as the import goes (see
	// store.Import.Progress for the steps).
	Progress func(phase string, n int)
}

// LineError is a bad line of an extract.
type LineError struct {
	// Line is the line number, from 1.
	Line int
	// Err says which field is wrong and how.
	Err error
}

// Error returns "line N: field: what is wrong".
func (e LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// Unwrap returns what is wrong.
func (e LineError) Unwrap() error { return e.Err }

// ImportError is an extract rejected whole: nothing was written.
type ImportError struct {
	// Lines are the first bad lines, in file order.
	Lines []LineError
	// More is how many bad lines there were beyond those listed.
	More int
}

// Error lists the bad lines, one a line after a summary.
func (e *ImportError) Error() string {
	lines := make([]string, len(e.Lines))
	for i, l := range e.Lines {
		lines[i] = l.Error()
	}
	return admin.RejectedText("extract", lines, e.More)
}

// Import reads an extract from r and writes its records to st, all of them
// or, if any line is bad, none: the store's file is replaced whole, and
// readers of st see it before or after, never in between (see
// store.Import, which also says what a crash leaves). Every line is
// checked: the error is an *ImportError that lists the bad lines with
// their field. After the first bad line the rest is still checked line by
// line, but no longer for duplicate NEPHs. Blank lines are skipped. Lines
// are decoded on every core; memory does not grow with the size of the
// extract. A second import while one runs gets store.ErrImportRunning.
func Import(r io.Reader, st *store.Store, opts ImportOptions) (store.ImportStats, error) {
	im, err := st.BeginImport()
	if err != nil {
		return store.ImportStats{}, err
	}
	im.Progress = opts.Progress
	bad := &ImportError{}
	im.Reject = bad.add
	err = decodeExtract(r, func(d decoded) error {
		var fe *store.FieldError
		switch {
		case d.err == nil && len(bad.Lines) == 0:
			return im.AddPrepared(d.rec, d.line)
		case d.err == nil:
		case errors.Is(d.err, errTooLong), errors.As(d.err, &fe):
			bad.add(d.line, d.err)
		default:
			return fmt.Errorf("line %d: %w", d.line, d.err)
		}
		return nil
	})
	if err != nil || len(bad.Lines) > 0 {
		if aerr := im.Abort(); err == nil {
			err = aerr
		}
		if err != nil {
			return store.ImportStats{}, err
		}
		return store.ImportStats{}, bad
	}
	stats, err := im.Commit()
	if len(bad.Lines) > 0 {
		return store.ImportStats{}, bad
	}
	return stats, err
}

// BadLines returns the bad lines as the admin socket reports them
// (admin.Rejection), and how many more there were.
func (e *ImportError) BadLines() ([]admin.BadLine, int) {
	out := make([]admin.BadLine, len(e.Lines))
	for i, l := range e.Lines {
		out[i] = admin.BadLine{Line: l.Line, Message: l.Err.Error()}
		var fe *store.FieldError
		if errors.As(l.Err, &fe) {
			out[i].Field, out[i].Message = fe.Field, fe.Err.Error()
		}
	}
	return out, e.More
}

// add records a bad line, keeping the first maxReported by line number.
func (e *ImportError) add(line int, err error) {
	i := sort.Search(len(e.Lines), func(i int) bool { return e.Lines[i].Line > line })
	if i >= maxReported {
		e.More++
		return
	}
	e.Lines = slices.Insert(e.Lines, i, LineError{Line: line, Err: err})
	if len(e.Lines) > maxReported {
		e.Lines = e.Lines[:maxReported]
		e.More++
	}
}
