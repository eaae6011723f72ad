package registry

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"mespoints/server/store"
)

// MaxLine is the longest line an extract may have.
const MaxLine = 1 << 20

// maxReported is how many bad lines an ImportError lists.
const maxReported = 20

// ImportOptions tune Import.
type ImportOptions struct {
	// Progress, if set, is called after each batch (see store.Import).
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
	var b strings.Builder
	n := len(e.Lines) + e.More
	fmt.Fprintf(&b, "extract rejected, nothing imported: %d bad line", n)
	if n > 1 {
		b.WriteString("s")
	}
	for _, l := range e.Lines {
		b.WriteString("\n  " + l.Error())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n  … and %d more", e.More)
	}
	return b.String()
}

// Import reads an extract from r and writes its records to st, all of them
// or, if any line is bad, none (see store.Import for how a crash is
// handled too). Every line is checked: the error is an *ImportError that
// lists the bad lines with their field. After the first bad line the rest
// is still checked line by line, but no longer for duplicate NEPHs. Blank
// lines are skipped. It reads one line at a time, so memory does not grow
// with the size of the extract.
func Import(r io.Reader, st *store.Store, opts ImportOptions) (store.ImportStats, error) {
	im, err := st.BeginImport()
	if err != nil {
		return store.ImportStats{}, err
	}
	im.Progress = opts.Progress
	bad := &ImportError{}
	report := func(line int, err error) {
		if len(bad.Lines) < maxReported {
			bad.Lines = append(bad.Lines, LineError{Line: line, Err: err})
		} else {
			bad.More++
		}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\uFEFF"))
		}
		if len(b) == 0 {
			continue
		}
		rec, err := DecodeLine(b)
		switch {
		case err != nil:
		case len(bad.Lines) > 0:
			err = rec.Validate()
		default:
			err = im.Add(rec, line)
		}
		var fe *store.FieldError
		switch {
		case err == nil:
		case errors.As(err, &fe):
			report(line, err)
		default:
			_ = im.Abort()
			return store.ImportStats{}, fmt.Errorf("line %d: %w", line, err)
		}
	}
	if err := sc.Err(); err != nil {
		if !errors.Is(err, bufio.ErrTooLong) {
			_ = im.Abort()
			return store.ImportStats{}, fmt.Errorf("read extract: %w", err)
		}
		report(line+1, fmt.Errorf("longer than %d bytes: a record is one line, is this an extract?", MaxLine))
	}
	if len(bad.Lines) > 0 {
		if err := im.Abort(); err != nil {
			return store.ImportStats{}, err
		}
		return store.ImportStats{}, bad
	}
	return im.Commit()
}
