package main

import (
	"bytes"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gatehouse/loadtest"
)

// testMainEnv makes the test binary behave as gateload itself, so tests can
// run it, and the children it starts, as separate processes.
const testMainEnv = "GATELOAD_TEST_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(testMainEnv) == "1" {
		os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// startServer serves handler on a loopback port until the test ends.
func startServer(t *testing.T, handler http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}

// writeFile writes content into the test's temporary folder.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// quickScenarios is a short run that tolerates any generator lateness, so the
// exit-status tests do not depend on the machine's load.
const quickScenarios = `scenarios:
  - name: quick
    targets: [{path: /q}]
    rate: 100
    duration: 500ms
    warmup: 0s
    connections: 8
    late_threshold: 1s
    max_late_fraction: 1
`

// staticTargets starts a stub and a reference proxy in front of it.
func staticTargets(t *testing.T) (gateway, direct string) {
	t.Helper()
	direct = startServer(t, loadtest.NewStubHandler(loadtest.StubConfig{ResponseSize: 32}))
	proxy, err := loadtest.NewReferenceProxy([]string{strings.TrimPrefix(direct, "http://")}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return startServer(t, proxy), direct
}

func TestRunMainExitStatus(t *testing.T) {
	gateway, direct := staticTargets(t)
	scenarios := writeFile(t, "s.yaml", quickScenarios)
	tests := []struct {
		name       string
		budgets    string // budget file content; empty for none
		args       []string
		wantStatus int
		wantOut    string // in stdout
		wantErr    string // in stderr
	}{
		{name: "no budgets", wantStatus: exitOK, wantOut: "quick"},
		{name: "budget met", budgets: "budgets:\n  quick: {min_success: 0.9}\n", wantStatus: exitOK, wantOut: "all 3 checks passed"},
		// No proxy responds faster than a hundredth of the direct path.
		{name: "budget failed", budgets: "budgets:\n  quick: {max_ratio_p50: 0.01}\n", wantStatus: exitViolation, wantOut: "FAIL over by"},
		{name: "bad budget file", budgets: "budgets:\n  quick: {max_ratio: 2}\n", wantStatus: exitUsage, wantErr: `:2:11: unknown field "max_ratio"`},
		{name: "unknown only", args: []string{"-only", "nope"}, wantStatus: exitUsage, wantErr: `no scenario named "nope"`},
		{name: "remote target", args: []string{"-target", "http://192.0.2.1:80"}, wantStatus: exitUsage, wantErr: "not a loopback address"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := t.TempDir()
			args := []string{"-q", "-scenarios", scenarios, "-target", gateway, "-direct", direct, "-out", out}
			if tt.budgets != "" {
				args = append(args, "-budgets", writeFile(t, "b.yaml", tt.budgets))
			}
			args = append(args, tt.args...)
			var stdout, stderr bytes.Buffer
			status := dispatch(args, &stdout, &stderr)

			if status != tt.wantStatus {
				t.Errorf("exit status = %d, want %d\nstdout:\n%s\nstderr:\n%s", status, tt.wantStatus, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.wantOut) {
				t.Errorf("stdout does not contain %q:\n%s", tt.wantOut, stdout.String())
			}
			if !strings.Contains(stderr.String(), tt.wantErr) {
				t.Errorf("stderr does not contain %q:\n%s", tt.wantErr, stderr.String())
			}
			if tt.wantStatus == exitOK {
				for _, name := range []string{loadtest.JSONReportFile, loadtest.HLogFile, loadtest.HTMLReportFile} {
					if _, err := os.Stat(filepath.Join(out, name)); err != nil {
						t.Errorf("report file: %v", err)
					}
				}
			}
		})
	}
}

func TestRunMainHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if status := dispatch([]string{"-h"}, &stdout, &stderr); status != exitOK {
		t.Errorf("exit status = %d, want %d", status, exitOK)
	}
	for _, want := range []string{"gateload stub", "gateload proxy", "-scenarios", "-budgets", "-target", "Exit status"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("usage does not contain %q", want)
		}
	}
}
