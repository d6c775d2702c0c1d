package main

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestValidateCommand(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(good, []byte("upstreams:\n  app:\n    targets: [{address: 127.0.0.1:9001}]\nroutes:\n  - name: all\n    match: {path: /, prefix: true}\n    upstream: app\n"), 0o644)
	os.WriteFile(bad, []byte("upstreams:\n  app:\n    targets: [{address: 127.0.0.1:9001}]\n    conect_timeout: 1s\n"), 0o644)

	tests := []struct {
		name       string
		args       []string
		code       int
		stdout     string
		stderrLike string
	}{
		{name: "valid file", args: []string{"validate", "--config", good}, code: 0, stdout: "valid (1 upstreams, 1 routes)"},
		{name: "unknown key", args: []string{"validate", "--config", bad}, code: 1, stderrLike: `bad\.yaml:4:5: .*conect_timeout.*did you mean connect_timeout`},
		{name: "missing flag", args: []string{"validate"}, code: 2, stderrLike: "missing --config FILE"},
		{name: "missing file", args: []string{"validate", "--config", filepath.Join(dir, "nope.yaml")}, code: 1, stderrLike: "nope.yaml"},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderrLike: `unknown command "frobnicate"`},
		{name: "version", args: []string{"version"}, code: 0, stdout: "gatehouse "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tt.args, &stdout, &stderr)
			if code != tt.code {
				t.Fatalf("exit code = %d, want %d; stderr: %s", code, tt.code, stderr.String())
			}
			if tt.stdout != "" && !strings.Contains(stdout.String(), tt.stdout) {
				t.Errorf("stdout = %q, want it to contain %q", stdout.String(), tt.stdout)
			}
			if tt.stderrLike != "" && !regexp.MustCompile(tt.stderrLike).MatchString(stderr.String()) {
				t.Errorf("stderr = %q, want a match for %q", stderr.String(), tt.stderrLike)
			}
		})
	}
}

func TestProxyFlagErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{name: "no listen", args: []string{"proxy", "--to", "127.0.0.1:1"}, want: "missing --listen"},
		{name: "no targets", args: []string{"proxy", "--listen", "127.0.0.1:0"}, want: "missing --to"},
		{name: "bad target", args: []string{"proxy", "--listen", "127.0.0.1:0", "--to", "nohost"}, want: `invalid target "nohost"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := run(tt.args, &stdout, &stderr); code != 2 {
				t.Errorf("exit code = %d, want 2", code)
			}
			if !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tt.want)
			}
		})
	}
}

// buildBinary compiles the gateway once per test binary run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "gatehouse")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// startGatehouse starts the binary and returns the address it logged as
// listening. The process is killed at cleanup if still running.
func startGatehouse(t *testing.T, bin string, args ...string) (*exec.Cmd, string, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	stderr, _ := cmd.StderrPipe()
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	addrCh := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		re := regexp.MustCompile(`msg="gateway listening" addr=(\S+)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addrCh <- m[1]
			}
		}
	}()
	select {
	case addr := <-addrCh:
		return cmd, addr, &stdout
	case <-time.After(10 * time.Second):
		t.Fatalf("gatehouse did not log its listening address within 10s")
	}
	return nil, "", nil
}

// TestProxySIGTERMDrains runs the real binary, starts a slow request,
// sends SIGTERM, and checks that the request completes and the process
// exits 0.
func TestProxySIGTERMDrains(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	release := make(chan struct{})
	backend := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		io.WriteString(w, "finished")
	})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go backend.Serve(ln)
	defer backend.Close()

	bin := buildBinary(t)
	cmd, addr, _ := startGatehouse(t, bin, "proxy", "--listen", "127.0.0.1:0", "--to", ln.Addr().String())

	type result struct {
		body string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		resp, err := (&http.Client{Timeout: 10 * time.Second}).Get("http://" + addr + "/slow")
		if err != nil {
			done <- result{err: err}
			return
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		done <- result{body: string(b), err: err}
	}()
	time.Sleep(200 * time.Millisecond) // the request reaches the backend
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(300*time.Millisecond, func() { close(release) })

	got := <-done
	if got.err != nil || got.body != "finished" {
		t.Fatalf("in-flight request: body %q err %v, want finished", got.body, got.err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("gatehouse exited with %v, want status 0", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("gatehouse still running 10s after SIGTERM")
	}
}

// TestDemoServesRoutes runs `gatehouse demo` and requests the routes its
// help text lists.
func TestDemoServesRoutes(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildBinary(t)
	cmd, addr, stdout := startGatehouse(t, bin, "demo", "--listen", "127.0.0.1:0")
	base := "http://" + addr
	client := &http.Client{Timeout: 5 * time.Second}
	tests := []struct {
		method, path, body string
		status             int
		contains           string
	}{
		{method: "GET", path: "/api/users/1", status: 200, contains: `"name":"Ada"`},
		{method: "GET", path: "/api/users", status: 200, contains: `"Grace"`},
		{method: "POST", path: "/api/orders", body: `{"user":"1","item":"book"}`, status: 201, contains: `"item":"book"`},
		{method: "GET", path: "/api/users/1/orders", status: 200, contains: `"item":"book"`},
		{method: "GET", path: "/api/orders/1", status: 200, contains: `"id":1`},
		{method: "DELETE", path: "/api/orders", status: 405, contains: `"status":405`},
		{method: "GET", path: "/nowhere", status: 404, contains: `"status":404`},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest(tt.method, base+tt.path, strings.NewReader(tt.body))
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", tt.method, tt.path, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || !strings.Contains(string(b), tt.contains) {
			t.Errorf("%s %s = %d %s, want %d containing %s", tt.method, tt.path, resp.StatusCode, b, tt.status, tt.contains)
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Errorf("demo exited with %v, want status 0", err)
	}
	if want := "curl -i " + base + "/api/users/1"; !strings.Contains(stdout.String(), want) {
		t.Errorf("demo output does not contain %q:\n%s", want, stdout.String())
	}
}
