package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"gatehouse/admin"
	"gatehouse/config"
	"gatehouse/engine"
)

func runServe(args []string, stderr io.Writer, logger *slog.Logger) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	configPath := fs.String("config", "", "configuration file (YAML)")
	var t tuning
	t.register(fs)
	if code := parseFlags(fs, args, stderr); code >= 0 {
		return code
	}
	if *configPath == "" {
		fmt.Fprintln(stderr, "gatehouse serve: missing --config FILE")
		return 2
	}
	cfg, err := config.Load(*configPath)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return serveConfig(cfg, &t, logger, stderr, nil, func() {})
}

// serveConfig compiles cfg, applies flag overrides and serves until a
// signal. onListen, when not nil, is called with the bound address.
func serveConfig(cfg *config.Config, t *tuning, logger *slog.Logger, stderr io.Writer, onListen func(addr string), cleanup func()) int {
	opts, gw, err := engine.FromConfig(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse: %v\n", err)
		return 1
	}
	t.apply(&opts)
	opts.Logger = logger

	srv, err := engine.NewServer(opts, gw)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse: %v\n", err)
		gw.Close()
		return 1
	}

	logger.Info("configuration loaded", "source", cfg.Source, "routes", len(cfg.Routes), "upstreams", len(cfg.Upstreams))
	if onListen != nil {
		onListen(srv.Addr().String())
	}

	stopAdmin, err := startAdmin(cfg.Admin, srv, gw, logger)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse: %v\n", err)
		gw.Close()
		return 1
	}
	stopProfile, err := t.startProfile(logger)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse: %v\n", err)
		stopAdmin()
		gw.Close()
		return 1
	}

	return serveUntilSignal(srv, logger, func() {
		stopProfile()
		stopAdmin()
		gw.Close()
		cleanup()
	})
}

// startAdmin serves the admin API on addr unless addr is empty, and
// returns the function that stops it.
func startAdmin(addr string, srv *engine.Server, gw *engine.Gateway, logger *slog.Logger) (stop func(), err error) {
	if addr == "" {
		return func() {}, nil
	}
	a, err := admin.Listen(addr, admin.Source{Server: srv, Upstreams: gw.Upstreams(), Draining: srv.Draining}, logger)
	if err != nil {
		return nil, err
	}
	go a.Serve()
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := a.Shutdown(ctx); err != nil {
			logger.Warn("admin API shutdown failed", "error", err)
		}
	}, nil
}
