package loadtest

import (
	"os/exec"
	"syscall"
)

// childProcAttr puts a child in its own process group, so SIGKILL can reach
// anything it started. Pdeathsig makes the kernel kill the child when
// gateload dies without a chance to stop it (SIGKILL, a crash). The separate
// group also keeps a terminal's Ctrl-C away from the child, because gateload
// stops its children itself.
//
// NOTE: Pdeathsig fires when the thread that started the child exits, not the
// process. The Go runtime keeps its threads for the life of the process
// unless a goroutine exits while locked to its thread, which this package
// never does.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// killProcessGroup sends SIGKILL to the child's process group, whose id is
// the child's PID.
func killProcessGroup(cmd *exec.Cmd) error {
	return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}
