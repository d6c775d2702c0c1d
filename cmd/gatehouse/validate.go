package main

import (
	"flag"
	"fmt"
	"io"

	"gatehouse/config"
	"gatehouse/engine"
)

func runValidate(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("validate", flag.ContinueOnError)
	configPath := fs.String("config", "", "configuration file (YAML)")
	if code := parseFlags(fs, args, stderr); code >= 0 {
		return code
	}
	if *configPath == "" {
		fmt.Fprintln(stderr, "gatehouse validate: missing --config FILE")
		return 2
	}
	cfg, err := config.Load(*configPath)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	// Compiling builds the routing table, which catches conflicts the
	// schema cannot see (two routes matching the same requests).
	_, gw, err := engine.FromConfig(cfg)
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cfg.Source, err)
		return 1
	}
	gw.Close()
	fmt.Fprintf(stdout, "%s: valid (%d upstreams, %d routes)\n", cfg.Source, len(cfg.Upstreams), len(cfg.Routes))
	return 0
}
