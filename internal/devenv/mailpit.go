package devenv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/dsmarket/dsmarket/internal/devenv/temporalcli"
)

// Mailpit is the local SMTP sink of `dsmarket dev` and of the mail tests: it keeps every
// message it is sent and shows them in a web UI and a REST API (/api/v1/messages).
// `make bin/mailpit` builds it from the Go module proxy, pinned in the Makefile.

// Defaults of MailpitOptions.
const (
	DefaultMailpitSMTPAddr = "127.0.0.1:1025"
	DefaultMailpitHTTPAddr = "127.0.0.1:8025"
	// MailpitEnvVar overrides where the binary is.
	MailpitEnvVar = "MAILPIT_BIN"
)

// MailpitPath finds Mailpit: $MAILPIT_BIN if set, else bin/mailpit in the module root. The
// error says to run `make bin/mailpit` when it is missing.
func MailpitPath(getenv func(string) string) (string, error) {
	if getenv != nil {
		if p := getenv(MailpitEnvVar); p != "" {
			if err := executable(p); err != nil {
				return "", fmt.Errorf("%s=%s: %w; run `make bin/mailpit` or fix %s", MailpitEnvVar, p, err, MailpitEnvVar)
			}
			return p, nil
		}
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find Mailpit: %w", err)
	}
	root, err := temporalcli.ModuleRoot(wd)
	if err != nil {
		return "", fmt.Errorf("find Mailpit: %w", err)
	}
	p := filepath.Join(root, "bin", "mailpit")
	if err := executable(p); err != nil {
		return "", fmt.Errorf("the Mailpit binary %s is missing (%w): run `make bin/mailpit` in %s", p, err, root)
	}
	return p, nil
}

func executable(p string) error {
	fi, err := os.Stat(p)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return errors.New("no such file")
	case err != nil:
		return err
	case fi.IsDir() || fi.Mode().Perm()&0o111 == 0:
		return errors.New("not an executable file")
	}
	return nil
}

// MailpitOptions configures StartMailpit.
type MailpitOptions struct {
	// DataDir holds mailpit.db (the messages, kept across runs) and mailpit.log. Empty:
	// Mailpit keeps its messages in a temporary file it removes when it stops.
	DataDir string
	// SMTPAddr and HTTPAddr are where it listens. Empty: the defaults above, or a free
	// port on 127.0.0.1 when something else holds the default one. AnyPort: a free port.
	SMTPAddr, HTTPAddr string
	// Stdout and Stderr receive its output; nil: <DataDir>/mailpit.log, or nothing.
	Stdout, Stderr io.Writer
	// ExtraArgs are passed to mailpit as they are (e.g. --ignore-duplicate-ids).
	ExtraArgs []string
}

// MailpitServer is a running Mailpit.
type MailpitServer struct {
	// SMTPAddr and HTTPAddr are host:port of its SMTP server and of its web UI and API.
	SMTPAddr, HTTPAddr string
	cmd                *exec.Cmd
	done               chan struct{}
	waitErr            error
	logFile            *os.File
}

// SMTPURL is the SMTP_URL that sends to it.
func (m *MailpitServer) SMTPURL() string { return "smtp://" + m.SMTPAddr }

// WebURL is its web UI; the API is under api/v1/.
func (m *MailpitServer) WebURL() string { return "http://" + m.HTTPAddr + "/" }

// AnyPort is a free port of 127.0.0.1, as MailpitOptions.SMTPAddr or HTTPAddr.
const AnyPort = "127.0.0.1:0"

// mailpitTries bounds the starts on ports StartMailpit chose itself.
const mailpitTries = 5

// StartMailpit starts the Mailpit at path and returns once both its SMTP server and its
// HTTP API answer. It listens on 127.0.0.1 only, checks for no new version (no Internet
// needed) and does no reverse DNS. The caller stops it with Stop.
func StartMailpit(ctx context.Context, path string, o MailpitOptions) (*MailpitServer, error) {
	// A free port may be taken by another process before Mailpit binds it (every outgoing
	// connection draws from the same range): a start on ports chosen here is tried again
	// on new ones.
	chosen := o.SMTPAddr == "" || o.HTTPAddr == "" || o.SMTPAddr == AnyPort || o.HTTPAddr == AnyPort
	for try := 1; ; try++ {
		m, err := startMailpitOnce(ctx, path, o)
		if err == nil || !chosen || try == mailpitTries || ctx.Err() != nil {
			return m, err
		}
	}
}

func startMailpitOnce(ctx context.Context, path string, o MailpitOptions) (*MailpitServer, error) {
	smtpAddr, err := mailpitAddr(o.SMTPAddr, DefaultMailpitSMTPAddr)
	if err != nil {
		return nil, fmt.Errorf("start Mailpit: SMTP: %w", err)
	}
	httpAddr, err := mailpitAddr(o.HTTPAddr, DefaultMailpitHTTPAddr)
	if err != nil {
		return nil, fmt.Errorf("start Mailpit: HTTP: %w", err)
	}
	args := []string{"--smtp", smtpAddr, "--listen", httpAddr, "--disable-version-check",
		"--smtp-disable-rdns", "--label", "dsmarket"}
	m := &MailpitServer{SMTPAddr: smtpAddr, HTTPAddr: httpAddr, done: make(chan struct{})}
	where := "its output"
	if o.DataDir != "" {
		dir, err := filepath.Abs(o.DataDir)
		if err != nil {
			return nil, fmt.Errorf("start Mailpit: %w", err)
		}
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("start Mailpit: %w", err)
		}
		args = append(args, "--database", filepath.Join(dir, "mailpit.db"))
		if o.Stdout == nil || o.Stderr == nil {
			logPath := filepath.Join(dir, "mailpit.log")
			m.logFile, err = os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
			if err != nil {
				return nil, fmt.Errorf("start Mailpit: %w", err)
			}
			_, _ = fmt.Fprintf(m.logFile, "\n==== %s: starting %s\n", time.Now().Format(time.RFC3339), path)
			where = logPath
		}
	}
	cmd := exec.Command(path, append(args, o.ExtraArgs...)...) //nolint:gosec // our own pinned tool
	cmd.Env = mailpitEnv(os.Environ())
	cmd.Stdout, cmd.Stderr = o.Stdout, o.Stderr
	if m.logFile != nil {
		if cmd.Stdout == nil {
			cmd.Stdout = m.logFile
		}
		if cmd.Stderr == nil {
			cmd.Stderr = m.logFile
		}
	}
	setParentDeathSignal(cmd)
	if err := cmd.Start(); err != nil {
		m.closeLog()
		return nil, fmt.Errorf("start Mailpit %s: %w", path, err)
	}
	m.cmd = cmd
	go func() {
		m.waitErr = cmd.Wait()
		m.closeLog()
		close(m.done)
	}()
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := m.awaitReady(ctx); err != nil {
		_ = m.Stop()
		return nil, fmt.Errorf("start Mailpit %s on %s and %s (see %s): %w", path, smtpAddr, httpAddr, where, err)
	}
	return m, nil
}

// mailpitAddr is addr if free; for "" def if free; for AnyPort, or "" with def taken, a
// free port of 127.0.0.1.
func mailpitAddr(addr, def string) (string, error) {
	switch {
	case addr == "" && temporalcli.CheckFree(def) == nil:
		return def, nil
	case addr != "" && addr != AnyPort:
		return addr, temporalcli.CheckFree(addr)
	}
	port, err := temporalcli.FreePort()
	if err != nil {
		return "", err
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), nil
}

// mailpitEnv drops Mailpit's own settings (MP_*) from the environment, so that a developer's
// shell cannot turn on SMTP authentication or relaying behind the tests' back.
func mailpitEnv(env []string) []string {
	out := env[:0:0]
	for _, kv := range env {
		if !strings.HasPrefix(kv, "MP_") {
			out = append(out, kv)
		}
	}
	return out
}

func (m *MailpitServer) awaitReady(ctx context.Context) error {
	hc := &http.Client{Timeout: 2 * time.Second}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var last error
	for {
		if last = m.ready(ctx, hc); last == nil {
			return nil
		}
		select {
		case <-m.done:
			if m.waitErr == nil {
				return errors.New("mailpit exited")
			}
			return fmt.Errorf("mailpit exited: %w", m.waitErr)
		case <-ctx.Done():
			return fmt.Errorf("not ready: %w", last)
		case <-tick.C:
		}
	}
}

func (m *MailpitServer) ready(ctx context.Context, hc *http.Client) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+m.HTTPAddr+"/readyz", nil)
	if err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("/readyz: %s", resp.Status)
	}
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", m.SMTPAddr)
	if err != nil {
		return err
	}
	return c.Close()
}

// Stop asks Mailpit to stop (it closes its database on SIGINT) and waits for it, killing
// it if it has not exited after ten seconds.
func (m *MailpitServer) Stop() error {
	if m.cmd == nil || m.cmd.Process == nil {
		return nil
	}
	select {
	case <-m.done:
		return nil
	default:
	}
	_ = m.cmd.Process.Signal(os.Interrupt)
	t := time.NewTimer(10 * time.Second)
	defer t.Stop()
	select {
	case <-m.done:
		return nil
	case <-t.C:
	}
	if err := m.cmd.Process.Kill(); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("stop Mailpit: %w", err)
	}
	<-m.done
	return nil
}

func (m *MailpitServer) closeLog() {
	if m.logFile != nil {
		_ = m.logFile.Close()
	}
}
