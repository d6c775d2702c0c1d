package loadtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
)

// GatehousePackage is the import path, relative to the module root, of the
// gateway binary's main package.
const GatehousePackage = "./cmd/gatehouse"

// ErrNoModule is returned by ModuleRoot outside a Go module.
var ErrNoModule = errors.New("not inside a Go module")

// ModuleRoot returns the directory of the go.mod that governs dir, as
// reported by go env GOMOD.
func ModuleRoot(ctx context.Context, dir string) (string, error) {
	out, err := goCommand(ctx, dir, "env", "GOMOD")
	if err != nil {
		return "", err
	}
	gomod := strings.TrimSpace(out)
	if gomod == "" || gomod == "/dev/null" {
		return "", fmt.Errorf("%s: %w", dir, ErrNoModule)
	}
	return filepath.Dir(gomod), nil
}

// HasMainPackage reports whether pkg, such as ./cmd/gatehouse, is a main
// package in the module at root. A missing folder or one without Go files is
// not a main package, and a package that fails to load for another reason is
// an error.
func HasMainPackage(ctx context.Context, root, pkg string) (bool, error) {
	out, err := goCommand(ctx, root, "list", "-e", "-f", "{{.Name}}\t{{len .GoFiles}}\t{{if .Error}}{{.Error.Err}}{{end}}", pkg)
	if err != nil {
		return false, err
	}
	fields := strings.SplitN(strings.TrimRight(out, "\r\n"), "\t", 3)
	if len(fields) != 3 {
		return false, fmt.Errorf("go list %s: unexpected output %q", pkg, out)
	}
	name, goFiles, loadErr := fields[0], fields[1], fields[2]
	switch {
	case name == "main":
		return true, nil
	case name == "" && goFiles == "0":
		return false, nil
	case loadErr != "":
		return false, fmt.Errorf("go list %s: %s", pkg, loadErr)
	}
	return false, nil
}

// BuildGatehouse builds the gateway from the module at root into dir and
// returns the binary's path.
func BuildGatehouse(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "gatehouse")
	if _, err := goCommand(ctx, root, "build", "-o", bin, GatehousePackage); err != nil {
		return "", err
	}
	return bin, nil
}

// goCommand runs the go tool in dir and returns its standard output.
func goCommand(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go %s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}
