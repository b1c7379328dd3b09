//go:build !linux

package faulttest

import (
	"os"
	"syscall"
)

// sysProcAttr: process groups and the parent-death signal are Linux's, where CI runs.
func sysProcAttr() *syscall.SysProcAttr { return nil }

// signalGroup signals the child alone.
func signalGroup(p *os.Process, sig syscall.Signal) {
	if sig == syscall.SIGKILL {
		_ = p.Kill()
		return
	}
	_ = p.Signal(sig)
}
