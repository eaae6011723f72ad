// Package pdf prints a document of package documents as an A4 PDF:
// sober, readable in black and white, in the Go fonts (embedded, so that
// every French character prints: é è ê à ç ô œ « » ’ €), with the title,
// the date of issue and "page N/M" on every page, the PDF's own metadata
// (title, subject, language fr-FR), and the document's QR code drawn as
// vectors beside its code in text.
package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"

	"mespoints/server/documents"
)

// Layout, in millimetres and points.
const (
	margin     = 18.0
	topMargin  = 24.0
	bottom     = 18.0
	labelWidth = 58.0
	lineHeight = 4.6
	bodySize   = 10.0
	qrSide     = 44.0
)

// paris is the time zone of the dates printed.
var paris = mustParis()

func mustParis() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic("pdf: no time zone Europe/Paris: " + err.Error())
	}
	return loc
}

// Options are what a printed document says besides its content.
type Options struct {
	// BaseURL is the service's public address, printed with the code:
	// where to check it, where the keys are.
	BaseURL string
}

// Render prints d, signed (its Code set), as a PDF.
func Render(d documents.Document, opts Options) ([]byte, error) {
	if d.Code == "" {
		return nil, fmt.Errorf("pdf: the document is not signed")
	}
	q, err := documents.NewQR(documents.QRText(d.VerifyURL))
	if err != nil {
		return nil, err
	}
	f := fpdf.New("P", "mm", "A4", "")
	f.AddUTF8FontFromBytes("go", "", goregular.TTF)
	f.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	f.AddUTF8FontFromBytes("gomono", "", gomono.TTF)
	f.SetTitle(d.Title, true)
	f.SetSubject(d.Subtitle, true)
	f.SetAuthor("Mes points", true)
	f.SetCreator("Mes points", true)
	f.SetLang("fr-FR")
	f.SetCreationDate(d.Issued)
	f.SetModificationDate(d.Issued)
	f.SetMargins(margin, topMargin, margin)
	f.SetAutoPageBreak(true, bottom+6)
	f.AliasNbPages("{nb}")
	issued := "Délivré le " + documents.MomentText(d.Issued)
	if d.Kind == documents.Attestation {
		issued = strings.Replace(issued, "Délivré", "Délivrée", 1)
	}
	w, h := f.GetPageSize()
	f.SetHeaderFunc(func() {
		f.SetFont("go", "B", 9)
		f.SetXY(margin, 10)
		f.CellFormat(w-2*margin, 5, d.Title, "", 0, "L", false, 0, "")
		f.SetFont("go", "", 9)
		f.SetXY(margin, 10)
		f.CellFormat(w-2*margin, 5, issued, "", 0, "R", false, 0, "")
		f.SetDrawColor(0, 0, 0)
		f.SetLineWidth(0.3)
		f.Line(margin, 16, w-margin, 16)
		f.SetXY(margin, topMargin)
	})
	f.SetFooterFunc(func() {
		f.SetY(h - bottom)
		f.SetFont("go", "", 8)
		f.CellFormat(w-2*margin, 4, "Mes points — à vérifier sur "+strings.TrimRight(opts.BaseURL, "/")+"/verifier", "", 0, "L", false, 0, "")
		f.SetX(margin)
		f.CellFormat(w-2*margin, 4, fmt.Sprintf("page %d/{nb}", f.PageNo()), "", 0, "R", false, 0, "")
	})
	f.AddPage()
	p := &printer{f: f, width: w - 2*margin}
	p.title(d)
	// The code first: whoever checks the document sees it at once.
	p.verification(d, q, opts)
	for _, s := range d.Sections {
		p.section(s)
	}
	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	var out bytes.Buffer
	if err := f.Output(&out); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return out.Bytes(), nil
}

// printer writes a document's parts one after the other.
type printer struct {
	f     *fpdf.Fpdf
	width float64
}

func (p *printer) title(d documents.Document) {
	f := p.f
	f.SetFont("go", "B", 18)
	f.MultiCell(p.width, 8, d.Title, "", "L", false)
	f.SetFont("go", "", bodySize)
	f.MultiCell(p.width, lineHeight, d.Subtitle, "", "L", false)
	f.Ln(2)
}

// keep starts a new page unless height millimetres fit on this one, and
// says whether it did.
func (p *printer) keep(height float64) bool {
	_, h := p.f.GetPageSize()
	if p.f.GetY()+height > h-bottom-6 {
		p.f.AddPage()
		return true
	}
	return false
}

func (p *printer) section(s documents.Section) {
	f := p.f
	p.keep(20)
	f.Ln(2)
	f.SetFont("go", "B", 11)
	f.MultiCell(p.width, 5.5, s.Heading, "", "L", false)
	y := f.GetY()
	f.SetLineWidth(0.2)
	f.Line(margin, y, margin+p.width, y)
	f.Ln(1.5)
	for _, fact := range s.Facts {
		p.fact(fact)
	}
	if s.Table != nil {
		p.table(*s.Table)
	}
	f.SetFont("go", "", bodySize)
	for _, l := range s.Lines {
		p.keep(lineHeight)
		f.MultiCell(p.width, lineHeight, l, "", "L", false)
		f.Ln(0.5)
	}
}

func (p *printer) fact(fact documents.Fact) {
	f := p.f
	f.SetFont("go", "", bodySize)
	valueWidth := p.width - labelWidth
	lines := 0
	for _, v := range fact.Value {
		lines += len(f.SplitText(v, valueWidth))
	}
	p.keep(float64(lines) * lineHeight)
	y := f.GetY()
	f.SetFont("go", "B", bodySize)
	f.SetXY(margin, y)
	f.MultiCell(labelWidth-2, lineHeight, fact.Label, "", "L", false)
	labelEnd := f.GetY()
	f.SetFont("go", "", bodySize)
	f.SetXY(margin+labelWidth, y)
	for _, v := range fact.Value {
		f.SetX(margin + labelWidth)
		f.MultiCell(valueWidth, lineHeight, v, "", "L", false)
	}
	f.SetY(max(labelEnd, f.GetY()) + 0.4)
}

func (p *printer) table(t documents.Table) {
	f := p.f
	total := 0.0
	for _, c := range t.Columns {
		total += c.Width
	}
	widths := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		widths[i] = p.width * c.Width / total
	}
	titles := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		titles[i] = c.Title
	}
	var row func(cells []string, bold bool)
	row = func(cells []string, bold bool) {
		style := ""
		if bold {
			style = "B"
		}
		f.SetFont("go", style, 9)
		n := 1
		for i, c := range cells {
			n = max(n, len(f.SplitText(c, widths[i]-2)))
		}
		height := float64(n)*4.5 + 1.5
		if p.keep(height) && !bold {
			// A new page: the header row again.
			row(titles, true)
			f.SetFont("go", style, 9)
		}
		y := f.GetY()
		x := margin
		for i, c := range cells {
			f.SetXY(x+1, y+0.75)
			f.MultiCell(widths[i]-2, 4.5, c, "", "L", false)
			x += widths[i]
		}
		f.SetLineWidth(0.1)
		f.Line(margin, y+height, margin+p.width, y+height)
		f.SetY(y + height)
	}
	p.keep(15)
	row(titles, true)
	for _, r := range t.Rows {
		row(r, false)
	}
	f.Ln(1)
}

// verification draws the QR code and, beside it, the code in text and
// where to check it.
func (p *printer) verification(d documents.Document, q documents.QR, opts Options) {
	f := p.f
	p.keep(qrSide + 12)
	f.Ln(1)
	f.SetFont("go", "B", 12)
	f.MultiCell(p.width, 6, "Vérification", "", "L", false)
	y := f.GetY()
	f.SetLineWidth(0.2)
	f.Line(margin, y, margin+p.width, y)
	y += 1
	// The QR code, quiet zone included, as black rectangles.
	module := qrSide / float64(q.Size+2*documents.QuietZone)
	x0, y0 := margin+module*documents.QuietZone, y+module*documents.QuietZone
	f.SetFillColor(0, 0, 0)
	q.Runs(func(x, yy, n int) {
		f.Rect(x0+float64(x)*module, y0+float64(yy)*module, float64(n)*module, module, "F")
	})
	textX := margin + qrSide + 6
	textW := p.width - qrSide - 6
	base := strings.TrimRight(opts.BaseURL, "/")
	f.SetXY(textX, y+2)
	f.SetFont("go", "", bodySize)
	what := "la validité du permis le jour du contrôle"
	if d.Kind == documents.CEPC {
		what = "s'il vaut encore titre de conduite le jour du contrôle"
	}
	f.MultiCell(textW, lineHeight, "Scannez ce code, ou saisissez le code ci-dessous sur "+base+"/verifier, pour contrôler l'authenticité de ce document et "+what+".", "", "L", false)
	f.SetX(textX)
	f.SetFont("go", "B", bodySize)
	f.MultiCell(textW, lineHeight, "Code de vérification", "", "L", false)
	f.SetFont("gomono", "", 8.5)
	f.SetX(textX)
	f.MultiCell(textW, 4, documents.Groups(d.Code), "", "L", false)
	f.SetFont("go", "", 8)
	f.SetX(textX)
	f.MultiCell(textW, 4, "Signature Ed25519 vérifiable hors ligne avec les clés publiques publiées à "+base+"/.well-known/mespoints-keys.json.", "", "L", false)
	f.SetY(max(f.GetY(), y+qrSide))
}
