package httpd_test

import (
	"io"
	"net/http"
	"sync"
	"testing"

	"mespoints/server/auth"
	"mespoints/server/config"
)

// Pages are prerendered for no one, by many requests at once: a page
// drawn for one request must not write what another is drawing (the
// race detector of make test stops on it), and each answers 200 with its
// own title.
func TestEveryPagePrerenderedManyAtOnce(t *testing.T) {
	srv := start(t, config.Config{Dev: true})
	var wg sync.WaitGroup
	errs := make(chan string, len(auth.AppPaths)*8)
	for range 8 {
		for _, p := range auth.AppPaths {
			wg.Add(1)
			go func() {
				defer wg.Done()
				res, err := http.Get("http://" + srv.Addr + p)
				if err != nil {
					errs <- p + ": " + err.Error()
					return
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK || len(body) == 0 {
					errs <- p + ": " + res.Status
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
