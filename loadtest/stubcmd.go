package loadtest

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
)

// ErrUsage is wrapped by the errors of RunStubCommand and RunProxyCommand
// that are caused by their arguments.
var ErrUsage = errors.New("invalid arguments")

// RunStubCommand runs the stub backend from command-line arguments
// (-listen, -latency, -size) until ctx is canceled. It prints
// "listening on ADDR" to stdout once the socket is open, so a parent that
// passed port 0 can learn the port.
func RunStubCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("stub", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:9000", "`address` to listen on (host:port; port 0 picks a free port)")
	latency := fs.Duration("latency", 0, "`delay` added before every response, such as 2ms")
	size := fs.Int("size", DefaultResponseSize, "response body size in `bytes`")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: gateload stub [-listen ADDR] [-latency DURATION] [-size BYTES]\n\n"+
			"Serves every method and path with 200 and a fixed body, for load tests.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", ErrUsage, fs.Arg(0))
	}
	if *latency < 0 || *size < 0 || *size > maxBodySize {
		return fmt.Errorf("%w: -latency must not be negative and -size must be 0 to 64 MiB", ErrUsage)
	}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("stub: %w", err)
	}
	fmt.Fprintf(stdout, "listening on %s\n", ln.Addr())
	return ServeStub(ctx, ln, StubConfig{Latency: *latency, ResponseSize: *size})
}
