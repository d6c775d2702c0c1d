package config

import (
	"errors"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestLoadFullExample(t *testing.T) {
	c, err := Load("testdata/full.yaml")
	if err != nil {
		t.Fatalf("Load(testdata/full.yaml) error:\n%v", err)
	}

	if got, want := c.Source, "testdata/full.yaml"; got != want {
		t.Errorf("Source = %q, want %q", got, want)
	}
	if got, want := c.Listen, "0.0.0.0:8080"; got != want {
		t.Errorf("Listen = %q, want %q", got, want)
	}
	if got, want := c.Admin, "127.0.0.1:9901"; got != want {
		t.Errorf("Admin = %q, want %q", got, want)
	}
	wantEngine := Engine{
		Pollers:            2,
		MaxConnections:     20000,
		ReadHeaderTimeout:  5 * time.Second,
		IdleTimeout:        2 * time.Minute,
		ReadBodyTimeout:    30 * time.Second,
		WriteTimeout:       45 * time.Second,
		MaxHeaderBytes:     32 << 10,
		MaxHeaderCount:     64,
		MaxURIBytes:        4096,
		MaxBodyBytes:       1 << 20,
		MaxRequestsPerConn: 1000,
		ShutdownGrace:      10 * time.Second,
	}
	if c.Engine != wantEngine {
		t.Errorf("Engine = %+v, want %+v", c.Engine, wantEngine)
	}
	wantProxies := []netip.Prefix{
		netip.MustParsePrefix("10.0.0.0/8"),
		netip.MustParsePrefix("192.0.2.7/32"),
		netip.MustParsePrefix("2001:db8::/32"),
	}
	if !reflect.DeepEqual(c.ClientIP.TrustedProxies, wantProxies) {
		t.Errorf("TrustedProxies = %v, want %v", c.ClientIP.TrustedProxies, wantProxies)
	}

	if got, want := c.UpstreamOrder, []string{"users", "orders"}; !reflect.DeepEqual(got, want) {
		t.Errorf("UpstreamOrder = %q, want %q", got, want)
	}
	wantUpstreams := map[string]*Upstream{
		"users": {
			Name: "users",
			Targets: []Target{
				{Address: "127.0.0.1:9001", Weight: 2, Pos: Pos{Line: 25, Column: 9}},
				{Address: "127.0.0.1:9002", Weight: 1, Pos: Pos{Line: 26, Column: 9}},
			},
			Balance:               "round_robin",
			ConnectTimeout:        500 * time.Millisecond,
			ResponseHeaderTimeout: 5 * time.Second,
			MaxIdlePerTarget:      32,
			MaxConnsPerTarget:     128,
			IdleConnTimeout:       30 * time.Second,
			Pos:                   Pos{Line: 23, Column: 3},
		},
		"orders": {
			Name: "orders",
			Targets: []Target{
				{Address: "[::1]:9003", Weight: 1, Pos: Pos{Line: 35, Column: 15}},
				{Address: "orders.internal:80", Weight: 1, Pos: Pos{Line: 35, Column: 29}},
			},
			Balance:               "random",
			ConnectTimeout:        DefaultConnectTimeout,
			ResponseHeaderTimeout: DefaultResponseHeaderTimeout,
			MaxIdlePerTarget:      DefaultMaxIdlePerTarget,
			MaxConnsPerTarget:     0,
			IdleConnTimeout:       DefaultIdleConnTimeout,
			Pos:                   Pos{Line: 34, Column: 3},
		},
	}
	for name, want := range wantUpstreams {
		if got := c.Upstreams[name]; !reflect.DeepEqual(got, want) {
			t.Errorf("Upstreams[%q] =\n%+v\nwant\n%+v", name, got, want)
		}
	}
	if len(c.Upstreams) != len(wantUpstreams) {
		t.Errorf("len(Upstreams) = %d, want %d", len(c.Upstreams), len(wantUpstreams))
	}

	wantRoutes := []*Route{
		{
			Name:    "users",
			Host:    "api.example.com",
			Path:    "/api/users/:id",
			Prefix:  false,
			Methods: []string{"GET", "PUT"},
			Headers: []HeaderMatch{
				{Name: "X-Tenant", Value: "acme"},
				{Name: "X-Client", Value: "mobile/", Prefix: true},
				{Name: "Authorization", Present: true},
			},
			Query: []QueryMatch{
				{Name: "debug", Present: true},
				{Name: "format", Value: "json"},
			},
			Priority:          10,
			Upstream:          "users",
			Rewrite:           "/v2/users/:id",
			HostRewrite:       "users.internal",
			MergeSlashes:      true,
			AllowEncodedSlash: true,
			Pos:               Pos{Line: 39, Column: 5},
		},
		{
			Name:        "orders",
			Host:        "*.example.com",
			Path:        "/api/orders",
			Prefix:      true,
			Upstream:    "orders",
			StripPrefix: "/api",
			Pos:         Pos{Line: 59, Column: 5},
		},
	}
	if len(c.Routes) != len(wantRoutes) {
		t.Fatalf("len(Routes) = %d, want %d", len(c.Routes), len(wantRoutes))
	}
	for i, want := range wantRoutes {
		if got := c.Routes[i]; !reflect.DeepEqual(got, want) {
			t.Errorf("Routes[%d] =\n%+v\nwant\n%+v", i, got, want)
		}
	}
}

func TestParseMinimalAppliesDefaults(t *testing.T) {
	const src = `
upstreams:
  app:
    targets: [127.0.0.1:9001]
routes:
  - name: all
    match: {path: /}
    upstream: app
`
	c, err := Parse("min.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse error:\n%v", err)
	}
	if got, want := c.Listen, DefaultListen; got != want {
		t.Errorf("Listen = %q, want %q", got, want)
	}
	if got, want := c.Admin, ""; got != want {
		t.Errorf("Admin = %q, want %q", got, want)
	}
	if got, want := c.Engine, DefaultEngine(); got != want {
		t.Errorf("Engine = %+v, want %+v", got, want)
	}
	want := DefaultUpstream("app")
	want.Targets = []Target{{Address: "127.0.0.1:9001", Weight: 1, Pos: Pos{Line: 4, Column: 15}}}
	want.Pos = Pos{Line: 3, Column: 3}
	if got := c.Upstreams["app"]; !reflect.DeepEqual(got, want) {
		t.Errorf("Upstreams[app] =\n%+v\nwant\n%+v", got, want)
	}
	wantRoute := &Route{Name: "all", Path: "/", Upstream: "app", Pos: Pos{Line: 6, Column: 5}}
	if len(c.Routes) != 1 || !reflect.DeepEqual(c.Routes[0], wantRoute) {
		t.Errorf("Routes = %+v, want [%+v]", c.Routes, wantRoute)
	}
}

func TestDefaultValues(t *testing.T) {
	c := Default()
	want := Engine{
		Pollers:            0,
		MaxConnections:     10000,
		ReadHeaderTimeout:  10 * time.Second,
		IdleTimeout:        60 * time.Second,
		ReadBodyTimeout:    60 * time.Second,
		WriteTimeout:       60 * time.Second,
		MaxHeaderBytes:     16 << 10,
		MaxHeaderCount:     100,
		MaxURIBytes:        8 << 10,
		MaxBodyBytes:       10 << 20,
		MaxRequestsPerConn: 0,
		ShutdownGrace:      30 * time.Second,
	}
	if c.Engine != want {
		t.Errorf("Default().Engine = %+v, want %+v", c.Engine, want)
	}
	if got, want := c.Listen, "0.0.0.0:8080"; got != want {
		t.Errorf("Default().Listen = %q, want %q", got, want)
	}
	if c.Upstreams == nil || len(c.Upstreams) != 0 || len(c.Routes) != 0 {
		t.Errorf("Default() has upstreams %v and routes %v, want an empty map and no routes", c.Upstreams, c.Routes)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("Default().Validate() = %v, want nil", err)
	}
	u := DefaultUpstream("x")
	wantUpstream := &Upstream{
		Name:                  "x",
		Balance:               "round_robin",
		ConnectTimeout:        time.Second,
		ResponseHeaderTimeout: 15 * time.Second,
		MaxIdlePerTarget:      64,
		MaxConnsPerTarget:     0,
		IdleConnTimeout:       90 * time.Second,
	}
	if !reflect.DeepEqual(u, wantUpstream) {
		t.Errorf("DefaultUpstream(x) = %+v, want %+v", u, wantUpstream)
	}
}

func TestParseEmptyFileIsDefault(t *testing.T) {
	for _, src := range []string{"", "# nothing yet\n", "---\n", "%YAML 1.2\n---\n"} {
		c, err := Parse("empty.yaml", []byte(src))
		if err != nil {
			t.Errorf("Parse(%q) error: %v", src, err)
			continue
		}
		if c.Engine != DefaultEngine() || c.Listen != DefaultListen || len(c.Routes) != 0 {
			t.Errorf("Parse(%q) = %+v, want the defaults", src, c)
		}
	}
}

func TestParseByteOrderMark(t *testing.T) {
	c, err := Parse("bom.yaml", []byte("\ufefflisten: 127.0.0.1:8081\n"))
	if err != nil {
		t.Fatalf("Parse error: %v", err)
	}
	if got, want := c.Listen, "127.0.0.1:8081"; got != want {
		t.Errorf("Listen = %q, want %q", got, want)
	}
}

func TestParsePoolIdleCapFollowsConnectionCap(t *testing.T) {
	tests := []struct {
		name     string
		pool     string
		wantIdle int
	}{
		{name: "default idle lowered", pool: "{max_connections_per_target: 8}", wantIdle: 8},
		{name: "default idle kept", pool: "{max_connections_per_target: 100}", wantIdle: DefaultMaxIdlePerTarget},
		{name: "explicit idle kept", pool: "{max_idle_per_target: 4, max_connections_per_target: 8}", wantIdle: 4},
		{name: "zero idle kept", pool: "{max_idle_per_target: 0}", wantIdle: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := "upstreams:\n  a:\n    targets: [127.0.0.1:1]\n    pool: " + tt.pool + "\n"
			c, err := Parse("pool.yaml", []byte(src))
			if err != nil {
				t.Fatalf("Parse error: %v", err)
			}
			if got := c.Upstreams["a"].MaxIdlePerTarget; got != tt.wantIdle {
				t.Errorf("MaxIdlePerTarget = %d, want %d", got, tt.wantIdle)
			}
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nope.yaml")
	c, err := Load(path)
	if c != nil {
		t.Errorf("Load(%s) config = %+v, want nil", path, c)
	}
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("Load(%s) error = %v, want one naming the path", path, err)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("errors.Is(%v, fs.ErrNotExist) = false, want true", err)
	}
}

func TestLoadReportsPathInErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(path, []byte("listen: 127.0.0.1:99999\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	want := path + ":1:9: listen: invalid address"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Load error = %v, want prefix %q", err, want)
	}
}

func TestValidateHandBuilt(t *testing.T) {
	valid := func() *Config {
		c := Default()
		u := DefaultUpstream("app")
		u.Targets = []Target{{Address: "127.0.0.1:9001", Weight: 1}}
		c.Upstreams["app"] = u
		c.UpstreamOrder = []string{"app"}
		c.Routes = []*Route{{Name: "all", Path: "/", Prefix: true, Upstream: "app"}}
		return c
	}
	tests := []struct {
		name    string
		change  func(c *Config)
		wantErr string // "" when valid
	}{
		{name: "valid", change: func(*Config) {}},
		{name: "zero weight", change: func(c *Config) { c.Upstreams["app"].Targets[0].Weight = 0 },
			wantErr: "upstreams.app.targets[0].weight: 0 is out of range: use 1 to 1000"},
		{name: "zero engine limits", change: func(c *Config) { c.Engine = Engine{} },
			wantErr: "engine.max_connections: 0 is out of range"},
		{name: "missing order", change: func(c *Config) { c.UpstreamOrder = nil },
			wantErr: `upstreams.app: upstream "app" is defined but missing from UpstreamOrder`},
		{name: "name mismatch", change: func(c *Config) { c.Upstreams["app"].Name = "other" },
			wantErr: `upstreams.app: Name "other" differs from its key "app"`},
		{name: "unknown upstream", change: func(c *Config) { c.Routes[0].Upstream = "ap" },
			wantErr: `routes[0].upstream: unknown upstream "ap": did you mean app? (defined upstreams: app)`},
		{name: "nil route", change: func(c *Config) { c.Routes = append(c.Routes, nil) },
			wantErr: "routes[1]: nil route"},
		{name: "unmasked prefix", change: func(c *Config) {
			c.ClientIP.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("10.1.0.0/8")}
		}, wantErr: "client_ip.trusted_proxies[0]: CIDR 10.1.0.0/8 has bits set after the /8 prefix: write 10.0.0.0/8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid()
			tt.change(c)
			err := c.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Errorf("Validate() = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Validate() = %v, want an error containing %q", err, tt.wantErr)
			}
		})
	}
}
