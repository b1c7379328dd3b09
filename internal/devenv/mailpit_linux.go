package devenv

import (
	"os/exec"
	"syscall"
)

// setParentDeathSignal has the kernel stop Mailpit when the process that started it dies
// without stopping it (a test binary killed at its timeout), so that no sink is left
// holding its ports.
func setParentDeathSignal(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
}
