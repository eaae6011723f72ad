package app

import (
	"fmt"
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/points"
)

// chartStep is one point of the balance curve: from Date on, the balance
// is Balance.
type chartStep struct {
	Date    points.Date
	Balance int
}

// Geometry of the chart, in SVG user units. The SVG scales to the width of
// the screen, at most 32rem (web/style.css): at 360 px, 328 px of content
// show the 360 units at 0.91, so text of chartFont units reads at 12.7 px,
// and wider screens show it larger, never smaller.
const (
	chartW, chartH        = 360.0, 210.0
	chartLeft, chartRight = 26.0, 8.0
	chartTop, chartBottom = 24.0, 26.0
	chartFont             = 14.0
	chartMaxPoints        = 12
	// chartLabelHalf is half the width of "aujourd'hui" in user units, to
	// keep it inside the drawing.
	chartLabelHalf = 40.0
)

// plot is the rectangle the curve is drawn in, and its scales.
type plot struct{ from, to points.Date }

func (p plot) x(d points.Date) float64 {
	d = min(max(d, p.from), p.to)
	return chartLeft + (chartW-chartLeft-chartRight)*float64(d-p.from)/float64(p.to-p.from)
}

func (plot) y(b int) float64 {
	b = min(max(b, 0), chartMaxPoints)
	return chartTop + (chartH-chartTop-chartBottom)*float64(chartMaxPoints-b)/chartMaxPoints
}

// balanceChart draws the balance over time, from day from to day to, as a
// step line: solid up to today, dashed after (the forecast), with
// "aujourd'hui" marked above the plot, where no line crosses it. Nothing
// is drawn outside the plot: what happened before from or happens after to
// is left out. Its text equivalent is the summary it carries and the list
// on the same page.
func balanceChart(id string, res points.Result, from, to points.Date, summary string) app.UI {
	if to <= from {
		to = from.AddMonths(6)
	}
	p := plot{from, to}
	past, future := chartSeries(res, from)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" id="%s" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-titre" xmlns="http://www.w3.org/2000/svg">`, id, chartW, chartH, id)
	fmt.Fprintf(&b, `<title id="%s-titre">%s</title>`, id, html.EscapeString(summary))
	// Horizontal grid at 0, 6 and 12 points.
	for _, v := range []int{0, 6, 12} {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#c9d1d8" stroke-width="1"/>`, chartLeft, chartW-chartRight, p.y(v), p.y(v))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="%.0f" text-anchor="end" fill="#4a4a50">%d</text>`, chartLeft-5, p.y(v)+5, chartFont, v)
	}
	for _, t := range chartTicks(from, to) {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#c9d1d8" stroke-width="1"/>`, p.x(t.day), p.x(t.day), p.y(0), p.y(0)+4)
		lx := clamp(p.x(t.day), chartLeft+18, chartW-chartRight-18)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="%.0f" text-anchor="middle" fill="#4a4a50">%s</text>`, lx, chartH-6, chartFont, t.label)
	}
	if res.At >= from && res.At <= to {
		// Today: a dotted line through the plot, its label above it.
		tx := p.x(res.At)
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#1d1d1f" stroke-width="1.5" stroke-dasharray="2 3"/>`, tx, tx, chartTop, p.y(0))
		anchor, lx := "middle", tx
		switch {
		case tx-chartLabelHalf < 0:
			anchor, lx = "start", max(tx-4, 0)
		case tx+chartLabelHalf > chartW:
			anchor, lx = "end", min(tx+4, chartW)
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="%.0f" text-anchor="%s" fill="#1d1d1f">aujourd'hui</text>`, lx, chartTop-8, chartFont, anchor)
	}
	if d := stepPath(past, min(res.At, to), p); d != "" {
		fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="#0b4f6c" stroke-width="3"/>`, d)
	}
	if res.At < to && len(future) > 1 {
		if d := stepPath(future, to, p); d != "" {
			fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="#0b4f6c" stroke-width="3" stroke-dasharray="8 6"/>`, d)
		}
	}
	b.WriteString(`</svg>`)
	caption := summary + " Trait plein : le passé"
	if res.At < to {
		caption += " ; tirets : la prévision"
	}
	return app.Figure().Class("chart-figure").Body(
		app.Raw(b.String()),
		app.FigCaption().Text(caption+"."),
	)
}

func clamp(v, lo, hi float64) float64 { return min(max(v, lo), hi) }

// chartTick is a mark of the time axis.
type chartTick struct {
	day   points.Date
	label string
}

// chartTicks marks the time axis: on a span of about a year, every
// quarter; up to 3 years, every half-year; beyond, every year, or every
// few years so that at most 6 labels share the width. A 1 January is
// labelled with its year, other months with their short name.
func chartTicks(from, to points.Date) []chartTick {
	y0, _, _ := from.YMD()
	y1, _, _ := to.YMD()
	months := []int{1}
	switch {
	case to <= from.AddMonths(14):
		months = []int{1, 4, 7, 10}
	case to <= from.AddYears(3):
		months = []int{1, 7}
	}
	step := 1
	for (y1-y0)/step > 6 {
		step++
	}
	var out []chartTick
	for yr := y0; yr <= y1; yr++ {
		for _, m := range months {
			d := points.NewDate(yr, time.Month(m), 1)
			if d <= from || d > to || m == 1 && (yr-y0)%step != 0 {
				continue
			}
			label := strconv.Itoa(yr)
			if m != 1 {
				label = shortMonths[m-1]
			}
			out = append(out, chartTick{d, label})
		}
	}
	return out
}

// shortMonths are the months' short names on a chart's axis.
var shortMonths = [...]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}

// chartSeries turns the history and the forecast into steps: the past up
// to today, and the future from today.
func chartSeries(res points.Result, from points.Date) (past, future []chartStep) {
	first := res.Balance
	if len(res.History) > 0 {
		first = res.History[0].Balance - res.History[0].Change
	}
	for _, c := range res.History {
		if c.Date <= from {
			first = c.Balance
		}
	}
	past = append(past, chartStep{from, first})
	for _, c := range res.History {
		if c.Date > from {
			past = append(past, chartStep{c.Date, c.Balance})
		}
	}
	future = append(future, chartStep{res.At, res.Balance})
	for _, c := range res.Forecast {
		future = append(future, chartStep{c.Date, c.Balance})
	}
	return past, future
}

// stepPath writes the SVG path of a step line that ends at day end,
// leaving out the steps after it; the scales keep every point inside the
// plot.
func stepPath(steps []chartStep, end points.Date, p plot) string {
	var b strings.Builder
	for i, s := range steps {
		if s.Date > end {
			break
		}
		if i == 0 {
			b.WriteString("M" + f1(p.x(s.Date)) + " " + f1(p.y(s.Balance)))
			continue
		}
		b.WriteString(" H" + f1(p.x(s.Date)) + " V" + f1(p.y(s.Balance)))
	}
	if b.Len() > 0 {
		b.WriteString(" H" + f1(p.x(end)))
	}
	return b.String()
}

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// historySpan is the first day the history's chart shows, out of the 10
// years of the history (or since the licence, if more recent), and how
// many years that is when it is less: the last year, or the last 3 years,
// when every change of the history sits in them — the 10-year scale would
// squeeze them into a few pixels at its right end — and the whole span
// otherwise (years 0).
func historySpan(r points.Result, obtained points.Date) (from points.Date, years int) {
	from = max(r.At.AddYears(-10), obtained)
	if len(r.History) == 0 {
		return from, 0
	}
	first := r.History[0].Date
	for _, c := range r.History {
		first = min(first, c.Date)
	}
	for _, n := range []int{1, 3} {
		if start := r.At.AddYears(-n); start > from && first >= start {
			return start, n
		}
	}
	return from, 0
}
