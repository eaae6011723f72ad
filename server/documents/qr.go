package documents

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/boombuler/barcode/qr"
)

// QR is a QR code as a grid of modules, without its quiet zone.
type QR struct {
	// Size is the number of modules on a side.
	Size int
	dark []bool
}

// Dark tells whether the module at column x, row y is dark.
func (q QR) Dark(x, y int) bool { return q.dark[y*q.Size+x] }

// QuietZone is the margin of light modules a QR code needs around it.
const QuietZone = 4

// NewQR encodes text at error correction level M (15 %), in alphanumeric
// mode when text is made of upper-case letters, digits and " $%*+-./:"
// only (a verification URL in upper case), in byte mode otherwise.
func NewQR(text string) (QR, error) {
	mode := qr.Unicode
	if isAlphanumeric(text) {
		mode = qr.AlphaNumeric
	}
	code, err := qr.Encode(text, qr.M, mode)
	if err != nil {
		return QR{}, fmt.Errorf("documents: QR code: %w", err)
	}
	b := code.Bounds()
	q := QR{Size: b.Dx(), dark: make([]bool, b.Dx()*b.Dy())}
	for y := range b.Dy() {
		for x := range b.Dx() {
			r, _, _, _ := code.At(b.Min.X+x, b.Min.Y+y).RGBA()
			q.dark[y*q.Size+x] = r < 0x8000
		}
	}
	return q, nil
}

// isAlphanumeric tells whether a QR code's alphanumeric mode holds s.
func isAlphanumeric(s string) bool {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || strings.ContainsRune(" $%*+-./:", r)) {
			return false
		}
	}
	return true
}

// Runs calls fn for each horizontal run of dark modules: row y, from
// column x, n modules long. Drawing runs rather than modules keeps a
// printed code small and crisp.
func (q QR) Runs(fn func(x, y, n int)) {
	for y := range q.Size {
		for x := 0; x < q.Size; {
			if !q.Dark(x, y) {
				x++
				continue
			}
			n := 1
			for x+n < q.Size && q.Dark(x+n, y) {
				n++
			}
			fn(x, y, n)
			x += n
		}
	}
}

// SVG draws the code, its quiet zone included, black on white, one unit
// per module: one <svg> element (class "qr", id "attestation-qr") with its
// text alternative.
func (q QR) SVG() string {
	side := strconv.Itoa(q.Size + 2*QuietZone)
	var b strings.Builder
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" class="qr" id="attestation-qr" viewBox="0 0 ` + side + ` ` + side +
		`" shape-rendering="crispEdges" role="img" aria-label="QR code de vérification du document">`)
	b.WriteString(`<rect width="` + side + `" height="` + side + `" fill="#fff"/><path fill="#000" d="`)
	q.Runs(func(x, y, n int) {
		fmt.Fprintf(&b, "M%d %dh%dv1h-%dz", x+QuietZone, y+QuietZone, n, n)
	})
	b.WriteString(`"/></svg>`)
	return b.String()
}

// DataURL is the SVG as a data: URL, for an <img> (the pages' policy
// allows data: images).
func (q QR) DataURL() string {
	return "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString([]byte(q.SVG()))
}
