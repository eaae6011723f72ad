// Package simulate is the command line face of the points engine:
// mespoints simulate reads one licence record as JSON on standard input and
// writes the engine's answer as JSON on standard output, exactly as
// docs/simulate.md says.
package simulate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"mespoints/points"
)

// Run runs the command: it reads the record from stdin and writes the
// answer to stdout. It returns the exit status: 0, or 2 for invalid input
// with one line on stderr naming the field at fault and nothing on stdout,
// or 1 if the input cannot be read or the output written.
func Run(stdin io.Reader, stdout, stderr io.Writer) int {
	data, err := io.ReadAll(stdin)
	if err != nil {
		fmt.Fprintf(stderr, "mespoints simulate: reading standard input: %s\n", oneLine(err.Error()))
		return 1
	}
	out, err := Simulate(data)
	if err != nil {
		fmt.Fprintln(stderr, oneLine(err.Error()))
		return 2
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "mespoints simulate: writing standard output: %s\n", oneLine(err.Error()))
		return 1
	}
	return 0
}

// Simulate returns the output of the command for one input, or the
// *points.FieldError that rejects it.
func Simulate(data []byte) ([]byte, error) {
	rec, at, err := Parse(data)
	if err != nil {
		return nil, err
	}
	res, err := points.Compute(rec, at)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(NewOutput(res)); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Output is the answer of the command, docs/simulate.md, Output: the
// fields of points.Result the contract names and no others.
type Output struct {
	At           points.Date     `json:"at"`
	Balance      int             `json:"balance"`
	Ceiling      int             `json:"ceiling"`
	Status       points.Status   `json:"status"`
	ProbationEnd *points.Date    `json:"probation_end"`
	Stage        Stage           `json:"stage"`
	History      []HistoryEntry  `json:"history"`
	Forecast     []ForecastEntry `json:"forecast"`
}

// Stage is the stage eligibility as the contract gives it: whether, how
// many points, from when (the engine's reason and texts are the app's).
type Stage struct {
	Eligible bool         `json:"eligible"`
	Points   int          `json:"points"`
	From     *points.Date `json:"from"`
}

// HistoryEntry is one change of the history.
type HistoryEntry struct {
	Date    points.Date `json:"date"`
	Change  int         `json:"change"`
	Balance int         `json:"balance"`
	Rule    points.Rule `json:"rule"`
	Label   string      `json:"label"`
}

// ForecastEntry is one change of the forecast.
type ForecastEntry struct {
	Date    points.Date `json:"date"`
	Change  int         `json:"change"`
	Balance int         `json:"balance"`
	Rule    points.Rule `json:"rule"`
}

// NewOutput keeps of res what the contract outputs.
func NewOutput(res points.Result) Output {
	o := Output{
		At:           res.At,
		Balance:      res.Balance,
		Ceiling:      res.Ceiling,
		Status:       res.Status,
		ProbationEnd: res.ProbationEnd,
		Stage:        Stage{Eligible: res.Stage.Eligible, Points: res.Stage.Points, From: res.Stage.From},
		History:      make([]HistoryEntry, len(res.History)),
		Forecast:     make([]ForecastEntry, len(res.Forecast)),
	}
	for i, c := range res.History {
		o.History[i] = HistoryEntry{Date: c.Date, Change: c.Change, Balance: c.Balance, Rule: c.Rule, Label: c.Label}
	}
	for i, c := range res.Forecast {
		o.Forecast[i] = ForecastEntry{Date: c.Date, Change: c.Change, Balance: c.Balance, Rule: c.Rule}
	}
	return o
}

// oneLine keeps a message on one line.
func oneLine(s string) string {
	return strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)
}
