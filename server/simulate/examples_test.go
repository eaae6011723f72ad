package simulate

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
)

// examplesDir holds the project's worked examples of the command (see
// docs/simulate.md), seen from this package's folder.
const examplesDir = "../../points/testdata/simulate"

// article finds a source: an article of the Code de la route or a decision
// of the Conseil d'État.
var article = regexp.MustCompile(`\b[LR]\d{3}-\d+|CE \d{1,2}/\d{1,2}/\d{4} n°\d+`)

// TestWorkedExamples runs each worked example through the command: the
// command must answer exactly the output the example gives, which its
// source (the articles and decisions it rests on) justifies.
func TestWorkedExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(examplesDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 3 {
		t.Fatalf("%d worked examples in %s, want at least 3", len(files), examplesDir)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var ex struct {
				Title  string          `json:"title"`
				Source string          `json:"source"`
				Input  json.RawMessage `json:"input"`
				Output json.RawMessage `json:"output"`
			}
			dec := json.NewDecoder(bytes.NewReader(data))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&ex); err != nil {
				t.Fatalf("read the example: %v", err)
			}
			if ex.Title == "" || !article.MatchString(ex.Source) || ex.Input == nil || ex.Output == nil {
				t.Fatalf("an example needs a title, a source citing an article or a decision, an input and an output: %s", data)
			}
			var stdout, stderr bytes.Buffer
			if code := Run(bytes.NewReader(ex.Input), &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d, stderr %q", code, stderr.String())
			}
			var got, want any
			if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
				t.Fatalf("the output is not JSON: %v\n%s", err, stdout.Bytes())
			}
			if err := json.Unmarshal(ex.Output, &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s\nthe command answers\n%s\nthe example says\n%s", ex.Title, stdout.Bytes(), ex.Output)
			}
		})
	}
}
