package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Charts drawn on the server as inline SVG: they need no script and no library from a CDN.
// Each bar and point carries its value as text, and the SVG is an image with a title and a
// description, so that a screen reader says what it shows; the page puts the same figures
// in a table beside it.

// chartPoint is one bar or one point: its label, the value that sizes it, and the value
// as printed.
type chartPoint struct {
	Label string
	Value float64
	Text  string
}

// chart geometry, in SVG user units; the SVG scales to its container's width.
const (
	chartWidth   = 640
	barLabelW    = 190
	barValueW    = 110
	barRowH      = 26
	barThickness = 16
	lineHeight   = 240
	linePadX     = 48
	linePadTop   = 28
	linePadBot   = 36
)

var esc = template.HTMLEscapeString

// fnum writes a coordinate with at most one decimal, so that the markup is stable.
func fnum(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}

// chartHead opens the SVG as an image named title and described by desc; id makes the id
// of the description unique on the page.
func chartHead(b *strings.Builder, id, title, desc string, height int) {
	fmt.Fprintf(b, `<svg class="chart" role="img" aria-label="%[4]s" aria-describedby="%[1]s-d" viewBox="0 0 %[2]d %[3]d" width="100%%" preserveAspectRatio="xMinYMin meet" font-size="12" fill="#1a1a1a" xmlns="http://www.w3.org/2000/svg">`,
		esc(id), chartWidth, height, esc(title))
	// The name is an attribute, not a <title>: a page has one <title>, its own.
	fmt.Fprintf(b, `<desc id="%s-d">%s</desc>`, esc(id), esc(desc))
}

// describe lists the points as "label: value" for the chart's description.
func describe(points []chartPoint) string {
	parts := make([]string, len(points))
	for i, p := range points {
		parts[i] = p.Label + ": " + p.Text
	}
	return strings.Join(parts, "; ")
}

// barChart draws horizontal bars, one row per point, the longest the largest value.
func barChart(id, title string, points []chartPoint) template.HTML {
	var b strings.Builder
	height := len(points)*barRowH + 8
	chartHead(&b, id, title, describe(points), height)
	maxV := 0.0
	for _, p := range points {
		maxV = math.Max(maxV, p.Value)
	}
	span := float64(chartWidth - barLabelW - barValueW)
	for i, p := range points {
		y := i*barRowH + 4
		w := 0.0
		if maxV > 0 {
			w = span * p.Value / maxV
		}
		mid := y + barRowH/2
		fmt.Fprintf(&b, `<g class="bar"><text x="%d" y="%d" text-anchor="end" dominant-baseline="middle">%s</text>`,
			barLabelW-8, mid, esc(p.Label))
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%s" height="%d" fill="#2b6cb0"></rect>`, barLabelW, mid-barThickness/2, fnum(w), barThickness)
		fmt.Fprintf(&b, `<text x="%s" y="%d" dominant-baseline="middle">%s</text></g>`, fnum(float64(barLabelW)+w+6), mid, esc(p.Text))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // #nosec G203 -- every text above is escaped
}

// lineChart draws the points left to right joined by a line, over a baseline and a line
// at the largest value, each point labelled below with its label and above with its value.
func lineChart(id, title string, points []chartPoint) template.HTML {
	var b strings.Builder
	chartHead(&b, id, title, describe(points), lineHeight)
	maxV := 0.0
	for _, p := range points {
		maxV = math.Max(maxV, p.Value)
	}
	plotH := float64(lineHeight - linePadTop - linePadBot)
	base := float64(lineHeight - linePadBot)
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%s" x2="%d" y2="%s" stroke="#767676"></line>`, linePadX, fnum(base), chartWidth-linePadX, fnum(base))
	x := func(i int) float64 {
		if len(points) == 1 {
			return chartWidth / 2
		}
		return linePadX + float64(i)*float64(chartWidth-2*linePadX)/float64(len(points)-1)
	}
	y := func(v float64) float64 {
		if maxV <= 0 {
			return base
		}
		return base - plotH*v/maxV
	}
	coords := make([]string, len(points))
	for i, p := range points {
		coords[i] = fnum(x(i)) + "," + fnum(y(p.Value))
	}
	if len(points) > 1 {
		fmt.Fprintf(&b, `<polyline class="line" points="%s" fill="none" stroke="#2b6cb0" stroke-width="2"></polyline>`, strings.Join(coords, " "))
	}
	for i, p := range points {
		fmt.Fprintf(&b, `<g class="point"><circle cx="%s" cy="%s" r="4" fill="#2b6cb0"></circle>`, fnum(x(i)), fnum(y(p.Value)))
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle">%s</text>`, fnum(x(i)), fnum(y(p.Value)-10), esc(p.Text))
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle">%s</text></g>`, fnum(x(i)), fnum(base+22), esc(p.Label))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // #nosec G203 -- every text above is escaped
}
