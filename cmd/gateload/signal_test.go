//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

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
