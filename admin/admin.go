// Package admin serves the gateway's admin API on its own loopback
// listener, apart from client traffic: a health check for load balancers
// and orchestrators, and counters for operators.
package admin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"gatehouse/engine"
	"gatehouse/upstream"
)

// Source is the set of components the admin API reports on: the
// server from package engine and the upstreams of its gateway.
type Source struct {
	Server    *engine.Server
	Upstreams []*upstream.Upstream
	// Draining reports whether the gateway is shutting down. /healthz
	// returns 503 then, so balancers stop sending new connections.
	Draining func() bool
}

// Server is the admin HTTP server. It is safe for concurrent use.
type Server struct {
	srv *http.Server
	ln  net.Listener
	log *slog.Logger
}

// Listen binds addr and returns a server ready to Serve.
func Listen(addr string, src Source, log *slog.Logger) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("admin: listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if src.Draining != nil && src.Draining() {
			http.Error(w, "draining\n", http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /stats", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		_ = enc.Encode(collect(src))
	})
	return &Server{
		srv: &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second},
		ln:  ln,
		log: log,
	}, nil
}

// Addr returns the bound address.
func (s *Server) Addr() net.Addr { return s.ln.Addr() }

// Serve serves until Shutdown; it logs and returns nothing on a clean stop.
func (s *Server) Serve() {
	s.log.Info("admin API listening", "addr", s.ln.Addr().String())
	if err := s.srv.Serve(s.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		s.log.Error("admin API stopped", "error", err)
	}
}

// Shutdown stops the admin server, waiting for its requests until ctx ends.
func (s *Server) Shutdown(ctx context.Context) error { return s.srv.Shutdown(ctx) }

// Stats is the /stats document.
type Stats struct {
	OpenConnections int64           `json:"open_connections"`
	Requests        int64           `json:"requests"`
	Rejected        int64           `json:"rejected_connections"`
	Upstreams       []UpstreamStats `json:"upstreams"`
}

// UpstreamStats reports one upstream's targets.
type UpstreamStats struct {
	Name    string        `json:"name"`
	Targets []TargetStats `json:"targets"`
}

// TargetStats reports one target's connection pool.
type TargetStats struct {
	Address string `json:"address"`
	Dials   int64  `json:"dials"`
	Reuses  int64  `json:"reuses"`
	Open    int    `json:"open_connections"`
	Idle    int    `json:"idle_connections"`
}

func collect(src Source) Stats {
	st := src.Server.Stats()
	out := Stats{OpenConnections: st.OpenConnections, Requests: st.Requests, Rejected: st.Rejected}
	for _, u := range src.Upstreams {
		us := UpstreamStats{Name: u.Name}
		for _, t := range u.Targets() {
			dials, reuses, open, idle := t.Pool.Stats()
			us.Targets = append(us.Targets, TargetStats{Address: t.Address, Dials: dials, Reuses: reuses, Open: open, Idle: idle})
		}
		out.Upstreams = append(out.Upstreams, us)
	}
	return out
}
