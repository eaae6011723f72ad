package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"mespoints/server/internal/testkit"
)

var (
	axeOnce   sync.Once
	axeSource string
	axeErr    error
)

// axeScript is axe-core, installed from npm by `make axe` (make test does).
func axeScript(t testing.TB) string {
	t.Helper()
	axeOnce.Do(func() {
		var b []byte
		b, axeErr = os.ReadFile(filepath.Join(testkit.RepoRoot(t), "server", "e2e", "node_modules", "axe-core", "axe.min.js"))
		axeSource = string(b)
	})
	if axeErr != nil {
		t.Fatalf("axe-core is missing: run `make axe` (make test does): %v", axeErr)
	}
	return axeSource
}

// axeViolation is one rule axe found broken on the page.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// checkAccessibility runs axe-core on the current page (WCAG 2.1 A and AA
// rules, which the RGAA follows) and fails the test on any violation of
// impact serious or critical.
func checkAccessibility(t testing.TB, b *browser, where string) {
	t.Helper()
	eval[bool](t, b, "inject axe", axeScript(t)+";true")
	raw := eval[string](t, b, "run axe", `(async () => {
  const r = await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}});
  return JSON.stringify(r.violations);
})()`)
	var violations []axeViolation
	if err := json.Unmarshal([]byte(raw), &violations); err != nil {
		t.Fatalf("read axe results: %v", err)
	}
	for _, v := range violations {
		if v.Impact == "serious" || v.Impact == "critical" {
			var targets []string
			for _, n := range v.Nodes {
				b, _ := json.Marshal(n.Target)
				targets = append(targets, string(b))
			}
			t.Errorf("%s: accessibility violation %s (%s): %s at %s", where, v.ID, v.Impact, v.Help, strings.Join(targets, ", "))
		}
	}
}
