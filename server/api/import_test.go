package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"mespoints/server/admin"
	"mespoints/server/auth"
	"mespoints/server/registry"
	"mespoints/server/store"
)

// A registry feed imported through the admin socket while people read
// their dossier over HTTP: each answer is the dossier before an import or
// after it, never older than one already seen, and a bad extract changes
// nothing. The extracts mark every dossier with their number in the
// holder's usage name.
func TestImportWhileTheAPIIsRead(t *testing.T) {
	e := newEnv(t, envOptions{})
	var base []store.Record
	if err := e.store.ForEach(func(r store.Record) error { base = append(base, r); return nil }); err != nil {
		t.Fatal(err)
	}
	extract := func(k int, bad bool) []byte {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		for i, r := range base {
			r.Holder.UsageName = fmt.Sprintf("Marqueur %d", k)
			if bad && i == 1 {
				r.Holder.Birthplace = "Nantes"
			}
			if err := enc.Encode(r); err != nil {
				t.Fatal(err)
			}
		}
		return b.Bytes()
	}
	srv, err := admin.Listen(e.store.Dir(), e.store, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv.Import = func(r io.Reader) (store.ImportStats, error) {
		return registry.Import(r, e.store, registry.ImportOptions{})
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(t.Context()) }()
	t.Cleanup(func() { srv.Close(); <-served })

	p := e.signIn(t, auth.FranceConnect, "camille")
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var reads atomic.Int64
	for range 2 {
		wg.Go(func() {
			seen := 0
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := p.client.Get(e.srv.URL + "/api/v1/dossier")
				if err != nil {
					t.Error(err)
					return
				}
				var d struct {
					Holder struct {
						UsageName string `json:"usage_name"`
					} `json:"holder"`
				}
				err = json.NewDecoder(res.Body).Decode(&d)
				res.Body.Close()
				if err != nil || res.StatusCode != http.StatusOK {
					t.Errorf("GET /api/v1/dossier: %d, %v", res.StatusCode, err)
					return
				}
				k := 0
				if d.Holder.UsageName != "" {
					fmt.Sscanf(d.Holder.UsageName, "Marqueur %d", &k)
				}
				if k < seen {
					t.Errorf("read marker %d after %d", k, seen)
				}
				seen = k
				reads.Add(1)
			}
		})
	}
	const rounds = 4
	for k := 1; k <= rounds; k++ {
		if _, err := admin.Import(e.store.Dir(), bytes.NewReader(extract(k, true)), -1); err == nil {
			t.Fatalf("bad extract %d imported", k)
		}
		stats, err := admin.Import(e.store.Dir(), bytes.NewReader(extract(k, false)), -1)
		if err != nil || stats.Changed != len(base) {
			t.Fatalf("import %d: %+v, %v", k, stats, err)
		}
	}
	close(stop)
	wg.Wait()
	t.Logf("%d reads over HTTP during %d imports", reads.Load(), 2*rounds)
	// A read that starts after the last import sees it. (A read that
	// started before may finish after it with the marker before: the
	// readers above only check that no one goes back.)
	res, err := p.client.Get(e.srv.URL + "/api/v1/dossier")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var d struct {
		Holder struct {
			UsageName string `json:"usage_name"`
		} `json:"holder"`
	}
	if err := json.NewDecoder(res.Body).Decode(&d); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("Marqueur %d", rounds); d.Holder.UsageName != want {
		t.Fatalf("a read after the last import saw %q, want %q", d.Holder.UsageName, want)
	}
}
