package loadtest

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// chartSeries is one curve of the percentile chart.
type chartSeries struct {
	name  string
	color string
	hist  *hdrhistogram.Histogram
}

// Chart geometry in SVG user units.
const (
	chartWidth  = 760
	chartHeight = 380
	chartLeft   = 72
	chartRight  = 150 // room for the legend
	chartTop    = 16
	chartBottom = 56
	// chartStep is the x distance between sampled points, in decades of
	// 1/(1-p): 0.02 gives 50 points per "nine".
	chartStep = 0.02
)

// percentileChartSVG draws response time against percentile. The x axis is
// log10(1/(1-p)), so 90%, 99%, 99.9% and 99.99% are evenly spaced. The y axis
// is logarithmic in microseconds. The SVG has no external references.
func percentileChartSVG(title string, series []chartSeries) string {
	xMax := chartXMax(series)
	yLow, yHigh := chartYRange(series, xMax)

	plotW := float64(chartWidth - chartLeft - chartRight)
	plotH := float64(chartHeight - chartTop - chartBottom)
	xPos := func(x float64) float64 { return chartLeft + plotW*x/xMax }
	yPos := func(us float64) float64 {
		v := math.Log10(max(us, 1))
		return chartTop + plotH*(1-(v-yLow)/(yHigh-yLow))
	}

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`,
		chartWidth, chartHeight, chartWidth, chartHeight, html.EscapeString(title))
	writeChartGrid(&b, xMax, yLow, yHigh, xPos, yPos)
	for i, s := range series {
		writeChartSeries(&b, s, xMax, xPos, yPos)
		ly := chartTop + 14 + 20*i
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="2.5"/>`,
			chartWidth-chartRight+14, ly-4, chartWidth-chartRight+38, ly-4, s.color)
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="legend">%s</text>`, chartWidth-chartRight+44, ly, html.EscapeString(s.name))
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="axis-title" text-anchor="middle">percentile</text>`,
		chartLeft+plotW/2, chartHeight-12)
	fmt.Fprintf(&b, `<text x="14" y="%.1f" class="axis-title" text-anchor="middle" transform="rotate(-90 14 %.1f)">response time (log scale)</text>`,
		chartTop+plotH/2, chartTop+plotH/2)
	b.WriteString("</svg>")
	return b.String()
}

// chartXMax returns the right end of the x axis: 99.99%, or 99.999% when a
// series has enough samples to resolve it.
func chartXMax(series []chartSeries) float64 {
	for _, s := range series {
		if s.hist.TotalCount() >= 100_000 {
			return 5
		}
	}
	return 4
}

// chartYRange returns the y axis range in decades of microseconds, covering
// every sampled value.
func chartYRange(series []chartSeries, xMax float64) (low, high float64) {
	minUS, maxUS := math.Inf(1), 1.0
	for _, s := range series {
		if s.hist.TotalCount() == 0 {
			continue
		}
		minUS = min(minUS, float64(max(s.hist.ValueAtPercentile(0), 1)))
		maxUS = max(maxUS, float64(s.hist.ValueAtPercentile(percentAt(xMax))), float64(s.hist.Max()))
	}
	if math.IsInf(minUS, 1) {
		minUS = 1
	}
	low, high = math.Floor(math.Log10(minUS)), math.Ceil(math.Log10(maxUS))
	if high <= low {
		high = low + 1
	}
	return low, high
}

// percentAt converts an x position back to a percentile in percent.
func percentAt(x float64) float64 { return 100 * (1 - math.Pow(10, -x)) }

func writeChartGrid(b *strings.Builder, xMax, yLow, yHigh float64, xPos, yPos func(float64) float64) {
	top, bottom := float64(chartTop), float64(chartHeight-chartBottom)
	labels := []string{"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"}
	for x := 0; float64(x) <= xMax; x++ {
		fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="grid"/>`, xPos(float64(x)), top, xPos(float64(x)), bottom)
		fmt.Fprintf(b, `<text x="%.1f" y="%.1f" class="tick" text-anchor="middle">%s</text>`, xPos(float64(x)), bottom+18, labels[x])
	}
	// 50% sits at log10(2) and is marked because medians are quoted most.
	x50 := math.Log10(2)
	fmt.Fprintf(b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="grid minor"/>`, xPos(x50), top, xPos(x50), bottom)
	fmt.Fprintf(b, `<text x="%.1f" y="%.1f" class="tick" text-anchor="middle">50%%</text>`, xPos(x50), bottom+18)

	for d := yLow; d <= yHigh; d++ {
		for _, m := range []float64{1, 2, 5} {
			us := m * math.Pow(10, d)
			if math.Log10(us) > yHigh {
				break
			}
			cls := "grid"
			if m != 1 {
				cls = "grid minor"
			}
			fmt.Fprintf(b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" class="%s"/>`, chartLeft, yPos(us), chartWidth-chartRight, yPos(us), cls)
			fmt.Fprintf(b, `<text x="%d" y="%.1f" class="tick" text-anchor="end">%s</text>`, chartLeft-6, yPos(us)+4, formatTick(us))
		}
	}
}

func writeChartSeries(b *strings.Builder, s chartSeries, xMax float64, xPos, yPos func(float64) float64) {
	if s.hist.TotalCount() == 0 {
		return
	}
	fmt.Fprintf(b, `<polyline fill="none" stroke="%s" stroke-width="2" points="`, s.color)
	for x := 0.0; x <= xMax+1e-9; x += chartStep {
		us := float64(s.hist.ValueAtPercentile(percentAt(x)))
		fmt.Fprintf(b, "%.1f,%.1f ", xPos(x), yPos(us))
	}
	b.WriteString(`"/>`)
}

// formatTick formats a round axis value without trailing zeros: 200µs, 5ms, 1s.
func formatTick(us float64) string {
	switch {
	case us < 1000:
		return strconv.FormatFloat(us, 'g', -1, 64) + "µs"
	case us < 1_000_000:
		return strconv.FormatFloat(us/1000, 'g', -1, 64) + "ms"
	}
	return strconv.FormatFloat(us/1_000_000, 'g', -1, 64) + "s"
}
