package registry_test

import (
	"bufio"
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

// BenchmarkImport imports an extract of n generated records into a new
// store (records=10000 and records=100000), each op the whole file:
// baseline=decode-line reads and decodes every line of it on one core,
// import imports it. Both report records/s; import also reports the peak
// of heap in use, sampled every 5 ms, which stays flat in n.
func BenchmarkImport(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			file := filepath.Join(b.TempDir(), "extract.jsonl")
			if err := os.WriteFile(file, extract(b, 0, n), 0o600); err != nil {
				b.Fatal(err)
			}
			b.Run("baseline=decode-line", func(b *testing.B) {
				data, err := os.ReadFile(file)
				if err != nil {
					b.Fatal(err)
				}
				for b.Loop() {
					sc := bufio.NewScanner(bytes.NewReader(data))
					sc.Buffer(nil, registry.MaxLine)
					for sc.Scan() {
						if _, err := registry.DecodeLine(sc.Bytes()); err != nil {
							b.Fatal(err)
						}
					}
				}
				b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
			})
			b.Run("import", func(b *testing.B) {
				runtime.GC() // count the import's heap, not the garbage before
				var peak uint64
				ctx, stop := context.WithCancel(context.Background())
				done := make(chan struct{})
				go func() { defer close(done); peak = samplePeakHeap(ctx) }()
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
