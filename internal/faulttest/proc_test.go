package faulttest

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"syscall"
	"time"
)

// proc is one child process of the test: a dsmarket process or the Temporal dev server.
// It runs in a process group of its own, so that a kill reaches anything it starts, and on
// Linux it dies with the test binary (a panic or a timeout skips every cleanup).
type proc struct {
	name    string
	logPath string
	cmd     *exec.Cmd
	exited  chan struct{} // closed when the process has exited; waitErr is then set
	waitErr error
}

// startProc starts path with args and env, its output appended to logPath.
func startProc(name, path string, args, env []string, logPath string) (*proc, error) {
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600) //nolint:gosec // the test's own temp dir
	if err != nil {
		return nil, err
	}
	// The child gets its own copy of the descriptor; a file, not a pipe, so that no copying
	// goroutine outlives the process and the log survives a kill.
	defer func() { _ = logFile.Close() }()
	_, _ = fmt.Fprintf(logFile, "\n==== %s: %s %v\n", time.Now().Format(time.RFC3339Nano), name, args)

	p := &proc{name: name, logPath: logPath, exited: make(chan struct{})}
	p.cmd = exec.Command(path, args...) //nolint:gosec // our own binaries
	p.cmd.Env = env
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	p.cmd.SysProcAttr = sysProcAttr()
	started := make(chan error, 1)
	go func() {
		// The parent-death signal follows the thread that started the child: keep that
		// thread, locked to this goroutine, for as long as the child lives.
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		if err := p.cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		p.waitErr = p.cmd.Wait()
		close(p.exited)
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	return p, nil
}

// running reports whether the process has not exited yet.
func (p *proc) running() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// kill sends SIGKILL to the process group and waits for the process: the fault of a
// crashed or OOM-killed process, no chance to clean up.
func (p *proc) kill() {
	if p == nil || !p.running() {
		return
	}
	signalGroup(p.cmd.Process, syscall.SIGKILL)
	<-p.exited
}

// stop asks the process to end (SIGTERM), as an operator's restart does, and kills it if
// it has not ended within grace.
func (p *proc) stop(grace time.Duration) error {
	if p == nil || !p.running() {
		return nil
	}
	signalGroup(p.cmd.Process, syscall.SIGTERM)
	select {
	case <-p.exited:
		return nil
	case <-time.After(grace):
		p.kill()
		return fmt.Errorf("%s did not stop within %s of SIGTERM and was killed", p.name, grace)
	}
}

// tailOf returns the last n bytes of a log file, for failure messages.
func tailOf(path string, n int) string {
	b, err := os.ReadFile(path) //nolint:gosec // the test's own log
	if err != nil {
		return err.Error()
	}
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}
