package temporaltest

import "syscall"

// sysProcAttr makes the kernel kill the server when the test binary dies, so that a panic or
// a test timeout, which skip Stop, leaves no server behind.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
