package devenv

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/smtp"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/internal/devenv/temporalcli"
)

// TestStartMailpit starts Mailpit twice on one data directory: a message sent to the
// first is still listed by the second (make run keeps the mail of earlier runs), and each
// Stop frees both ports.
func TestStartMailpit(t *testing.T) {
	path, err := MailpitPath(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	dataDir := t.TempDir()
	for run := 1; run <= 2; run++ {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		m, err := StartMailpit(ctx, path, MailpitOptions{DataDir: dataDir, SMTPAddr: AnyPort, HTTPAddr: AnyPort})
		cancel()
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		if !strings.HasPrefix(m.SMTPURL(), "smtp://127.0.0.1:") || !strings.HasPrefix(m.WebURL(), "http://127.0.0.1:") {
			t.Errorf("run %d: SMTPURL %s, WebURL %s: want both on 127.0.0.1", run, m.SMTPURL(), m.WebURL())
		}
		if run == 1 {
			msg := "From: a@example.com\r\nTo: b@example.com\r\nSubject: hello\r\nMessage-ID: <run1@dsmarket>\r\n\r\nbody\r\n"
			if err := smtp.SendMail(m.SMTPAddr, nil, "a@example.com", []string{"b@example.com"}, []byte(msg)); err != nil {
				t.Fatalf("send: %v", err)
			}
		}
		ids := mailpitMessageIDs(t, m.WebURL())
		if len(ids) != 1 || ids[0] != "run1@dsmarket" {
			t.Errorf("run %d: messages %v, want [run1@dsmarket]", run, ids)
		}
		if err := m.Stop(); err != nil {
			t.Fatalf("run %d: Stop: %v", run, err)
		}
		for _, addr := range []string{m.SMTPAddr, m.HTTPAddr} {
			if err := temporalcli.CheckFree(addr); err != nil {
				t.Errorf("run %d: after Stop: %v", run, err)
			}
		}
	}
	for _, f := range []string{"mailpit.db", "mailpit.log"} {
		if _, err := os.Stat(filepath.Join(dataDir, f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func mailpitMessageIDs(t *testing.T, webURL string) []string {
	t.Helper()
	resp, err := http.Get(webURL + "api/v1/messages") //nolint:noctx // a local test server
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var list struct{ Messages []struct{ MessageID string } }
	if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(list.Messages))
	for i, m := range list.Messages {
		ids[i] = m.MessageID
	}
	return ids
}

// TestMailpitAddrBusyDefault: a default port someone else holds gives way to a free one; an
// address asked for explicitly is refused instead; AnyPort is a free one.
func TestMailpitAddrBusyDefault(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	busy := l.Addr().String()
	got, err := mailpitAddr("", busy)
	if err != nil {
		t.Fatal(err)
	}
	if got == busy || !strings.HasPrefix(got, "127.0.0.1:") {
		t.Errorf("mailpitAddr(\"\", busy %s) = %s, want another port on 127.0.0.1", busy, got)
	}
	if _, err := mailpitAddr(busy, DefaultMailpitSMTPAddr); err == nil {
		t.Errorf("mailpitAddr(%s) of a busy address: no error", busy)
	}
	if got, err := mailpitAddr(AnyPort, busy); err != nil || got == AnyPort || !strings.HasPrefix(got, "127.0.0.1:") {
		t.Errorf("mailpitAddr(AnyPort) = %s, %v; want a port of 127.0.0.1", got, err)
	}
}

// TestMailpitPathMissing: without the binary, the error tells what to run.
func TestMailpitPathMissing(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(root)
	for name, getenv := range map[string]func(string) string{
		"module root": func(string) string { return "" },
		MailpitEnvVar: func(k string) string {
			if k == MailpitEnvVar {
				return filepath.Join(root, "nowhere", "mailpit")
			}
			return ""
		},
	} {
		_, err := MailpitPath(getenv)
		if err == nil || !strings.Contains(err.Error(), "make bin/mailpit") {
			t.Errorf("%s: error %v, want one that says `make bin/mailpit`", name, err)
		}
	}
}
