package loadtest

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// ManagedEnvironment starts fresh stub backends and a gatehouse gateway for
// every scenario and stops them after it, so no scenario inherits another's
// connections or memory. Set the fields before the first Start. Start and
// Stop must be called from one goroutine, but Group.StopAll may be called
// from a signal handler at any time.
type ManagedEnvironment struct {
	// Group tracks every child, so a signal handler can stop them all.
	Group *ProcessGroup
	// StubCommand is the command that runs a stub backend, such as
	// {"/usr/local/bin/gateload", "stub"}. The environment appends the
	// -listen, -latency and -size flags.
	StubCommand []string
	// StubEnv is added to each stub's environment.
	StubEnv []string
	// Gatehouse is the path of the gatehouse binary, started as
	// "gatehouse proxy --listen ADDR --to ADDR[,ADDR...]".
	Gatehouse string
	// GatewayCPUs and BackendCPUs pin the processes with taskset -c.
	// Empty leaves them unpinned.
	GatewayCPUs string
	BackendCPUs string
	// GatewayEnv is added to the gateway's environment.
	GatewayEnv []string
	// GatewayGOMAXPROCS and BackendGOMAXPROCS set GOMAXPROCS in the
	// children's environment. Zero leaves it unset.
	GatewayGOMAXPROCS int
	BackendGOMAXPROCS int
	// Pollers is passed as --pollers when positive.
	Pollers int
	// InjectDelay is passed as --inject-delay when positive, which makes the
	// gateway delay every request. Tests use it to prove that budgets fail.
	InjectDelay time.Duration
	// LogDir receives one log file per process. Empty keeps only the last
	// few KiB of output, for error messages.
	LogDir string
	// ReadyTimeout bounds each process's start-up and defaults to 15s.
	ReadyTimeout time.Duration
	// StopGrace is how long a process gets to exit after SIGTERM and
	// defaults to 3s.
	StopGrace time.Duration
	Logger    *slog.Logger

	current []*Process
	logs    []*os.File
}

// startAttempts is how often a child is started when it exits during start-up,
// which happens when another process took the free port it was given.
const startAttempts = 3

// Start starts sc.Backend.Count stubs and a gateway in front of them and
// waits until each responds to HTTP.
func (e *ManagedEnvironment) Start(ctx context.Context, sc *Scenario) (Endpoints, error) {
	if e.Group == nil || len(e.StubCommand) == 0 || e.Gatehouse == "" {
		return Endpoints{}, errors.New("managed environment needs Group, StubCommand and Gatehouse")
	}
	var ep Endpoints
	var backends []string
	for i := range sc.Backend.Count {
		name := fmt.Sprintf("%s-stub-%d", sc.Name, i+1)
		addr, err := e.startReady(ctx, name, func(addr string) ProcessSpec { return e.stubSpec(name, addr, sc.Backend) })
		if err != nil {
			return ep, errors.Join(err, e.Stop())
		}
		backends = append(backends, addr)
		ep.Direct = append(ep.Direct, "http://"+addr)
	}

	name := sc.Name + "-gatehouse"
	addr, err := e.startReady(ctx, name, func(addr string) ProcessSpec { return e.gatewaySpec(name, addr, backends) })
	if err != nil {
		return ep, errors.Join(err, e.Stop())
	}
	ep.Gateway = "http://" + addr
	return ep, nil
}

// startReady starts a process on a free port and waits until it responds,
// retrying when it exits early.
func (e *ManagedEnvironment) startReady(ctx context.Context, name string, spec func(addr string) ProcessSpec) (string, error) {
	var lastErr error
	for range startAttempts {
		port, err := FreePort()
		if err != nil {
			return "", err
		}
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		s := spec(addr)
		if s.Log, err = e.openLog(name); err != nil {
			return "", err
		}
		p, err := e.Group.Start(s)
		if err != nil {
			return "", err
		}
		e.current = append(e.current, p)

		readyCtx, cancel := context.WithTimeout(ctx, cmp.Or(e.ReadyTimeout, 15*time.Second))
		lastErr = p.WaitHTTPReady(readyCtx, addr, "/")
		cancel()
		if lastErr == nil {
			e.logger().Info("process ready", "name", name, "pid", p.PID(), "addr", addr, "pinned", p.Pinned())
			return addr, nil
		}
		if !errors.Is(lastErr, ErrProcessExited) {
			return "", lastErr
		}
		e.logger().Warn("process exited during start-up, retrying", "name", name, "error", lastErr)
	}
	return "", lastErr
}

func (e *ManagedEnvironment) stubSpec(name, addr string, b BackendSpec) ProcessSpec {
	args := append(append([]string(nil), e.StubCommand[1:]...),
		"-listen", addr, "-latency", b.Latency.String(), "-size", strconv.Itoa(b.ResponseSize))
	env := append([]string(nil), e.StubEnv...)
	if e.BackendGOMAXPROCS > 0 {
		env = append(env, "GOMAXPROCS="+strconv.Itoa(e.BackendGOMAXPROCS))
	}
	return ProcessSpec{Name: name, Path: e.StubCommand[0], Args: args, Env: env, CPUs: e.BackendCPUs}
}

// gatewaySpec builds the gatehouse command line of the proxy subcommand.
func (e *ManagedEnvironment) gatewaySpec(name, addr string, backends []string) ProcessSpec {
	args := []string{"proxy", "--listen", addr, "--to", strings.Join(backends, ",")}
	if e.Pollers > 0 {
		args = append(args, "--pollers", strconv.Itoa(e.Pollers))
	}
	if e.InjectDelay > 0 {
		args = append(args, "--inject-delay", e.InjectDelay.String())
	}
	env := append([]string(nil), e.GatewayEnv...)
	if e.GatewayGOMAXPROCS > 0 {
		env = append(env, "GOMAXPROCS="+strconv.Itoa(e.GatewayGOMAXPROCS))
	}
	return ProcessSpec{Name: name, Path: e.Gatehouse, Args: args, Env: env, CPUs: e.GatewayCPUs}
}

// openLog creates the log file of a process, or returns nil without LogDir.
func (e *ManagedEnvironment) openLog(name string) (io.Writer, error) {
	if e.LogDir == "" {
		return nil, nil
	}
	f, err := os.Create(filepath.Join(e.LogDir, name+".log"))
	if err != nil {
		return nil, fmt.Errorf("create process log: %w", err)
	}
	e.logs = append(e.logs, f)
	return f, nil
}

// Stop stops the scenario's processes, gateway first.
func (e *ManagedEnvironment) Stop() error {
	var errs []error
	for i := len(e.current) - 1; i >= 0; i-- {
		p := e.current[i]
		errs = append(errs, p.Stop(cmp.Or(e.StopGrace, 3*time.Second)))
		e.Group.forget(p)
	}
	e.current = nil
	for _, f := range e.logs {
		errs = append(errs, f.Close())
	}
	e.logs = nil
	return errors.Join(errs...)
}

// Describe implements Environment.
func (e *ManagedEnvironment) Describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "managed: %s proxy", e.Gatehouse)
	if e.GatewayCPUs != "" {
		fmt.Fprintf(&b, " on CPUs %s", e.GatewayCPUs)
	}
	if e.GatewayGOMAXPROCS > 0 {
		fmt.Fprintf(&b, " GOMAXPROCS=%d", e.GatewayGOMAXPROCS)
	}
	if e.InjectDelay > 0 {
		fmt.Fprintf(&b, " --inject-delay %s", e.InjectDelay)
	}
	b.WriteString("; stub backends")
	if e.BackendCPUs != "" {
		fmt.Fprintf(&b, " on CPUs %s", e.BackendCPUs)
	}
	return b.String()
}

func (e *ManagedEnvironment) logger() *slog.Logger {
	if e.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return e.Logger
}
