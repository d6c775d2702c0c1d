package loadtest

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// runInfo carries the facts about a run that the recorder does not have.
type runInfo struct {
	side            Side
	repeat          int
	rate            float64
	connections     int
	maxLateFraction float64
	peakInFlight    int64
	bytesIn         int64
	startedAt       time.Time
}

// summarize turns a finished recorder into a RunSummary and decides whether
// the run is valid.
func summarize(rec *recorder, info runInfo) RunSummary {
	s := RunSummary{
		Side:            info.side,
		Repeat:          info.repeat,
		RequestedRate:   info.rate,
		Planned:         int64(rec.sched.total),
		Requests:        rec.requests,
		Successes:       rec.successes,
		ResponseTime:    percentilesOf(rec.response),
		ServiceTime:     percentilesOf(rec.service),
		Lateness:        percentilesOf(rec.lateness),
		LateThresholdUS: float64(rec.threshold / time.Microsecond),
		PeakInFlight:    info.peakInFlight,
		Connections:     info.connections,
		BytesIn:         info.bytesIn,
		BytesOut:        rec.bytesOut,
		StatusCodes:     make(map[string]int64, len(rec.codes)),
		StartedAt:       info.startedAt,
		ResponseHist:    &Histogram{HDR: rec.response},
		ServiceHist:     &Histogram{HDR: rec.service},
		LatenessHist:    &Histogram{HDR: rec.lateness},
	}
	for code, n := range rec.codes {
		s.StatusCodes[strconv.Itoa(code)] = n
	}
	if len(rec.errors) > 0 {
		s.Errors = rec.errors
	}

	if s.Requests > 0 {
		s.SuccessRatio = float64(s.Successes) / float64(s.Requests)
	}
	if span := rec.lastSend.Sub(rec.firstSend); s.Requests > 1 && span > 0 {
		s.OfferedRate = float64(s.Requests-1) / span.Seconds()
	}
	if elapsed := rec.lastEnd.Sub(rec.firstSend); elapsed > 0 {
		s.ElapsedSec = elapsed.Seconds()
		s.AchievedRate = float64(s.Successes) / s.ElapsedSec
	}

	// A planned send that never happened is at least as bad as a late one.
	missing := max(s.Planned-s.Requests, 0)
	s.LateSends = rec.late + missing
	if s.Planned > 0 {
		s.LateFraction = float64(s.LateSends) / float64(s.Planned)
	}
	s.Valid = s.LateFraction <= info.maxLateFraction
	if !s.Valid {
		s.InvalidReason = lateReason(s, missing, info.maxLateFraction)
	}
	return s
}

// lateReason explains an invalid run and names the likely cause.
func lateReason(s RunSummary, missing int64, limit float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "generator fell behind: %d of %d sends (%.2f%%, limit %.2f%%) started more than %s late",
		s.LateSends, s.Planned, 100*s.LateFraction, 100*limit, formatUS(s.LateThresholdUS))
	if missing > 0 {
		fmt.Fprintf(&b, " or never started (%d)", missing)
	}
	fmt.Fprintf(&b, "; max lateness %s", formatUS(s.Lateness.Max))
	if s.Connections > 0 && s.PeakInFlight >= int64(s.Connections) {
		fmt.Fprintf(&b, "; all %d connections were busy: responses came slower than sends were due, because the target stalled, the machine is overloaded or connections is too low", s.Connections)
	} else {
		b.WriteString("; connections were free, so the generator itself lacked CPU time")
	}
	return b.String()
}

// mergeRuns combines the runs of one side into one summary. Histograms are
// merged, so its percentiles cover every request of every run. Rates are the
// mean over runs.
func mergeRuns(runs []RunSummary) RunSummary {
	if len(runs) == 0 {
		return RunSummary{}
	}
	m := RunSummary{
		Side:            runs[0].Side,
		RequestedRate:   runs[0].RequestedRate,
		LateThresholdUS: runs[0].LateThresholdUS,
		Connections:     runs[0].Connections,
		StartedAt:       runs[0].StartedAt,
		StatusCodes:     make(map[string]int64),
		ResponseHist:    &Histogram{HDR: newHistogram()},
		ServiceHist:     &Histogram{HDR: newHistogram()},
		LatenessHist:    &Histogram{HDR: newHistogram()},
		Valid:           true,
	}
	for _, r := range runs {
		m.mergeCounts(r)
		m.OfferedRate += r.OfferedRate / float64(len(runs))
		m.AchievedRate += r.AchievedRate / float64(len(runs))
		m.ResponseHist.HDR.Merge(r.ResponseHist.HDR)
		m.ServiceHist.HDR.Merge(r.ServiceHist.HDR)
		m.LatenessHist.HDR.Merge(r.LatenessHist.HDR)
		if !r.Valid && m.Valid {
			m.Valid = false
			m.InvalidReason = fmt.Sprintf("%s run %d: %s", r.Side, r.Repeat, r.InvalidReason)
		}
	}

	if m.Requests > 0 {
		m.SuccessRatio = float64(m.Successes) / float64(m.Requests)
	}
	if m.Planned > 0 {
		m.LateFraction = float64(m.LateSends) / float64(m.Planned)
	}
	m.ResponseTime = percentilesOf(m.ResponseHist.HDR)
	m.ServiceTime = percentilesOf(m.ServiceHist.HDR)
	m.Lateness = percentilesOf(m.LatenessHist.HDR)
	return m
}

// mergeCounts adds the counters of r to m.
func (m *RunSummary) mergeCounts(r RunSummary) {
	m.Planned += r.Planned
	m.Requests += r.Requests
	m.Successes += r.Successes
	m.LateSends += r.LateSends
	m.ElapsedSec += r.ElapsedSec
	m.BytesIn += r.BytesIn
	m.BytesOut += r.BytesOut
	m.PeakInFlight = max(m.PeakInFlight, r.PeakInFlight)
	for code, n := range r.StatusCodes {
		m.StatusCodes[code] += n
	}
	for msg, n := range r.Errors {
		if m.Errors == nil {
			m.Errors = make(map[string]int64)
		}
		if _, ok := m.Errors[msg]; ok || len(m.Errors) < maxErrorKinds {
			m.Errors[msg] += n
		}
	}
}

// formatUS formats microseconds for people: 850µs, 1.25ms, 2.5s.
func formatUS(us float64) string {
	switch {
	case us < 0:
		return "-" + formatUS(-us)
	case us < 1000:
		return strconv.FormatFloat(us, 'f', 0, 64) + "µs"
	case us < 1_000_000:
		return strconv.FormatFloat(us/1000, 'f', 2, 64) + "ms"
	}
	return strconv.FormatFloat(us/1_000_000, 'f', 2, 64) + "s"
}
