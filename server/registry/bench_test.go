package registry_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"

	"mespoints/server/registry"
)

// BenchmarkDecodeLine is the baseline: reading one line of an extract.
func BenchmarkDecodeLine(b *testing.B) {
	line := bytes.TrimSpace(extract(b, 0, 1))
	for b.Loop() {
		if _, err := registry.DecodeLine(line); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImport imports an extract of n generated records into a new
// store, and reports records/s and the peak of heap in use, sampled every
// 5 ms: it stays about the same from 10,000 to 100,000 records.
func BenchmarkImport(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			file := filepath.Join(b.TempDir(), "extract.jsonl")
			if err := os.WriteFile(file, extract(b, 0, n), 0o600); err != nil {
				b.Fatal(err)
			}
			runtime.GC() // count the import's heap, not the garbage of making the file
			var peak uint64
			ctx, stop := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { defer close(done); peak = samplePeakHeap(ctx) }()
			b.ResetTimer()
			for range b.N {
				b.StopTimer()
				st := openStore(b, b.TempDir())
				f, err := os.Open(file)
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				if _, err := registry.Import(f, st, registry.ImportOptions{}); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				f.Close()
				st.Close()
			}
			stop()
			<-done
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// samplePeakHeap returns the largest heap in use seen until ctx ends.
func samplePeakHeap(ctx context.Context) uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var peak uint64
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	for {
		metrics.Read(s)
		peak = max(peak, s[0].Value.Uint64())
		select {
		case <-ctx.Done():
			return peak
		case <-t.C:
		}
	}
}
