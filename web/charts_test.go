package web

import (
	"encoding/xml"
	"strings"
	"testing"
)

// wellFormed parses svg as XML, so that a browser draws it as it is written.
func wellFormed(t *testing.T, svg string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		_, err := d.Token()
		if err != nil {
			if err.Error() != "EOF" {
				t.Fatalf("not well-formed: %v\n%s", err, svg)
			}
			return
		}
	}
}

func TestChart_Bars(t *testing.T) {
	svg := string(barChart("c1", "Amount <by> type", []chartPoint{
		{Label: "IaaS & co", Value: 200, Text: "200"}, {Label: "SaaS", Value: 50, Text: "50"}, {Label: "none", Value: 0, Text: "0"}}))
	wellFormed(t, svg)
	for _, want := range []string{`role="img"`, `aria-label="Amount &lt;by&gt; type"`, `aria-describedby="c1-d"`,
		`<desc id="c1-d">IaaS &amp; co: 200; SaaS: 50; none: 0</desc>`,
		`width="340" height="16"`, `width="85" height="16"`, `width="0" height="16"`, // longest bar is the largest value
		`>IaaS &amp; co</text>`, `>200</text>`} {
		if !strings.Contains(svg, want) {
			t.Errorf("bar chart lacks %s:\n%s", want, svg)
		}
	}
	// No value at all draws empty bars rather than dividing by zero.
	empty := string(barChart("c2", "t", []chartPoint{{Label: "a", Text: "0"}}))
	wellFormed(t, empty)
	if strings.Contains(empty, "NaN") || !strings.Contains(empty, `width="0"`) {
		t.Errorf("empty chart: %s", empty)
	}
}

func TestChart_Line(t *testing.T) {
	svg := string(lineChart("l1", "By year", []chartPoint{
		{Label: "2024", Value: 100, Text: "100"}, {Label: "2025", Value: 50, Text: "50"}, {Label: "2026", Value: 0, Text: "0"}}))
	wellFormed(t, svg)
	// The largest value at the top of the plot (y 28), zero on the baseline (y 204), half
	// between; the years spread from one side to the other.
	for _, want := range []string{`<polyline class="line" points="48,28 320,116 592,204"`,
		`<desc id="l1-d">2024: 100; 2025: 50; 2026: 0</desc>`, `>2025</text>`, `>50</text>`} {
		if !strings.Contains(svg, want) {
			t.Errorf("line chart lacks %s:\n%s", want, svg)
		}
	}
	one := string(lineChart("l2", "t", []chartPoint{{Label: "2025", Value: 3, Text: "3"}}))
	wellFormed(t, one)
	if strings.Contains(one, "<polyline") || !strings.Contains(one, `cx="320"`) {
		t.Errorf("a single point is a dot in the middle: %s", one)
	}
}
