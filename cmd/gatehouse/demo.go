package main

import (
	_ "embed"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"gatehouse/config"
)

//go:embed demo.yaml
var demoConfig []byte

func runDemo(args []string, stdout, stderr io.Writer, logger *slog.Logger) int {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	var t tuning
	t.register(fs)
	if code := parseFlags(fs, args, stderr); code >= 0 {
		return code
	}
	cfg, err := config.Parse("demo.yaml (embedded)", demoConfig)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse demo: embedded configuration: %v\n", err)
		return 1
	}
	if t.listen != "" {
		cfg.Listen = t.listen
	}

	stop, err := startDemoServices(cfg, logger)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse demo: %v\n", err)
		return 1
	}
	onListen := func(addr string) { printDemoHelp(stdout, addr) }
	return serveConfig(cfg, &t, logger, stderr, onListen, stop)
}

// startDemoServices starts the users and orders services on the
// addresses of the demo configuration's upstreams.
func startDemoServices(cfg *config.Config, logger *slog.Logger) (stop func(), err error) {
	services := map[string]http.Handler{"users": newUsersService(), "orders": newOrdersService()}
	var servers []*http.Server
	stop = func() {
		for _, s := range servers {
			_ = s.Close()
		}
	}
	for _, name := range []string{"users", "orders"} {
		up, ok := cfg.Upstreams[name]
		if !ok || len(up.Targets) == 0 {
			stop()
			return nil, fmt.Errorf("demo configuration has no %s upstream", name)
		}
		addr := up.Targets[0].Address
		ln, err := net.Listen("tcp", addr)
		if err != nil {
			stop()
			return nil, fmt.Errorf("starting the demo %s service on %s: %w (is another demo running?)", name, addr, err)
		}
		srv := &http.Server{Handler: services[name], ReadHeaderTimeout: 5 * time.Second}
		servers = append(servers, srv)
		go func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				logger.Error("demo service stopped", "service", name, "error", err)
			}
		}()
		logger.Info("demo service listening", "service", name, "addr", addr)
	}
	return stop, nil
}

func printDemoHelp(w io.Writer, listen string) {
	base := "http://" + listen
	fmt.Fprintf(w, `
Gatehouse demo: the gateway listens on %[1]s and routes to two demo services.
Try:

  curl -i %[1]s/api/users
  curl -i %[1]s/api/users/1
  curl -i %[1]s/api/users/1/orders
  curl -i -X POST -d '{"user":"1","item":"book"}' %[1]s/api/orders
  curl -i %[1]s/api/orders
  curl -i -X DELETE %[1]s/api/orders        # 405 with an Allow header
  curl -i %[1]s/nowhere                     # 404 from the gateway

Press Ctrl-C to stop.

`, base)
}
