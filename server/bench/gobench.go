package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// benchResult is one benchmark's figures (medians over -count runs).
type benchResult struct {
	pkg, name string
	// metrics by unit: ns/op, B/op, allocs/op and each ReportMetric.
	metrics map[string]float64
	order   []string
}

// benchLine is a result line of go test -bench: name, iterations, figures.
var benchLine = regexp.MustCompile(`^(Benchmark\S*?)(?:-\d+)?\s+(\d+)\s+(\d.*)$`)

// goBenchmarks runs every Go benchmark of the repository and prints each
// subject beside its sibling baseline=… sub-benchmark.
func goBenchmarks(w io.Writer, count int) error {
	fmt.Fprintf(w, "== Go benchmarks: go test -run '^$' -bench . -benchmem -count %d ./...\n", count)
	cmd := exec.Command("go", "test", "-run", "^$", "-bench", ".", "-benchmem", "-count", strconv.Itoa(count), "./...")
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	err := cmd.Run()
	results := parseBench(out.String())
	if err != nil {
		os.Stdout.Write(out.Bytes())
		return fmt.Errorf("go test -bench: %w", err)
	}
	printBench(w, results)
	return nil
}

// parseBench reads go test's text output. A name alone on its line (a
// benchmark that logged) is joined with the figures that follow.
func parseBench(out string) []*benchResult {
	runs := map[string]map[string][]float64{}
	var keys []string
	units := map[string][]string{}
	pkg, pending := "", ""
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if p, ok := strings.CutPrefix(line, "pkg: "); ok {
			pkg = p
			continue
		}
		if strings.HasPrefix(line, "Benchmark") {
			pending = ""
			if f := strings.Fields(line); len(f) == 1 {
				pending = f[0] // its figures come after its log lines
				continue
			}
		} else if pending != "" && len(line) > 0 && line[0] >= '0' && line[0] <= '9' {
			line, pending = pending+" "+line, ""
		}
		m := benchLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		key := pkg + " " + m[1]
		if runs[key] == nil {
			runs[key] = map[string][]float64{}
			keys = append(keys, key)
		}
		f := strings.Fields(m[3])
		for i := 0; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			if runs[key][f[i+1]] == nil {
				units[key] = append(units[key], f[i+1])
			}
			runs[key][f[i+1]] = append(runs[key][f[i+1]], v)
		}
	}
	var results []*benchResult
	for _, key := range keys {
		pkg, name, _ := strings.Cut(key, " ")
		r := &benchResult{pkg: pkg, name: name, metrics: map[string]float64{}, order: units[key]}
		for unit, vs := range runs[key] {
			r.metrics[unit] = median(vs)
		}
		results = append(results, r)
	}
	return results
}

// printBench prints the subjects that have a baseline with it and the
// ratio, then the benchmarks that have none.
func printBench(w io.Writer, results []*benchResult) {
	type group struct {
		baseline *benchResult
		subjects []*benchResult
	}
	groups := map[string]*group{}
	var order []string
	var alone []*benchResult
	for _, r := range results {
		i := strings.LastIndex(r.name, "/")
		if i < 0 {
			continue
		}
		parent := r.pkg + " " + r.name[:i]
		if groups[parent] == nil {
			groups[parent] = &group{}
			order = append(order, parent)
		}
		if strings.HasPrefix(r.name[i+1:], "baseline=") {
			groups[parent].baseline = r
		} else {
			groups[parent].subjects = append(groups[parent].subjects, r)
		}
	}
	for _, r := range results {
		i := strings.LastIndex(r.name, "/")
		if i < 0 || groups[r.pkg+" "+r.name[:i]].baseline == nil {
			alone = append(alone, r)
		}
	}
	fmt.Fprintln(w, "ratio = subject's time per op ÷ its baseline's, in the same run (lower is faster)")
	for _, key := range order {
		g := groups[key]
		if g.baseline == nil {
			continue
		}
		pkg, parent, _ := strings.Cut(key, " ")
		base := g.baseline
		fmt.Fprintf(w, "%s %s\n", shortPkg(pkg), parent)
		fmt.Fprintf(w, "  %-28s %12s  %s\n", leaf(base.name), duration(base.metrics["ns/op"]), extras(base))
		for _, s := range g.subjects {
			fmt.Fprintf(w, "  %-28s %12s  ratio %6s  %s\n", leaf(s.name), duration(s.metrics["ns/op"]), ratio(s.metrics["ns/op"], base.metrics["ns/op"]), extras(s))
		}
	}
	if len(alone) > 0 {
		sort.SliceStable(alone, func(i, j int) bool { return alone[i].pkg < alone[j].pkg })
		fmt.Fprintln(w, "without a baseline=… sibling:")
		for _, r := range alone {
			fmt.Fprintf(w, "  %-16s %-40s %12s  %s\n", shortPkg(r.pkg), r.name, duration(r.metrics["ns/op"]), extras(r))
		}
	}
	fmt.Fprintln(w)
}

// extras prints the figures beside the time: memory, allocations and
// every metric the benchmark reported.
func extras(r *benchResult) string {
	var parts []string
	for _, unit := range r.order {
		if unit == "ns/op" {
			continue
		}
		parts = append(parts, number(r.metrics[unit])+" "+unit)
	}
	return strings.Join(parts, "  ")
}

func leaf(name string) string { return name[strings.LastIndex(name, "/")+1:] }

func shortPkg(p string) string { return strings.TrimPrefix(p, "mespoints/") }

// number prints a figure with no more digits than it deserves.
func number(v float64) string {
	if v >= 100 || v == float64(int64(v)) {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}
