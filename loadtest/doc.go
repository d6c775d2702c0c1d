// Package loadtest is the load-test harness behind gateload: scenarios, calibrated
// open-loop runs, HDR recording from intended send times, budgets and reports.
//
// # Measurement model
//
// Load is open-loop and constant-rate: request k of a run is due at
// start + k/rate whatever happened to earlier requests. Every result is
// recorded as the time from that intended send time to the end of the
// response. A gateway stall is thereby charged to every request that should
// have been sent during it, even when all connections were busy and the
// generator could not send on time (coordinated omission). The latency of
// the request alone (service time) is recorded too, for comparison.
//
// The generator's own lateness (actual send time minus intended send time) is
// recorded per run. A run in which more than MaxLateFraction of the sends
// started later than the lateness threshold is invalid: its numbers describe
// the generator as much as the system under test, and budgets treat it as a
// failure.
//
// # Calibration
//
// Each scenario runs against the gateway and against the backend directly in
// the same invocation, interleaved (gateway, direct, gateway, direct ...), and
// the report gives the gateway's added latency (gateway minus direct, per
// percentile) and the ratio between the two. Run executes that plan against an
// Environment, which either points at processes that already run
// (StaticEnvironment) or starts and stops them (ManagedEnvironment).
//
// # Units
//
// Histograms and every latency field in reports are in microseconds. Rates are
// requests per second.
package loadtest
