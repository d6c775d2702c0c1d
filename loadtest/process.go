package loadtest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"
)

// ProcessSpec describes a child process: a stub backend or the gateway. It is
// a plain value, safe to copy.
type ProcessSpec struct {
	// Name identifies the process in logs and errors.
	Name string
	Path string
	Args []string
	// Env is added to the current environment, for example GOMAXPROCS=1.
	Env []string
	// CPUs pins the process with taskset -c, for example "1" or "2-3".
	// Empty leaves it unpinned, and so does a machine without taskset.
	CPUs string
	// Log receives the process's stdout and stderr. The last few KiB are
	// kept in any case for error messages.
	Log io.Writer
}

// Process is a started child process. Its methods are safe for concurrent
// use, so Stop may be called from a signal handler while another goroutine
// waits.
type Process struct {
	name   string
	cmd    *exec.Cmd
	pinned bool
	tail   *tailBuffer

	done    chan struct{}
	waitErr error // set before done is closed

	stopOnce sync.Once
	stopErr  error
}

// outputTailBytes is how much of a child's output is kept for error messages.
const outputTailBytes = 8 << 10

// ErrProcessExited is returned when a child exits before it is ready.
var ErrProcessExited = errors.New("process exited")

// StartProcess starts the process described by spec.
func StartProcess(spec ProcessSpec) (*Process, error) {
	path, args := spec.Path, spec.Args
	pinned := false
	if spec.CPUs != "" {
		if taskset, err := exec.LookPath("taskset"); err == nil {
			path, args = taskset, append([]string{"-c", spec.CPUs, spec.Path}, spec.Args...)
			pinned = true
		}
	}

	p := &Process{name: spec.Name, pinned: pinned, tail: &tailBuffer{max: outputTailBytes}, done: make(chan struct{})}
	var out io.Writer = p.tail
	if spec.Log != nil {
		out = io.MultiWriter(p.tail, spec.Log)
	}
	// taskset execs the command, so the PID stays the one to signal.
	p.cmd = exec.Command(path, args...)
	p.cmd.Env = append(os.Environ(), spec.Env...)
	p.cmd.Stdout, p.cmd.Stderr = out, out
	p.cmd.SysProcAttr = childProcAttr()
	// A grandchild that inherited the output pipe must not keep Wait from
	// returning once the child itself has exited.
	p.cmd.WaitDelay = time.Second
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", spec.Name, err)
	}
	go func() {
		p.waitErr = p.cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// PID returns the operating system's process id.
func (p *Process) PID() int { return p.cmd.Process.Pid }

// Name returns the name from the spec.
func (p *Process) Name() string { return p.name }

// Pinned reports whether the process runs under taskset.
func (p *Process) Pinned() bool { return p.pinned }

// Done is closed when the process has exited.
func (p *Process) Done() <-chan struct{} { return p.done }

// Output returns the last few KiB of the process's stdout and stderr.
func (p *Process) Output() string { return p.tail.String() }

// Stop sends SIGTERM, waits up to grace for the process to exit, then sends
// SIGKILL. Stopping an exited process does nothing. Later calls return the
// first call's result.
func (p *Process) Stop(grace time.Duration) error {
	p.stopOnce.Do(func() { p.stopErr = p.stop(grace) })
	return p.stopErr
}

func (p *Process) stop(grace time.Duration) error {
	select {
	case <-p.done:
		return nil
	default:
	}
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("stop %s (pid %d): %w", p.name, p.PID(), err)
	}

	timer := time.NewTimer(grace)
	defer timer.Stop()
	select {
	case <-p.done:
		return nil
	case <-timer.C:
	}
	if err := killProcessGroup(p.cmd); err != nil && !errors.Is(err, syscall.ESRCH) {
		return fmt.Errorf("kill %s (pid %d): %w", p.name, p.PID(), err)
	}
	<-p.done
	return fmt.Errorf("stop %s (pid %d): no exit within %s of SIGTERM, killed", p.name, p.PID(), grace)
}

// exitError describes an early exit with the output that explains it.
func (p *Process) exitError() error {
	return fmt.Errorf("%s (pid %d): %w: %v; output:\n%s", p.name, p.PID(), ErrProcessExited, p.waitErr, p.Output())
}

// WaitHTTPReady waits until addr accepts a TCP connection and responds to an
// HTTP GET of path with any status, or until ctx ends or the process exits.
func (p *Process) WaitHTTPReady(ctx context.Context, addr, path string) error {
	client := &http.Client{Timeout: time.Second}
	defer client.CloseIdleConnections()
	var lastErr error
	for attempt := 0; ; attempt++ {
		select {
		case <-p.done:
			return p.exitError()
		case <-ctx.Done():
			return fmt.Errorf("%s not ready on %s: %w (last error: %v)", p.name, addr, ctx.Err(), lastErr)
		default:
		}
		if attempt > 0 {
			time.Sleep(20 * time.Millisecond)
		}
		if lastErr = probeHTTP(ctx, client, addr, path); lastErr == nil {
			return nil
		}
	}
}

func probeHTTP(ctx context.Context, client *http.Client, addr, path string) error {
	var d net.Dialer
	dialCtx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	conn, err := d.DialContext(dialCtx, "tcp", addr)
	cancel()
	if err != nil {
		return err
	}
	_ = conn.Close()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+addr+path, nil)
	if err != nil {
		return err
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.Body.Close()
}

// ProcessGroup tracks started children so that all of them can be stopped
// at once, also from a signal handler. It is safe for concurrent use.
type ProcessGroup struct {
	mu    sync.Mutex
	procs []*Process // guarded by mu
}

// Start starts a process and adds it to the group.
func (g *ProcessGroup) Start(spec ProcessSpec) (*Process, error) {
	p, err := StartProcess(spec)
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	g.procs = append(g.procs, p)
	g.mu.Unlock()
	return p, nil
}

// StopAll stops every process of the group, the most recently started first
// (the gateway before its backends), and removes them from the group.
func (g *ProcessGroup) StopAll(grace time.Duration) error {
	g.mu.Lock()
	procs := g.procs
	g.procs = nil
	g.mu.Unlock()

	var errs []error
	for i := len(procs) - 1; i >= 0; i-- {
		errs = append(errs, procs[i].Stop(grace))
	}
	return errors.Join(errs...)
}

// forget removes p from the group after its owner stopped it.
func (g *ProcessGroup) forget(p *Process) {
	g.mu.Lock()
	defer g.mu.Unlock()
	for i, q := range g.procs {
		if q == p {
			g.procs = append(g.procs[:i], g.procs[i+1:]...)
			return
		}
	}
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago. Another
// process may take it before it is used. A child that then fails to listen
// exits, which readiness checks report.
func FreePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if err := ln.Close(); err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	return port, nil
}

// tailBuffer keeps the last max bytes written to it. It is safe for
// concurrent use.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte // guarded by mu
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
