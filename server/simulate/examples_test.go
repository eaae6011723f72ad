package simulate

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// examplesDir is the shared material beside the repository
// (../shared/simulate-examples, seen from the package directory).
const examplesDir = "../../../shared/simulate-examples"

// TestSharedExamples runs the three worked examples of the shared material
// through the command and checks the answer the law gives.
func TestSharedExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(examplesDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("no example in %s: the shared material must be beside the repository", examplesDir)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var ex struct {
				Input    json.RawMessage            `json:"input"`
				Expected map[string]json.RawMessage `json:"expected"`
			}
			if err := json.Unmarshal(data, &ex); err != nil {
				t.Fatal(err)
			}
			// The key "forecast (date, change)" cannot be a struct tag (the
			// comma): read the expected answer field by field.
			var want struct {
				Balance, Ceiling int
				Status           string
				Eligible         bool
				Forecast         [][2]any
			}
			for key, dst := range map[string]any{"balance": &want.Balance, "ceiling": &want.Ceiling, "status": &want.Status,
				"stage.eligible": &want.Eligible, "forecast (date, change)": &want.Forecast} {
				raw, ok := ex.Expected[key]
				if !ok {
					t.Fatalf("expected has no %q", key)
				}
				if err := json.Unmarshal(raw, dst); err != nil {
					t.Fatalf("expected %q: %v", key, err)
				}
			}
			var stdout, stderr bytes.Buffer
			if code := Run(bytes.NewReader(ex.Input), &stdout, &stderr); code != 0 {
				t.Fatalf("exit %d, stderr %q", code, stderr.String())
			}
			var out struct {
				Balance  int    `json:"balance"`
				Ceiling  int    `json:"ceiling"`
				Status   string `json:"status"`
				Stage    struct{ Eligible bool }
				Forecast []struct {
					Date   string
					Change int
				}
			}
			if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
				t.Fatal(err)
			}
			if out.Balance != want.Balance || out.Ceiling != want.Ceiling || out.Status != want.Status || out.Stage.Eligible != want.Eligible {
				t.Errorf("got balance %d ceiling %d status %s eligible %v, want %d %d %s %v\n%s",
					out.Balance, out.Ceiling, out.Status, out.Stage.Eligible, want.Balance, want.Ceiling, want.Status, want.Eligible, stdout.String())
			}
			if len(out.Forecast) != len(want.Forecast) {
				t.Fatalf("forecast %v, want %v", out.Forecast, want.Forecast)
			}
			for i, w := range want.Forecast {
				if out.Forecast[i].Date != w[0].(string) || float64(out.Forecast[i].Change) != w[1].(float64) {
					t.Errorf("forecast[%d] = %v, want %v", i, out.Forecast[i], w)
				}
			}
		})
	}
}
