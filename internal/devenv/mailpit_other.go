//go:build !linux

package devenv

import "os/exec"

// setParentDeathSignal is Linux's only; elsewhere a Mailpit whose parent was killed stays.
func setParentDeathSignal(*exec.Cmd) {}
