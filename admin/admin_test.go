package admin

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"

	"gatehouse/engine"
	"gatehouse/router"
	"gatehouse/upstream"
)

func TestAdminHealthAndStats(t *testing.T) {
	backend := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })}
	bln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go backend.Serve(bln)
	defer backend.Close()

	u, err := upstream.New("app", []upstream.TargetSpec{{Address: bln.Addr().String()}}, upstream.Options{})
	if err != nil {
		t.Fatal(err)
	}
	gw, err := engine.NewGateway([]engine.RouteSpec{{Match: router.Route{Name: "all", Path: "/", Prefix: true}, Upstream: u}})
	if err != nil {
		t.Fatal(err)
	}
	defer gw.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := engine.NewServer(engine.Options{Addr: "127.0.0.1:0", Logger: log}, gw)
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve()

	a, err := Listen("127.0.0.1:0", Source{Server: srv, Upstreams: gw.Upstreams(), Draining: srv.Draining}, log)
	if err != nil {
		t.Fatal(err)
	}
	go a.Serve()
	defer a.Shutdown(context.Background())
	base := "http://" + a.Addr().String()
	client := &http.Client{Timeout: 5 * time.Second}

	for i := 0; i < 3; i++ {
		resp, err := client.Get("http://" + srv.Addr().String() + "/x")
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}

	resp, err := client.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("/healthz = %d, want 200", resp.StatusCode)
	}

	resp, err = client.Get(base + "/stats")
	if err != nil {
		t.Fatal(err)
	}
	var st Stats
	err = json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if err != nil {
		t.Fatalf("decode /stats: %v", err)
	}
	if st.Requests != 3 {
		t.Errorf("requests = %d, want 3", st.Requests)
	}
	if len(st.Upstreams) != 1 || len(st.Upstreams[0].Targets) != 1 {
		t.Fatalf("upstreams = %+v, want one upstream with one target", st.Upstreams)
	}
	if tg := st.Upstreams[0].Targets[0]; tg.Dials != 1 || tg.Reuses != 2 {
		t.Errorf("target dials %d reuses %d, want 1 and 2", tg.Dials, tg.Reuses)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	resp, err = client.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 503 {
		t.Errorf("/healthz while draining = %d, want 503", resp.StatusCode)
	}
}
