// Command gateload measures the latency a gateway adds, with open-loop,
// constant-rate load recorded from each request's intended send time. It runs
// each scenario against the gateway and against the backend directly,
// interleaved, and checks the difference against budgets.
//
// Usage:
//
//	gateload [run] [flags]    run scenarios (the default subcommand)
//	gateload stub [flags]     serve the stub backend
//	gateload proxy [flags]    run net/http/httputil.ReverseProxy, the baseline
//
// Run "gateload -h" or "gateload stub -h" for the flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"gatehouse/loadtest"
)

// Exit statuses of gateload run.
const (
	exitOK        = 0
	exitViolation = 1 // a budget failed or a run was invalid
	exitUsage     = 2 // bad flags or input files
	exitFailure   = 3 // the run could not be done
)

// generatorGCPercent is the GOGC of gateload unless the environment sets
// one. The generator allocates a little per request; collecting less often
// keeps GC work from delaying sends, for a few more MiB of heap.
const generatorGCPercent = 400

func main() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(generatorGCPercent)
	}
	os.Exit(dispatch(os.Args[1:], os.Stdout, os.Stderr))
}

// dispatch runs the subcommand named by the first argument.
func dispatch(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "stub":
			return runServer("stub", loadtest.RunStubCommand, args[1:], stdout, stderr)
		case "proxy":
			return runServer("proxy", loadtest.RunProxyCommand, args[1:], stdout, stderr)
		case "run":
			return runMain(args[1:], stdout, stderr)
		case "help":
			return runMain([]string{"-h"}, stdout, stderr)
		}
	}
	return runMain(args, stdout, stderr)
}

// serverCommand is the signature of the server subcommands.
type serverCommand func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// runServer runs a server subcommand until SIGINT or SIGTERM.
func runServer(name string, run serverCommand, args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, args, stdout, stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, loadtest.ErrUsage):
		fmt.Fprintf(stderr, "gateload %s: %v\n", name, err)
		return exitUsage
	}
	fmt.Fprintf(stderr, "gateload %s: %v\n", name, err)
	return exitFailure
}
