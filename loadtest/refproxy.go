package loadtest

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// NewReferenceProxy returns a net/http/httputil.ReverseProxy that forwards
// every request, path unchanged, to the targets in turn (round robin), after
// sleeping delay when delay is positive. It is the standard-library baseline
// that gateway numbers are compared with, and a stand-in for the gateway in
// tests. The handler is safe for concurrent use.
func NewReferenceProxy(targets []string, delay time.Duration) (http.Handler, error) {
	if len(targets) == 0 {
		return nil, errors.New("reference proxy: no targets")
	}
	urls := make([]*url.URL, len(targets))
	for i, t := range targets {
		u, err := url.Parse("http://" + t)
		if err != nil || u.Host == "" || u.Path != "" {
			return nil, fmt.Errorf("reference proxy: invalid target %q: want host:port", t)
		}
		urls[i] = u
	}

	var next atomic.Uint64
	transport := &http.Transport{
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConnsPerHost: 1024,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			target := urls[(next.Add(1)-1)%uint64(len(urls))]
			pr.Out.URL.Scheme = target.Scheme
			pr.Out.URL.Host = target.Host
			pr.SetXForwarded()
		},
		Transport: transport,
	}
	if delay <= 0 {
		return proxy, nil
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(delay)
		proxy.ServeHTTP(w, r)
	}), nil
}

// RunProxyCommand runs the reference proxy from command-line arguments with
// the flags of "gatehouse proxy" (--listen, --to, --inject-delay) until ctx
// is canceled, so the harness can start either binary the same way.
func RunProxyCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("proxy", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8080", "`address` to listen on (host:port)")
	to := fs.String("to", "", "comma-separated backend `addresses` (host:port), used in turn")
	delay := fs.Duration("inject-delay", 0, "`delay` added to every request, for testing budgets")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: gateload proxy --listen ADDR --to ADDR[,ADDR...] [--inject-delay DURATION]\n\n"+
			"Runs net/http/httputil.ReverseProxy, the standard-library baseline for gateway measurements.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", ErrUsage, fs.Arg(0))
	}
	handler, err := NewReferenceProxy(strings.Split(*to, ","), *delay)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrUsage, err)
	}

	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return fmt.Errorf("proxy: %w", err)
	}
	fmt.Fprintf(stdout, "listening on %s\n", ln.Addr())
	return serveUntilDone(ctx, ln, handler)
}

// serveUntilDone serves handler on ln until ctx is canceled, then shuts the
// server down, waiting at most five seconds for requests in progress.
func serveUntilDone(ctx context.Context, ln net.Listener, handler http.Handler) error {
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	select {
	case err := <-errc:
		return fmt.Errorf("server on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("server on %s: shutdown: %w", ln.Addr(), err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server on %s: %w", ln.Addr(), err)
	}
	return nil
}
