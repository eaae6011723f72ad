package testkit

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The tools of poppler-utils and zbar-tools that read printed documents
// back (make tools installs them).
const (
	pdftotext = "pdftotext"
	pdftoppm  = "pdftoppm"
	pdfinfo   = "pdfinfo"
	zbarimg   = "zbarimg"
)

// tool returns the path of a command the tests need, failing the test
// with what to do when it is missing.
func tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is missing: run `make tools` (make test does), which installs poppler-utils and zbar-tools: %v", name, err)
	}
	return p
}

// writePDF writes b to a temporary file and returns its path.
func writePDF(t testing.TB, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "document.pdf")
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// run runs a command and returns its standard output, failing the test
// on error.
func run(t testing.TB, name string, args ...string) []byte {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd := exec.Command(tool(t, name), args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, errOut.String())
	}
	return out.Bytes()
}

// PDFText returns the text of page page of a PDF (0: every page) as
// pdftotext reads it, its layout kept.
func PDFText(t testing.TB, pdf []byte, page int) string {
	t.Helper()
	args := []string{"-layout", "-enc", "UTF-8"}
	if page > 0 {
		args = append(args, "-f", strconv.Itoa(page), "-l", strconv.Itoa(page))
	}
	return string(run(t, pdftotext, append(args, writePDF(t, pdf), "-")...))
}

// PDFInfo returns pdfinfo's fields of a PDF ("Title", "Pages"…).
func PDFInfo(t testing.TB, pdf []byte) map[string]string {
	t.Helper()
	info := map[string]string{}
	for _, line := range strings.Split(string(run(t, pdfinfo, writePDF(t, pdf))), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok {
			info[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
	}
	return info
}

// PDFPage renders page page of a PDF as a PNG at dpi and returns its
// path.
func PDFPage(t testing.TB, pdf []byte, page, dpi int, dir string) string {
	t.Helper()
	prefix := filepath.Join(dir, "page")
	run(t, pdftoppm, "-png", "-singlefile", "-r", strconv.Itoa(dpi), "-f", strconv.Itoa(page), "-l", strconv.Itoa(page), writePDF(t, pdf), prefix)
	return prefix + ".png"
}

// PDFQR renders the first page of a PDF at 150 dpi and returns what the
// QR codes on it hold, as zbarimg reads them.
func PDFQR(t testing.TB, pdf []byte) []string {
	t.Helper()
	png := PDFPage(t, pdf, 1, 150, t.TempDir())
	out := run(t, zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", png)
	var codes []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" {
			codes = append(codes, l)
		}
	}
	return codes
}
