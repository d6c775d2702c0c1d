package loadtest

import (
	"context"
	"os"
	"sync"
	"testing"
	"time"
)

// gatehouseBuildDir holds the gatehouse binary built for the tests; TestMain
// removes it.
var gatehouseBuildDir string

// gatehouseBinary builds ./cmd/gatehouse once per test binary. It returns ""
// only when that folder has no main package yet; a build that fails is an
// error.
var gatehouseBinary = sync.OnceValues(func() (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	root, err := ModuleRoot(ctx, ".")
	if err != nil {
		return "", err
	}
	ok, err := HasMainPackage(ctx, root, GatehousePackage)
	if err != nil || !ok {
		return "", err
	}
	dir, err := os.MkdirTemp("", "gatehouse-test-")
	if err != nil {
		return "", err
	}
	gatehouseBuildDir = dir
	return BuildGatehouse(ctx, root, dir)
})

func gatehouseEnvironment(t *testing.T, injectDelay time.Duration) *ManagedEnvironment {
	t.Helper()
	bin, err := gatehouseBinary()
	if err != nil {
		t.Fatalf("build gatehouse: %v", err)
	}
	if bin == "" {
		t.Skip("cmd/gatehouse has no main package yet; this check runs once it does")
	}
	env := referenceEnvironment(t, injectDelay)
	env.Gatehouse = bin
	env.GatewayEnv = nil
	return env
}

// TestGatehouseBudgetCheck runs the CI budget check through gatehouse proxy.
func TestGatehouseBudgetCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("runs load for about 15s")
	}
	_, budget := runBudgetCheck(t, gatehouseEnvironment(t, 0), expectPass)
	if !budget.Passed {
		t.Errorf("budget check failed: %q", failedChecks(budget))
	}
}

// TestGatehouseBudgetCheckFailsWithInjectedDelay runs gatehouse with
// --inject-delay 20ms and expects the latency budgets to fail.
func TestGatehouseBudgetCheckFailsWithInjectedDelay(t *testing.T) {
	if testing.Short() {
		t.Skip("runs load for about 5s")
	}
	report, budget := runBudgetCheck(t, gatehouseEnvironment(t, 20*time.Millisecond), expectFailure, "get-plain")
	assertDelayFailsBudget(t, report, budget)
}
