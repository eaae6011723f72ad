package registry

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"

	"mespoints/server/store"
)

// decoded is one line of an extract, read and checked: a record ready to
// import, or what is wrong with the line.
type decoded struct {
	line int
	rec  store.Prepared
	err  error
}

// chunk is a run of consecutive lines, decoded together by one worker.
type chunk struct {
	buf   *[]byte // the lines' text, back to bufPool once decoded
	lines []lineAt
	out   []decoded
	done  chan struct{}
}

// bufPool recycles the text buffers of chunks.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, chunkBytes); return &b }}

// lineAt is a line of the extract and its number.
type lineAt struct {
	num  int
	text []byte
}

// How many lines, or bytes, a chunk holds at most.
const (
	chunkLines = 256
	chunkBytes = 256 << 10
)

// errTooLong is the fault of a line longer than MaxLine.
var errTooLong = fmt.Errorf("longer than %d bytes: a record is one line, is this an extract?", MaxLine)

// decodeExtract reads the extract r line by line, decodes and checks the
// lines on every core (DecodeLine, then store.Prepare), and calls each
// with them in file order, on the calling goroutine. Blank lines are
// skipped; a byte-order mark before the first line is ignored. A line
// longer than MaxLine ends the reading: each gets it with errTooLong. If
// each returns an error, decodeExtract stops and returns it. Memory holds
// a few chunks per core, whatever the size of the extract.
func decodeExtract(r io.Reader, each func(decoded) error) error {
	workers := runtime.GOMAXPROCS(0)
	work := make(chan *chunk)
	order := make(chan *chunk, 2*workers)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for c := range work {
				decodeChunk(c)
			}
		})
	}
	var readErr error
	go func() {
		defer close(order)
		defer close(work)
		readErr = readChunks(r, func(c *chunk) bool {
			select {
			case order <- c:
			case <-stop:
				return false
			}
			select {
			case work <- c:
				return true
			case <-stop:
				decodeChunk(c) // it is in order: someone waits for it
				return false
			}
		})
	}()
	var err error
	for c := range order {
		<-c.done
		for _, d := range c.out {
			if err == nil {
				if err = each(d); err != nil {
					close(stop)
				}
			}
		}
	}
	wg.Wait()
	if err != nil {
		return err
	}
	return readErr
}

// readChunks cuts r into chunks of lines and hands each to send, which
// returns false to stop. A line too long is sent as the last line, with
// no text and its number negative.
func readChunks(r io.Reader, send func(*chunk) bool) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLine)
	c := newChunk()
	buf := *c.buf
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
		if len(c.lines) == chunkLines || len(buf)+len(b) > cap(buf) && len(c.lines) > 0 {
			*c.buf = buf
			if !send(c) {
				return nil
			}
			c = newChunk()
			buf = *c.buf
		}
		start := len(buf)
		buf = append(buf, b...) // a line longer than chunkBytes gets a buffer of its own
		c.lines = append(c.lines, lineAt{num: line, text: buf[start:len(buf):len(buf)]})
	}
	err := sc.Err()
	if errors.Is(err, bufio.ErrTooLong) {
		c.lines = append(c.lines, lineAt{num: -(line + 1)})
		err = nil
	} else if err != nil {
		err = fmt.Errorf("read extract: %w", err)
	}
	if len(c.lines) > 0 {
		*c.buf = buf
		send(c)
	}
	return err
}

func newChunk() *chunk {
	buf := bufPool.Get().(*[]byte)
	*buf = (*buf)[:0]
	return &chunk{buf: buf, lines: make([]lineAt, 0, chunkLines), done: make(chan struct{})}
}

// decodeChunk decodes and checks every line of c.
func decodeChunk(c *chunk) {
	c.out = make([]decoded, len(c.lines))
	for i, l := range c.lines {
		d := &c.out[i]
		if l.num < 0 {
			d.line, d.err = -l.num, errTooLong
			continue
		}
		d.line = l.num
		r, err := DecodeLine(l.text)
		if err != nil {
			d.err = err
			continue
		}
		d.rec, d.err = store.Prepare(r)
	}
	// The records decoded hold no part of the text: it can be reused.
	c.lines = nil
	bufPool.Put(c.buf)
	close(c.done)
}
