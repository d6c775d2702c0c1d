package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
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

// readyLine matches the log line of a started child.
var readyLine = regexp.MustCompile(`msg="process ready" name=(\S+) pid=(\d+)`)

// TestSignalStopsChildren runs gateload as its own process in managed mode,
// with this test binary as stub and as gateway ("gateload proxy" takes the
// gatehouse flags), sends SIGTERM mid-run and expects every child gone.
func TestSignalStopsChildren(t *testing.T) {
	scenarios := writeFile(t, "s.yaml", strings.Replace(quickScenarios, "duration: 500ms", "duration: 30s", 1))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-v", "-q", "-scenarios", scenarios, "-gatehouse", os.Args[0], "-out", t.TempDir())
	cmd.Env = append(os.Environ(), testMainEnv+"=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start gateload: %v", err)
	}

	// Wait for the stub and the gateway, then interrupt the run.
	pids := map[string]int{}
	scanner := bufio.NewScanner(stderr)
	for len(pids) < 2 && scanner.Scan() {
		if m := readyLine.FindStringSubmatch(scanner.Text()); m != nil {
			pid, _ := strconv.Atoi(m[2])
			pids[m[1]] = pid
		}
	}
	if len(pids) < 2 {
		_ = cmd.Process.Kill()
		t.Fatalf("children started = %v, want a stub and a gateway", pids)
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	go func() { _, _ = bufio.NewReader(stderr).WriteTo(new(bytes.Buffer)) }()

	err = cmd.Wait()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != 128+15 {
		t.Errorf("gateload exit = %v, want status %d", err, 128+15)
	}
	for name, pid := range pids {
		if !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
			t.Errorf("child %s (pid %d) still exists after gateload exited", name, pid)
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}
