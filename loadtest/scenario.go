package loadtest

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"time"
)

// Scenario is one load pattern run against the gateway and the direct path.
// The harness only reads a Scenario, so it may be shared between goroutines
// unless it is modified during a run.
type Scenario struct {
	Name        string
	Description string
	// Targets are requested in turn (round robin), each path appended to the
	// base URL of the side being measured.
	Targets []Target
	// Rates holds one rate in requests per second, or several for a sweep,
	// run in the order given.
	Rates    []float64
	Duration time.Duration
	// Warmup is run once per side before the first measured run and discarded.
	Warmup time.Duration
	// Connections caps both the attack's workers and the TCP connections per
	// host, so it is also the maximum number of requests in flight.
	Connections int
	// Repeats is the number of measured gateway runs and, interleaved with
	// them, of direct runs per rate.
	Repeats int
	// Timeout bounds each request. A request that times out is a failure.
	Timeout time.Duration
	// ExpectStatus lists the status codes counted as success. Empty means
	// any 2xx.
	ExpectStatus []int
	Backend      BackendSpec
	// LateThreshold overrides the lateness above which a send counts as late.
	// Zero selects the default: one send interval, clamped to [1ms, 10ms].
	LateThreshold time.Duration
	// MaxLateFraction is the largest fraction of late sends a valid run may
	// have. Nil selects DefaultMaxLateFraction.
	MaxLateFraction *float64
}

// Target is one request of a scenario. Body and Header are shared by every
// request made from the target and must not be modified once a run starts,
// which makes a Target safe for concurrent reads.
type Target struct {
	Method string
	Path   string
	Header http.Header
	Body   []byte
}

// BackendSpec configures the stub backends an environment starts for a
// scenario. Environments that point at running processes ignore it. It is a
// plain value, safe to copy and share.
type BackendSpec struct {
	// Latency is added by the stub before it responds.
	Latency time.Duration
	// ResponseSize is the response body size in bytes.
	ResponseSize int
	// Count is the number of stub backends. The gateway balances over all of
	// them, and the direct runs rotate through them.
	Count int
}

// Scenario defaults and limits. The limits bound every run in time and count
// and reject values that are almost certainly typos.
const (
	DefaultDuration        = 10 * time.Second
	DefaultWarmup          = time.Second
	DefaultConnections     = 64
	DefaultRepeats         = 1
	DefaultTimeout         = 10 * time.Second
	DefaultResponseSize    = 64
	DefaultMaxLateFraction = 0.001

	maxRate           = 1_000_000
	maxDuration       = time.Hour
	maxRunRequests    = 10_000_000
	maxConnections    = 100_000
	maxRepeats        = 100
	maxTimeout        = 5 * time.Minute
	maxBodySize       = 64 << 20
	maxBackendCount   = 64
	maxBackendLatency = time.Minute
	maxLateThreshold  = time.Second
)

// scenarioFileYAML is the on-disk form of a scenario file. Durations stay
// strings until validation so that a bad one can be reported with its position.
type scenarioFileYAML struct {
	Scenarios []scenarioYAML `yaml:"scenarios"`
}

type scenarioYAML struct {
	Name            string       `yaml:"name"`
	Description     string       `yaml:"description"`
	Targets         []targetYAML `yaml:"targets"`
	Rate            *float64     `yaml:"rate"`
	Rates           []float64    `yaml:"rates"`
	Duration        string       `yaml:"duration"`
	Warmup          *string      `yaml:"warmup"`
	Connections     int          `yaml:"connections"`
	Repeats         int          `yaml:"repeats"`
	Timeout         string       `yaml:"timeout"`
	ExpectStatus    []int        `yaml:"expect_status"`
	Backend         backendYAML  `yaml:"backend"`
	LateThreshold   string       `yaml:"late_threshold"`
	MaxLateFraction *float64     `yaml:"max_late_fraction"`
}

type targetYAML struct {
	Method   string            `yaml:"method"`
	Path     string            `yaml:"path"`
	Headers  map[string]string `yaml:"headers"`
	Body     *string           `yaml:"body"`
	BodySize *int              `yaml:"body_size"`
}

type backendYAML struct {
	Latency      string `yaml:"latency"`
	ResponseSize *int   `yaml:"response_size"`
	Count        int    `yaml:"count"`
}

// LoadScenarios reads and validates a scenario file.
func LoadScenarios(path string) ([]Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read scenarios: %w", err)
	}
	return ParseScenarios(path, data)
}

// ParseScenarios decodes and validates a scenario file's content. name is
// used in error positions. Errors wrap ErrInvalidFile and are *FileError.
func ParseScenarios(name string, data []byte) ([]Scenario, error) {
	var file scenarioFileYAML
	doc, err := decodeYAML(name, data, &file)
	if err != nil {
		return nil, err
	}
	if len(file.Scenarios) == 0 {
		return nil, doc.errorAt(nil, "no scenarios: the file needs a non-empty scenarios list")
	}

	scenarios := make([]Scenario, 0, len(file.Scenarios))
	seen := make(map[string]int, len(file.Scenarios))
	for i, raw := range file.Scenarios {
		path := []any{"scenarios", i}
		sc, err := raw.compile(doc, path)
		if err != nil {
			return nil, err
		}
		if first, dup := seen[sc.Name]; dup {
			return nil, doc.errorAt(append(path, "name"), "duplicate scenario name %q (first used by scenario %d)", sc.Name, first+1)
		}
		seen[sc.Name] = i
		scenarios = append(scenarios, sc)
	}
	return scenarios, nil
}

// compile validates one raw scenario and applies the defaults.
func (raw *scenarioYAML) compile(doc *yamlDoc, path []any) (Scenario, error) {
	at := func(keys ...any) []any { return append(slices.Clip(path), keys...) }
	sc := Scenario{
		Name:            raw.Name,
		Description:     raw.Description,
		Connections:     orDefault(raw.Connections, DefaultConnections),
		Repeats:         orDefault(raw.Repeats, DefaultRepeats),
		ExpectStatus:    raw.ExpectStatus,
		MaxLateFraction: raw.MaxLateFraction,
	}
	if err := validateName(raw.Name); err != nil {
		return sc, doc.errorAt(at("name"), "scenario name: %v", err)
	}

	rates, err := raw.rates(doc, at)
	if err != nil {
		return sc, err
	}
	sc.Rates = rates

	if err := raw.compileDurations(doc, at, &sc); err != nil {
		return sc, err
	}
	if err := raw.checkLimits(doc, at, &sc); err != nil {
		return sc, err
	}

	if len(raw.Targets) == 0 {
		return sc, doc.errorAt(at("targets"), "scenario %q has no targets", sc.Name)
	}
	for i, rt := range raw.Targets {
		t, err := rt.compile(doc, at("targets", i))
		if err != nil {
			return sc, err
		}
		sc.Targets = append(sc.Targets, t)
	}

	backend, err := raw.Backend.compile(doc, at("backend"))
	if err != nil {
		return sc, err
	}
	sc.Backend = backend
	return sc, nil
}

// rates returns the rate or the sweep, which exclude each other.
func (raw *scenarioYAML) rates(doc *yamlDoc, at func(...any) []any) ([]float64, error) {
	switch {
	case raw.Rate != nil && len(raw.Rates) > 0:
		return nil, doc.errorAt(at("rates"), "scenario %q sets both rate and rates; keep one", raw.Name)
	case raw.Rate != nil:
		if err := checkRate(*raw.Rate); err != nil {
			return nil, doc.errorAt(at("rate"), "%v", err)
		}
		return []float64{*raw.Rate}, nil
	case len(raw.Rates) > 0:
		for i, r := range raw.Rates {
			if err := checkRate(r); err != nil {
				return nil, doc.errorAt(at("rates", i), "%v", err)
			}
		}
		return raw.Rates, nil
	}
	return nil, doc.errorAt(at(), "scenario %q needs rate (requests per second) or rates (a sweep)", raw.Name)
}

func checkRate(r float64) error {
	if !(r > 0 && r <= maxRate) {
		return fmt.Errorf("rate %g is out of range: want more than 0 and at most %d requests per second", r, maxRate)
	}
	return nil
}

// compileDurations parses the duration fields and applies their defaults.
func (raw *scenarioYAML) compileDurations(doc *yamlDoc, at func(...any) []any, sc *Scenario) error {
	var err error
	if sc.Duration, err = doc.parseDuration(at("duration"), raw.Duration); err != nil {
		return err
	}
	if raw.Duration == "" {
		sc.Duration = DefaultDuration
	}
	if sc.Duration == 0 || sc.Duration > maxDuration {
		return doc.errorAt(at("duration"), "duration %s is out of range: want more than 0 and at most %s", sc.Duration, maxDuration)
	}

	sc.Warmup = DefaultWarmup
	if raw.Warmup != nil {
		if sc.Warmup, err = doc.parseDuration(at("warmup"), *raw.Warmup); err != nil {
			return err
		}
	}
	if sc.Warmup > maxDuration {
		return doc.errorAt(at("warmup"), "warmup %s is longer than %s", sc.Warmup, maxDuration)
	}

	if sc.Timeout, err = doc.parseDuration(at("timeout"), raw.Timeout); err != nil {
		return err
	}
	if raw.Timeout == "" {
		sc.Timeout = DefaultTimeout
	}
	if sc.Timeout == 0 || sc.Timeout > maxTimeout {
		return doc.errorAt(at("timeout"), "timeout %s is out of range: want more than 0 and at most %s", sc.Timeout, maxTimeout)
	}

	if sc.LateThreshold, err = doc.parseDuration(at("late_threshold"), raw.LateThreshold); err != nil {
		return err
	}
	if sc.LateThreshold > maxLateThreshold {
		return doc.errorAt(at("late_threshold"), "late_threshold %s is longer than %s", sc.LateThreshold, maxLateThreshold)
	}
	return nil
}

// checkLimits validates the counts and fractions of a scenario.
func (raw *scenarioYAML) checkLimits(doc *yamlDoc, at func(...any) []any, sc *Scenario) error {
	if sc.Connections < 1 || sc.Connections > maxConnections {
		return doc.errorAt(at("connections"), "connections %d is out of range: want 1 to %d", sc.Connections, maxConnections)
	}
	if sc.Repeats < 1 || sc.Repeats > maxRepeats {
		return doc.errorAt(at("repeats"), "repeats %d is out of range: want 1 to %d", sc.Repeats, maxRepeats)
	}
	for i, r := range sc.Rates {
		if n := r * sc.Duration.Seconds(); n > maxRunRequests {
			return doc.errorAt(at("duration"), "rate %g for %s makes %.0f requests per run, more than the limit of %d", sc.Rates[i], sc.Duration, n, maxRunRequests)
		}
	}
	for i, code := range sc.ExpectStatus {
		if code < 100 || code > 599 {
			return doc.errorAt(at("expect_status", i), "status code %d is out of range: want 100 to 599", code)
		}
	}
	if raw.MaxLateFraction != nil {
		f := *raw.MaxLateFraction
		if !(f >= 0 && f <= 1) {
			return doc.errorAt(at("max_late_fraction"), "max_late_fraction %g is out of range: want 0 to 1", f)
		}
	}
	return nil
}

// compile validates one target. A target has a body or a body size, not both.
func (rt *targetYAML) compile(doc *yamlDoc, path []any) (Target, error) {
	at := func(keys ...any) []any { return append(slices.Clip(path), keys...) }
	t := Target{Method: rt.Method, Path: rt.Path}
	if t.Method == "" {
		t.Method = http.MethodGet
	}
	if !isToken(t.Method) {
		return t, doc.errorAt(at("method"), "invalid method %q: want an HTTP token such as GET", t.Method)
	}
	if !strings.HasPrefix(t.Path, "/") || strings.ContainsAny(t.Path, " \t\r\n#") {
		return t, doc.errorAt(at("path"), "invalid path %q: want an origin-form path starting with / and without spaces or a fragment", t.Path)
	}

	if len(rt.Headers) > 0 {
		t.Header = make(http.Header, len(rt.Headers))
	}
	for name, value := range rt.Headers {
		if !isToken(name) {
			return t, doc.errorAt(at("headers", name), "invalid header name %q", name)
		}
		if strings.ContainsAny(value, "\r\n\x00") {
			return t, doc.errorAt(at("headers", name), "header %s contains CR, LF or NUL", name)
		}
		t.Header.Set(name, value)
	}

	switch {
	case rt.Body != nil && rt.BodySize != nil:
		return t, doc.errorAt(at("body_size"), "target sets both body and body_size; keep one")
	case rt.Body != nil:
		t.Body = []byte(*rt.Body)
	case rt.BodySize != nil:
		n := *rt.BodySize
		if n < 0 || n > maxBodySize {
			return t, doc.errorAt(at("body_size"), "body_size %d is out of range: want 0 to %d bytes", n, maxBodySize)
		}
		t.Body = fillBody(n)
	}
	return t, nil
}

// compile validates the backend settings and applies their defaults.
func (rb *backendYAML) compile(doc *yamlDoc, path []any) (BackendSpec, error) {
	at := func(keys ...any) []any { return append(slices.Clip(path), keys...) }
	b := BackendSpec{ResponseSize: DefaultResponseSize, Count: orDefault(rb.Count, 1)}

	latency, err := doc.parseDuration(at("latency"), rb.Latency)
	if err != nil {
		return b, err
	}
	if latency > maxBackendLatency {
		return b, doc.errorAt(at("latency"), "backend latency %s is longer than %s", latency, maxBackendLatency)
	}
	b.Latency = latency

	if rb.ResponseSize != nil {
		b.ResponseSize = *rb.ResponseSize
	}
	if b.ResponseSize < 0 || b.ResponseSize > maxBodySize {
		return b, doc.errorAt(at("response_size"), "response_size %d is out of range: want 0 to %d bytes", b.ResponseSize, maxBodySize)
	}
	if b.Count < 1 || b.Count > maxBackendCount {
		return b, doc.errorAt(at("count"), "backend count %d is out of range: want 1 to %d", b.Count, maxBackendCount)
	}
	return b, nil
}

func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

// validateName returns an error unless name can be used in file names and
// HDR log tags.
func validateName(name string) error {
	if name == "" {
		return fmt.Errorf("missing: every scenario needs a name")
	}
	for _, c := range []byte(name) {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.'
		if !ok {
			return fmt.Errorf("%q contains %q: use letters, digits, '-', '_' and '.'", name, c)
		}
	}
	return nil
}

// isToken reports whether s is an HTTP token (RFC 9110, section 5.6.2).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}

// fillBody returns n bytes of printable filler, so a body is easy to recognize
// in a packet capture.
func fillBody(n int) []byte {
	const pattern = "gateload-body-0123456789abcdefghijklmnopqrstuvwxyz\n"
	return bytes.Repeat([]byte(pattern), n/len(pattern)+1)[:n]
}

// IsSuccess reports whether a status code counts as success for the scenario.
func (s *Scenario) IsSuccess(code int) bool {
	if len(s.ExpectStatus) == 0 {
		return code >= 200 && code <= 299
	}
	return slices.Contains(s.ExpectStatus, code)
}

// lateThreshold returns the lateness above which a send at rate counts as late.
// The default is one send interval: a send later than that has been overtaken
// by the next one, so the offered load is no longer the requested one. The
// 1ms floor leaves room for Go timer and scheduler jitter at high rates, and
// the 10ms ceiling keeps long generator stalls visible at low rates.
func (s *Scenario) lateThreshold(rate float64) time.Duration {
	if s.LateThreshold > 0 {
		return s.LateThreshold
	}
	interval := time.Duration(float64(time.Second) / rate)
	return min(max(interval, time.Millisecond), 10*time.Millisecond)
}

// maxLateFraction returns the largest fraction of late sends a valid run may have.
func (s *Scenario) maxLateFraction() float64 {
	if s.MaxLateFraction == nil {
		return DefaultMaxLateFraction
	}
	return *s.MaxLateFraction
}
