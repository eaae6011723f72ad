package app

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"mespoints/points"
)

// chartStep is one point of the balance curve: from Date on, the balance
// is Balance.
type chartStep struct {
	Date    points.Date
	Balance int
}

// Geometry of the chart, in SVG user units; the SVG scales to the width of
// the screen.
const (
	chartW, chartH        = 640.0, 260.0
	chartLeft, chartRight = 40.0, 12.0
	chartTop, chartBottom = 12.0, 32.0
	chartMaxPoints        = 12
)

// balanceChart draws the balance over time as a step line: solid up to
// today, dashed after (the forecast), with a marked "aujourd'hui". Its text
// equivalent is the summary it carries and the list on the same page.
func balanceChart(id string, res points.Result, from, to points.Date, summary string) app.UI {
	past, future := chartSeries(res, from)
	if to <= res.At {
		to = res.At.AddMonths(6)
	}
	if from >= res.At {
		from = res.At.AddMonths(-6)
	}
	x := func(d points.Date) float64 {
		return chartLeft + (chartW-chartLeft-chartRight)*float64(d-from)/float64(to-from)
	}
	y := func(b int) float64 {
		return chartTop + (chartH-chartTop-chartBottom)*float64(chartMaxPoints-b)/chartMaxPoints
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" id="%s" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-titre" xmlns="http://www.w3.org/2000/svg">`, id, chartW, chartH, id)
	fmt.Fprintf(&b, `<title id="%s-titre">%s</title>`, id, html.EscapeString(summary))
	// Horizontal grid at 0, 6 and 12 points.
	for _, v := range []int{0, 6, 12} {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#c9d1d8" stroke-width="1"/>`, chartLeft, chartW-chartRight, y(v), y(v))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="13" text-anchor="end" fill="#4a4a50">%d</text>`, chartLeft-6, y(v)+4, v)
	}
	// A tick every year or more, so that labels do not collide.
	y0, _, _ := from.YMD()
	y1, _, _ := to.YMD()
	step := 1
	for (y1-y0)/step > 6 {
		step++
	}
	for yr := y0 + 1; yr <= y1; yr += step {
		d := points.NewDate(yr, 1, 1)
		if d < from || d > to {
			continue
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="13" text-anchor="middle" fill="#4a4a50">%d</text>`, x(d), chartH-10, yr)
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#c9d1d8" stroke-width="1"/>`, x(d), x(d), y(0), y(0)+5)
	}
	// Today.
	fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#1d1d1f" stroke-width="1.5" stroke-dasharray="2 3"/>`, x(res.At), x(res.At), chartTop, y(0))
	fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="13" text-anchor="middle" fill="#1d1d1f">aujourd'hui</text>`, clamp(x(res.At), chartLeft+36, chartW-chartRight-36), chartTop+10)
	fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="#0b4f6c" stroke-width="3"/>`, stepPath(past, res.At, x, y))
	if len(future) > 1 {
		fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="#0b4f6c" stroke-width="3" stroke-dasharray="8 6"/>`, stepPath(future, to, x, y))
	}
	b.WriteString(`</svg>`)
	return app.Figure().Class("chart-figure").Body(
		app.Raw(b.String()),
		app.FigCaption().Text(summary+" Trait plein : le passé ; tirets : la prévision."),
	)
}

func clamp(v, lo, hi float64) float64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// chartSeries turns the history and the forecast into steps: the past up
// to today, and the future from today.
func chartSeries(res points.Result, from points.Date) (past, future []chartStep) {
	start := -1
	for i, c := range res.History {
		if c.Date <= from {
			start = i
		}
	}
	first := 0
	if start >= 0 {
		first = res.History[start].Balance
	} else if len(res.History) > 0 {
		first = res.History[0].Balance - res.History[0].Change
	} else {
		first = res.Balance
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

// stepPath writes the SVG path of a step line that ends at day end.
func stepPath(steps []chartStep, end points.Date, x func(points.Date) float64, y func(int) float64) string {
	var b strings.Builder
	for i, s := range steps {
		if i == 0 {
			b.WriteString("M" + f1(x(s.Date)) + " " + f1(y(s.Balance)))
			continue
		}
		b.WriteString(" H" + f1(x(s.Date)) + " V" + f1(y(s.Balance)))
	}
	if len(steps) > 0 {
		b.WriteString(" H" + f1(x(end)))
	}
	return b.String()
}

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }
