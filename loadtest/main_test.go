package loadtest

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// testRoleEnv makes the test binary act as a child process instead of
// running tests: "stub" serves the stub backend and "gatehouse" runs the
// reference proxy behind the gatehouse command line ("proxy --listen ...").
// Process-control tests start the test binary itself this way, so they need
// no other binary.
const testRoleEnv = "GATELOAD_TEST_ROLE"

func TestMain(m *testing.M) {
	switch os.Getenv(testRoleEnv) {
	case "stub":
		os.Exit(runTestRole(RunStubCommand, os.Args[1:]))
	case "gatehouse":
		if len(os.Args) < 2 || os.Args[1] != "proxy" {
			fmt.Fprintf(os.Stderr, "test gatehouse: want the proxy subcommand, got %q\n", os.Args[1:])
			os.Exit(2)
		}
		os.Exit(runTestRole(RunProxyCommand, os.Args[2:]))
	}
	code := m.Run()
	if gatehouseBuildDir != "" {
		_ = os.RemoveAll(gatehouseBuildDir)
	}
	os.Exit(code)
}

func runTestRole(run func(context.Context, []string, io.Writer, io.Writer) error, args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, args, os.Stdout, os.Stderr); err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// referenceEnvironment returns a managed environment whose stubs and gateway
// are this test binary: the stub backend and the net/http reference proxy,
// each its own process. The processes are stopped when the test ends.
func referenceEnvironment(t *testing.T, injectDelay time.Duration) *ManagedEnvironment {
	t.Helper()
	group := &ProcessGroup{}
	t.Cleanup(func() {
		if err := group.StopAll(3 * time.Second); err != nil {
			t.Errorf("stop children: %v", err)
		}
	})
	return &ManagedEnvironment{
		Group:       group,
		StubCommand: []string{os.Args[0]},
		StubEnv:     []string{testRoleEnv + "=stub"},
		Gatehouse:   os.Args[0],
		GatewayEnv:  []string{testRoleEnv + "=gatehouse"},
		InjectDelay: injectDelay,
		LogDir:      t.TempDir(),
	}
}

// startServer serves handler on a loopback port until the test ends and
// returns its base URL.
func startServer(t *testing.T, handler http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	return "http://" + ln.Addr().String()
}

// readBenchFile returns the content of a file in the bench folder.
func readBenchFile(t *testing.T, name string) (string, []byte) {
	t.Helper()
	path := filepath.Join("..", "bench", name)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return path, data
}

// logTables writes the result and budget tables to the test log.
func logTables(t *testing.T, report *Report, budget *BudgetReport) {
	t.Helper()
	var buf bytes.Buffer
	_ = WriteResultTable(&buf, report)
	if budget != nil {
		buf.WriteString("\n")
		_ = WriteBudgetTable(&buf, budget)
	}
	t.Logf("load average at start: %s\n%s", report.Host.LoadAverage, buf.String())
}
