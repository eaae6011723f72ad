package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// lighthouseRuns is how many times Lighthouse runs on each page; the
// median of each figure is printed. One run is noisy: go-app replaces the
// prerendered page when the WebAssembly starts, and whether Chrome has
// recorded the page's largest paint by then decides whether Lighthouse's
// simulation puts LCP before or after the WebAssembly's download.
const lighthouseRuns = 3

// lighthouseReport is the part of Lighthouse's JSON report printed here.
type lighthouseReport struct {
	Categories map[string]struct {
		Score *float64 `json:"score"`
	} `json:"categories"`
	Audits map[string]struct {
		NumericValue float64 `json:"numericValue"`
	} `json:"audits"`
	RuntimeError *struct {
		Code, Message string
	} `json:"runtimeError"`
}

// lighthouse runs npx lighthouse@12 (mobile, its default simulated
// throttling) on url in a fresh profile of the Chromium in CHROME_PATH,
// sending cookie (may be empty) with every request.
func lighthouse(url, cookie string) (lighthouseReport, error) {
	dir, err := os.MkdirTemp("", "mespoints-lighthouse-")
	if err != nil {
		return lighthouseReport{}, err
	}
	defer os.RemoveAll(dir)
	out := filepath.Join(dir, "report.json")
	args := []string{"-y", "lighthouse@12", url, "--quiet", "--output=json", "--output-path=" + out,
		"--only-categories=performance,accessibility,best-practices,seo",
		"--chrome-flags=--headless --no-sandbox --disable-gpu --user-data-dir=" + filepath.Join(dir, "profile")}
	if cookie != "" {
		headers, _ := json.Marshal(map[string]string{"Cookie": cookie})
		args = append(args, "--extra-headers="+string(headers))
	}
	cmd := exec.Command("npx", args...)
	if os.Getenv("CHROME_PATH") == "" {
		cmd.Env = append(os.Environ(), "CHROME_PATH=/usr/bin/chromium-headless-shell")
	}
	if b, err := cmd.CombinedOutput(); err != nil {
		return lighthouseReport{}, fmt.Errorf("lighthouse %s: %w\n%s", url, err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return lighthouseReport{}, fmt.Errorf("lighthouse %s: %w", url, err)
	}
	var r lighthouseReport
	if err := json.Unmarshal(b, &r); err != nil {
		return lighthouseReport{}, fmt.Errorf("read Lighthouse's report: %w", err)
	}
	if r.RuntimeError != nil && r.RuntimeError.Code != "" {
		return lighthouseReport{}, fmt.Errorf("lighthouse %s: %s: %s", url, r.RuntimeError.Code, r.RuntimeError.Message)
	}
	return r, nil
}

// lighthouseAll prints the scores, LCP, CLS and TBT of the landing page,
// of /solde with a live session, and of the hello world.
func lighthouseAll(w io.Writer, app *appServer, helloURL string) error {
	pages := []struct{ name, url, cookie string }{
		{baselineHello, helloURL + "/", ""},
		{"Mes points /", app.url + "/", ""},
		{"Mes points /solde (session)", app.url + "/solde", app.cookie},
	}
	categories := []string{"performance", "accessibility", "best-practices", "seo"}
	fmt.Fprintf(w, "== Lighthouse 12, mobile, default throttling, fresh profile each run; median of %d runs\n", lighthouseRuns)
	fmt.Fprintf(w, "  %-30s %5s %5s %5s %5s %9s %7s %8s\n", "", "perf", "a11y", "b.p.", "SEO", "LCP", "CLS", "TBT")
	for _, p := range pages {
		scores := make([][]float64, len(categories))
		var lcp, cls, tbt []float64
		for range lighthouseRuns {
			r, err := lighthouse(p.url, p.cookie)
			if err != nil {
				return err
			}
			for i, c := range categories {
				if s := r.Categories[c].Score; s != nil {
					scores[i] = append(scores[i], *s*100)
				}
			}
			lcp = append(lcp, r.Audits["largest-contentful-paint"].NumericValue)
			cls = append(cls, r.Audits["cumulative-layout-shift"].NumericValue)
			tbt = append(tbt, r.Audits["total-blocking-time"].NumericValue)
		}
		var cols []string
		for i := range categories {
			cols = append(cols, fmt.Sprintf("%5.0f", median(scores[i])))
		}
		fmt.Fprintf(w, "  %-30s %s %7.2f s %7.3f %5.0f ms\n", p.name, strings.Join(cols, " "), median(lcp)/1000, median(cls), median(tbt))
	}
	fmt.Fprintln(w)
	return nil
}
