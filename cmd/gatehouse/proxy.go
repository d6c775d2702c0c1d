package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"

	"gatehouse/config"
)

func runProxy(args []string, stderr io.Writer, logger *slog.Logger) int {
	fs := flag.NewFlagSet("proxy", flag.ContinueOnError)
	to := fs.String("to", "", "comma-separated target addresses host:port")
	var t tuning
	t.register(fs)
	fs.DurationVar(&t.injectDelay, "inject-delay", 0, "testing only: delay every proxied request by this duration")
	if code := parseFlags(fs, args, stderr); code >= 0 {
		return code
	}
	cfg, err := proxyConfig(t.listen, *to)
	if err != nil {
		fmt.Fprintf(stderr, "gatehouse proxy: %v\n", err)
		return 2
	}
	t.listen = ""
	if t.injectDelay > 0 {
		logger.Warn("every request is delayed on purpose", "inject_delay", t.injectDelay.String())
	}
	return serveConfig(cfg, &t, logger, stderr, nil, func() {})
}

// proxyConfig builds a one-route configuration: every path and method
// goes to the targets, round robin.
func proxyConfig(listen, to string) (*config.Config, error) {
	if listen == "" {
		return nil, fmt.Errorf("missing --listen ADDR")
	}
	if to == "" {
		return nil, fmt.Errorf("missing --to ADDR[,ADDR...]")
	}
	cfg := config.Default()
	cfg.Source = "proxy flags"
	cfg.Listen = listen
	up := config.DefaultUpstream("targets")
	// A benchmark drives up to a few hundred concurrent requests through
	// one route; keep that many upstream connections warm.
	up.MaxIdlePerTarget = 256
	for _, addr := range strings.Split(to, ",") {
		addr = strings.TrimSpace(addr)
		if _, _, err := net.SplitHostPort(addr); err != nil {
			return nil, fmt.Errorf("invalid target %q: use host:port: %w", addr, err)
		}
		up.Targets = append(up.Targets, config.Target{Address: addr, Weight: 1})
	}
	cfg.Upstreams = map[string]*config.Upstream{"targets": up}
	cfg.UpstreamOrder = []string{"targets"}
	cfg.Routes = []*config.Route{{Name: "all", Path: "/", Prefix: true, Upstream: "targets"}}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}
