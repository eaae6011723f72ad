//go:build !wasm

package app

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"mespoints/points"
)

var (
	svgPath   = regexp.MustCompile(`<path d="([^"]*)"`)
	svgLine   = regexp.MustCompile(`<line x1="([\d.]+)" x2="([\d.]+)" y1="([\d.]+)" y2="([\d.]+)"`)
	svgText   = regexp.MustCompile(`<text x="([\d.]+)" y="([\d.]+)" font-size="([\d.]+)" text-anchor="(\w+)"[^>]*>([^<]*)</text>`)
	pathPoint = regexp.MustCompile(`([MHV])([\d.]+)(?: ([\d.]+))?`)
)

func num(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// minFont is the smallest text, in the chart's units, that reads at 12 px
// on a 360 px phone, whose page shows the chart 328 px wide.
const minFont = 12.0 * chartW / 328

// checkChart fails the test when the curve or a line leaves the plot, a
// text leaves the drawing or reads under 12 px at 360 px, or a line
// crosses "aujourd'hui".
func checkChart(t *testing.T, name, svg string) {
	t.Helper()
	left, right, top, bottom := chartLeft, chartW-chartRight, chartTop, chartH-chartBottom
	for _, m := range svgPath.FindAllStringSubmatch(svg, -1) {
		for _, p := range pathPoint.FindAllStringSubmatch(m[1], -1) {
			switch p[1] {
			case "M":
				if x, y := num(t, p[2]), num(t, p[3]); x < left || x > right || y < top || y > bottom {
					t.Errorf("%s: the curve starts at %v,%v, outside the plot", name, x, y)
				}
			case "H":
				if x := num(t, p[2]); x < left || x > right {
					t.Errorf("%s: the curve goes to x=%v, outside the plot [%v, %v]", name, x, left, right)
				}
			case "V":
				if y := num(t, p[2]); y < top || y > bottom {
					t.Errorf("%s: the curve goes to y=%v, outside the plot", name, y)
				}
			}
		}
	}
	var today []string
	for _, m := range svgText.FindAllStringSubmatch(svg, -1) {
		x, y, size := num(t, m[1]), num(t, m[2]), num(t, m[3])
		if size < minFont || x < 0 || x > chartW || y-size < 0 || y > chartH {
			t.Errorf("%s: text %q at %v,%v of size %v", name, m[5], x, y, size)
		}
		if m[5] == "aujourd'hui" {
			today = m
		}
	}
	for _, m := range svgLine.FindAllStringSubmatch(svg, -1) {
		x1, x2, y1, y2 := num(t, m[1]), num(t, m[2]), num(t, m[3]), num(t, m[4])
		if min(x1, x2) < left || max(x1, x2) > right || min(y1, y2) < top || max(y1, y2) > bottom+5 {
			t.Errorf("%s: line %v outside the plot", name, m[1:])
		}
		if today != nil && min(y1, y2) < num(t, today[2])+4 {
			// The label sits above the plot; every line starts below it.
			t.Errorf("%s: a line from y=%v crosses « aujourd'hui » at y=%s", name, min(y1, y2), today[2])
		}
	}
}

// The charts of every persona, and of a licence whose history ends years
// ago or has a forecast beyond the chart, stay inside their plot, readable.
func TestChartsStayInsideAndReadable(t *testing.T) {
	for login, v := range personaViews(t) {
		if !v.hasResult {
			continue
		}
		for name, html := range map[string]string{
			"historique": printUI((&History{v: v}).Render()),
			"calendrier": printUI((&Calendar{v: v}).Render()),
		} {
			for _, svg := range regexp.MustCompile(`(?s)<svg class="chart".*?</svg>`).FindAllString(html, -1) {
				checkChart(t, login+" "+name, svg)
			}
		}
	}
	// The history's chart ends today: the forecast after it is not drawn
	// past the plot.
	v := readyView(t, camilleLike(), day(2024, 8, 23), false)
	svg := printUI(balanceChart("x", v.result, day(2014, 8, 23), v.result.At, "s"))
	checkChart(t, "history ending today", svg)
	if strings.Contains(svg, "stroke-dasharray=\"8 6\"") {
		t.Error("the history's chart draws the forecast")
	}
}

// The history's chart shows the last year, or the last 3 years, when every
// change of the 10 years sits in them, and the whole span otherwise.
func TestHistorySpan(t *testing.T) {
	at := day(2026, 3, 16)
	change := func(d points.Date) points.Change { return points.Change{Date: d, Change: -3, Balance: 9, Ceiling: 12} }
	for _, tc := range []struct {
		name     string
		obtained points.Date
		history  []points.Change
		from     points.Date
		years    int
	}{
		{"one offence last month, licence of 20 years", day(2006, 1, 1), []points.Change{change(day(2026, 2, 16))}, day(2025, 3, 16), 1},
		{"offences 2 months and 2 years ago", day(2006, 1, 1), []points.Change{change(day(2024, 3, 1)), change(day(2026, 1, 16))}, day(2023, 3, 16), 3},
		{"changes 2 and 5 years ago", day(2006, 1, 1), []points.Change{change(day(2021, 3, 1)), change(day(2024, 3, 1))}, day(2016, 3, 16), 0},
		{"no change in 10 years", day(2006, 1, 1), nil, day(2016, 3, 16), 0},
		{"licence of 10 months", day(2025, 5, 1), []points.Change{change(day(2025, 12, 1))}, day(2025, 5, 1), 0},
		{"licence of 2 years, change last month", day(2024, 1, 1), []points.Change{change(day(2026, 2, 1))}, day(2025, 3, 16), 1},
		{"licence of 5 years, changes last year and 2 years ago", day(2021, 3, 16), []points.Change{change(day(2024, 6, 1)), change(day(2025, 6, 1))}, day(2023, 3, 16), 3},
	} {
		from, years := historySpan(points.Result{At: at, History: tc.history}, tc.obtained)
		if from != tc.from || years != tc.years {
			t.Errorf("%s: from %s years %d, want %s %d", tc.name, from, years, tc.from, tc.years)
		}
	}
	// Camille's history page shows the last year, and says so.
	got := printUI((&History{v: readyView(t, camilleLike(), day(2024, 8, 23), false)}).Render())
	if !strings.Contains(got, "La dernière année, où se trouvent tous les changements") {
		t.Error("the history page does not say it shows the last year")
	}
}

// The time axis is marked by quarters on a year, by half-years on 3, by
// years beyond, never more than 7 labels.
func TestChartTicks(t *testing.T) {
	for _, tc := range []struct {
		from, to points.Date
		want     string
	}{
		{day(2025, 3, 16), day(2026, 3, 16), "avr. juil. oct. 2026"},
		{day(2023, 3, 16), day(2026, 3, 16), "juil. 2024 juil. 2025 juil. 2026"},
		{day(2016, 3, 16), day(2026, 3, 16), "2018 2020 2022 2024 2026"},
	} {
		var labels []string
		for _, tick := range chartTicks(tc.from, tc.to) {
			labels = append(labels, tick.label)
		}
		if got := strings.Join(labels, " "); got != tc.want {
			t.Errorf("ticks %s–%s: %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}
}
