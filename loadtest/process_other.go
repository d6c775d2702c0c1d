//go:build !linux

package loadtest

import (
	"os/exec"
	"syscall"
)

// childProcAttr returns nil: only Linux can tie a child's life to its parent,
// so elsewhere children are stopped only by Stop and ProcessGroup.StopAll.
func childProcAttr() *syscall.SysProcAttr { return nil }

// killProcessGroup kills the child alone, since it shares gateload's group.
func killProcessGroup(cmd *exec.Cmd) error { return cmd.Process.Kill() }
