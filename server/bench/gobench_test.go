package main

import (
	"strings"
	"testing"
)

// Output of go test -bench -count 3 for two packages: one with a
// baseline=… sibling (one of whose lines was split by a log line), one
// without.
const sampleOutput = `goos: linux
goarch: amd64
pkg: mespoints/server/registry
cpu: Some CPU
BenchmarkImport/records=1000/baseline=decode-line-2         	   90000	     13000 ns/op	    2048 B/op	      30 allocs/op
BenchmarkImport/records=1000/baseline=decode-line-2         	   90000	     12000 ns/op	    2048 B/op	      30 allocs/op
BenchmarkImport/records=1000/baseline=decode-line-2         	   90000	     14000 ns/op	    2048 B/op	      30 allocs/op
BenchmarkImport/records=1000/import-2
    bench_test.go:40: imported 1000 records
      100	     78000 ns/op	     12814 records/s	        40.40 peak-heap-MiB	    9000 B/op	     120 allocs/op
BenchmarkImport/records=1000/import-2         	     100	     80000 ns/op	     12500 records/s	        41.00 peak-heap-MiB	    9000 B/op	     120 allocs/op
BenchmarkImport/records=1000/import-2         	     100	     76000 ns/op	     13100 records/s	        39.00 peak-heap-MiB	    9000 B/op	     120 allocs/op
PASS
ok  	mespoints/server/registry	12.3s
goos: linux
pkg: mespoints/server/store
BenchmarkGet-2   	  100000	     13900 ns/op
PASS
`

// Each subject is printed beside its baseline with the ratio of the
// medians; a benchmark without a baseline is listed apart, without one.
func TestReportPairsEachSubjectWithItsBaseline(t *testing.T) {
	results := parseBench(sampleOutput)
	if len(results) != 3 {
		t.Fatalf("parsed %d benchmarks, want 3: %+v", len(results), results)
	}
	var b strings.Builder
	printBench(&b, results)
	out := b.String()
	for _, want := range []string{
		"server/registry BenchmarkImport/records=1000",
		"baseline=decode-line",
		"13.00 µs", // median of 12, 13, 14
		"78.00 µs", // median of 76, 78, 80
		"ratio   6.00",
		"12814 records/s",
		"40.4 peak-heap-MiB",
		"without a baseline",
		"BenchmarkGet",
		"13.90 µs",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "ratio") != 2 { // the heading and the one subject
		t.Errorf("a ratio is printed where there is no baseline:\n%s", out)
	}
}
