package loadtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"
)

// Report file names inside the output folder.
const (
	JSONReportFile = "report.json"
	HLogFile       = "histograms.hlog"
	HTMLReportFile = "report.html"
)

// WriteJSON writes the report as indented JSON. Histograms are embedded as
// base64 V2 compressed HDR strings.
func WriteJSON(w io.Writer, report *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(report); err != nil {
		return fmt.Errorf("write JSON report: %w", err)
	}
	return nil
}

// ReadJSON reads a report written by WriteJSON.
func ReadJSON(r io.Reader) (*Report, error) {
	var report Report
	if err := json.NewDecoder(r).Decode(&report); err != nil {
		return nil, fmt.Errorf("read JSON report: %w", err)
	}
	return &report, nil
}

// WriteHLog writes every run's response-time histogram in the HdrHistogram
// interval log format, tagged scenario/rate/side/run, in run order. Values are
// microseconds, so the format's interval-max column, which assumes
// nanoseconds, reads in seconds.
func WriteHLog(w io.Writer, report *Report) error {
	lw := hdrhistogram.NewHistogramLogWriter(w)
	base := report.StartedAt.UnixMilli()
	lw.SetBaseTime(base)
	if err := lw.OutputLogFormatVersion(); err != nil {
		return fmt.Errorf("write hlog: %w", err)
	}
	if err := lw.OutputComment("gateload response times from intended send time, microseconds"); err != nil {
		return fmt.Errorf("write hlog: %w", err)
	}
	if err := lw.OutputStartTime(base); err != nil {
		return fmt.Errorf("write hlog: %w", err)
	}
	if err := lw.OutputLegend(); err != nil {
		return fmt.Errorf("write hlog: %w", err)
	}

	for _, sc := range report.Scenarios {
		for _, st := range sc.Steps {
			runs := append(append([]RunSummary(nil), st.Gateway.Runs...), st.Direct.Runs...)
			for _, run := range runs {
				if err := writeHLogRun(lw, sc.Name, st.Rate, run); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func writeHLogRun(lw *hdrhistogram.HistogramLogWriter, scenario string, rate float64, run RunSummary) error {
	if run.ResponseHist == nil {
		return nil
	}
	// Clone, because tags and times are set on the histogram itself.
	h := run.ResponseHist.HDR.Clone()
	h.SetTag(fmt.Sprintf("%s/%s/%s/%d", scenario, strconv.FormatFloat(rate, 'f', -1, 64), run.Side, run.Repeat))
	start := run.StartedAt.UnixMilli()
	h.SetStartTimeMs(start)
	h.SetEndTimeMs(start + int64(run.ElapsedSec*float64(time.Second/time.Millisecond)))
	if err := lw.OutputIntervalHistogram(h); err != nil {
		return fmt.Errorf("write hlog: %w", err)
	}
	return nil
}

// WriteReportFiles writes the JSON, hlog and HTML reports into dir, creating
// it if needed, and returns the paths written.
func WriteReportFiles(dir string, report *Report) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create report folder: %w", err)
	}
	writers := []struct {
		name  string
		write func(io.Writer, *Report) error
	}{
		{JSONReportFile, WriteJSON},
		{HLogFile, WriteHLog},
		{HTMLReportFile, WriteHTML},
	}
	var paths []string
	for _, wr := range writers {
		path := filepath.Join(dir, wr.name)
		if err := writeFile(path, report, wr.write); err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

func writeFile(path string, report *Report, write func(io.Writer, *Report) error) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("create report: %w", err)
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	return write(f, report)
}
