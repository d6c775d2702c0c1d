// Command gatehouse is the Gatehouse API gateway.
//
// Subcommands:
//
//	gatehouse serve --config FILE     run the gateway from a configuration file
//	gatehouse proxy --listen ADDR --to ADDR[,ADDR...]
//	                                  run a one-route proxy with no file
//	gatehouse demo                    run the embedded demo with two demo services
//	gatehouse validate --config FILE  check a configuration file and exit
//	gatehouse version                 print the version
package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const usage = `usage: gatehouse <command> [flags]

commands:
  serve     --config FILE       run the gateway from a configuration file
  proxy     --listen ADDR --to ADDR[,ADDR...]
                                run a one-route proxy to the given targets
  demo                          run the embedded demo configuration with two demo services
  validate  --config FILE       check a configuration file and exit
  version                       print the version

Run 'gatehouse <command> -h' for the flags of a command.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	slog.SetDefault(logger)

	cmd, rest := args[0], args[1:]
	if cmd == "serve" || cmd == "proxy" || cmd == "demo" {
		raiseProcs(logger)
	}
	switch cmd {
	case "serve":
		return runServe(rest, stderr, logger)
	case "proxy":
		return runProxy(rest, stderr, logger)
	case "demo":
		return runDemo(rest, stdout, stderr, logger)
	case "validate":
		return runValidate(rest, stdout, stderr)
	case "version":
		fmt.Fprintf(stdout, "gatehouse %s\n", version)
		return 0
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "gatehouse: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
}
