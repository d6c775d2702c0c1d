//go:build unix

package loadtest

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// startTestStub starts this test binary as a stub backend on a free port.
func startTestStub(t *testing.T, group *ProcessGroup, cpus string, args ...string) (*Process, string) {
	t.Helper()
	port, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	p, err := group.Start(ProcessSpec{
		Name: "stub",
		Path: os.Args[0],
		Args: append([]string{"-listen", addr}, args...),
		Env:  []string{testRoleEnv + "=stub"},
		CPUs: cpus,
	})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = p.Stop(time.Second) })
	return p, addr
}

// processGone reports whether no process with pid exists any more.
func processGone(pid int) bool {
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

func TestProcessStartReadyStop(t *testing.T) {
	group := &ProcessGroup{}
	p, addr := startTestStub(t, group, "", "-size", "7")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.WaitHTTPReady(ctx, addr, "/"); err != nil {
		t.Fatalf("WaitHTTPReady: %v", err)
	}
	resp, err := http.Get("http://" + addr + "/any/path")
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || len(body) != 7 {
		t.Errorf("GET /any/path = %d with %d bytes, want 200 with 7", resp.StatusCode, len(body))
	}

	pid := p.PID()
	if err := p.Stop(3 * time.Second); err != nil {
		t.Errorf("Stop: %v", err)
	}
	select {
	case <-p.Done():
	default:
		t.Errorf("Done not closed after Stop")
	}
	if !processGone(pid) {
		t.Errorf("process %d still exists after Stop", pid)
	}
}

func TestProcessEarlyExitReported(t *testing.T) {
	group := &ProcessGroup{}
	p, addr := startTestStub(t, group, "", "-size", "-1")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := p.WaitHTTPReady(ctx, addr, "/")
	if !errors.Is(err, ErrProcessExited) {
		t.Fatalf("WaitHTTPReady error = %v, want ErrProcessExited", err)
	}
	if !strings.Contains(err.Error(), "-size must be 0 to 64 MiB") {
		t.Errorf("error = %q, want it to include the child's output", err)
	}
}

func TestProcessPinnedWithTaskset(t *testing.T) {
	if _, err := exec.LookPath("taskset"); err != nil {
		t.Skip("taskset not installed")
	}
	group := &ProcessGroup{}
	p, addr := startTestStub(t, group, "0")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := p.WaitHTTPReady(ctx, addr, "/"); err != nil {
		t.Fatalf("WaitHTTPReady: %v", err)
	}
	if !p.Pinned() {
		t.Errorf("Pinned() = false, want true")
	}
	status, err := os.ReadFile("/proc/" + strconv.Itoa(p.PID()) + "/status")
	if err != nil {
		t.Fatalf("read status: %v", err)
	}
	if !strings.Contains(string(status), "Cpus_allowed_list:\t0\n") {
		t.Errorf("process %d is not pinned to CPU 0:\n%s", p.PID(), status)
	}
}

// TestProcessStopKillsAfterGrace stops a child that ignores SIGTERM.
func TestProcessStopKillsAfterGrace(t *testing.T) {
	p, err := StartProcess(ProcessSpec{Name: "stubborn", Path: "/bin/sh", Args: []string{"-c", `trap "" TERM; echo ready; sleep 30`}})
	if err != nil {
		t.Fatalf("StartProcess: %v", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(p.Output(), "ready") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}

	start := time.Now()
	err = p.Stop(200 * time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "killed") {
		t.Errorf("Stop error = %v, want one saying the process was killed", err)
	}
	if elapsed := time.Since(start); elapsed > 3*time.Second {
		t.Errorf("Stop took %s, want about the 200ms grace", elapsed)
	}
	if !processGone(p.PID()) {
		t.Errorf("process %d still exists after Stop", p.PID())
	}
}

func TestProcessGroupStopAll(t *testing.T) {
	group := &ProcessGroup{}
	var pids []int
	for range 3 {
		p, _ := startTestStub(t, group, "")
		pids = append(pids, p.PID())
	}
	if err := group.StopAll(3 * time.Second); err != nil {
		t.Errorf("StopAll: %v", err)
	}
	for _, pid := range pids {
		if !processGone(pid) {
			t.Errorf("process %d still exists after StopAll", pid)
		}
	}
	if err := group.StopAll(time.Second); err != nil {
		t.Errorf("second StopAll: %v, want nil", err)
	}
}

// TestManagedEnvironmentStartStop starts two stubs and the reference proxy
// with the gatehouse command line and checks the endpoints it returns.
func TestManagedEnvironmentStartStop(t *testing.T) {
	env := referenceEnvironment(t, 0)
	sc := &Scenario{Name: "env", Backend: BackendSpec{ResponseSize: 11, Count: 2}}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	ep, err := env.Start(ctx, sc)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	if len(ep.Direct) != 2 {
		t.Errorf("direct endpoints = %q, want 2", ep.Direct)
	}
	for _, base := range append([]string{ep.Gateway}, ep.Direct...) {
		resp, err := http.Get(base + "/api/users/123")
		if err != nil {
			t.Fatalf("GET %s: %v", base, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || len(body) != 11 {
			t.Errorf("GET %s/api/users/123 = %d with %d bytes, want 200 with 11", base, resp.StatusCode, len(body))
		}
	}

	var pids []int
	for _, p := range env.current {
		pids = append(pids, p.PID())
	}
	if len(pids) != 3 {
		t.Errorf("processes = %d, want 3 (two stubs and the gateway)", len(pids))
	}
	if err := env.Stop(); err != nil {
		t.Errorf("Stop: %v", err)
	}
	for _, pid := range pids {
		if !processGone(pid) {
			t.Errorf("process %d still exists after Stop", pid)
		}
	}
	if n := len(env.Group.procs); n != 0 {
		t.Errorf("group still tracks %d processes after Stop", n)
	}
}
