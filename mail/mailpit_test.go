package mail

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/internal/devenv"
	"github.com/dsmarket/dsmarket/internal/devenv/temporalcli"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// startMailpit starts bin/mailpit on 127.0.0.1, SMTP on smtpAddr ("": any free port), its
// API on a free port, stopped when the test ends; without the binary the test fails saying
// `make bin/mailpit`.
func startMailpit(t *testing.T, smtpAddr string, extra ...string) *mailpit {
	t.Helper()
	path, err := devenv.MailpitPath(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	if smtpAddr == "" {
		smtpAddr = devenv.AnyPort
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	m, err := devenv.StartMailpit(ctx, path, devenv.MailpitOptions{
		DataDir: t.TempDir(), SMTPAddr: smtpAddr, HTTPAddr: devenv.AnyPort, ExtraArgs: extra})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := m.Stop(); err != nil {
			t.Error(err)
		}
	})
	return &mailpit{t: t, srv: m}
}

// quietAddr is a free 127.0.0.1 port below the kernel's ephemeral range (32768 and up on
// Linux), for a server the test starts later on a fixed address: no outgoing connection of
// a parallel test can draw it in the meantime, as it could a port of that range.
func quietAddr(t *testing.T) string {
	t.Helper()
	for range 100 {
		addr := "127.0.0.1:" + strconv.Itoa(20000+rand.IntN(12000))
		if temporalcli.CheckFree(addr) == nil {
			return addr
		}
	}
	t.Fatal("no free port between 20000 and 32000")
	return ""
}

// mailpit reads what the sink received through its REST API.
type mailpit struct {
	t   *testing.T
	srv *devenv.MailpitServer
}

type address struct{ Name, Address string }

// received is one message as Mailpit parsed it.
type received struct {
	ID, MessageID, Subject, Text string
	To                           []address
	Headers                      map[string][]string
}

func (m *mailpit) get(path string, v any) {
	m.t.Helper()
	resp, err := http.Get(m.srv.WebURL() + path) //nolint:noctx // a local test server
	if err != nil {
		m.t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		m.t.Fatalf("GET %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		m.t.Fatalf("GET %s: %v", path, err)
	}
}

// messages is every message received, with its text and headers.
func (m *mailpit) messages() []received {
	m.t.Helper()
	var list struct {
		Total    int
		Messages []struct{ ID string }
	}
	m.get("api/v1/messages?limit=1000", &list)
	if list.Total != len(list.Messages) {
		m.t.Fatalf("mailpit lists %d of %d messages", len(list.Messages), list.Total)
	}
	out := make([]received, len(list.Messages))
	for i, s := range list.Messages {
		m.get("api/v1/message/"+s.ID, &out[i])
		m.get("api/v1/message/"+s.ID+"/headers", &out[i].Headers)
	}
	return out
}

// byMessageID is messages() keyed by Message-ID; a Message-ID received twice fails.
func (m *mailpit) byMessageID() map[string]received {
	m.t.Helper()
	out := map[string]received{}
	for _, r := range m.messages() {
		if _, dup := out[r.MessageID]; dup {
			m.t.Errorf("Message-ID %s received twice", r.MessageID)
		}
		out[r.MessageID] = r
	}
	return out
}

// chaos makes Mailpit refuse every recipient with code (0: accept again).
func (m *mailpit) chaos(code int) {
	m.t.Helper()
	prob := 100
	if code == 0 {
		code, prob = 451, 0
	}
	body := fmt.Sprintf(`{"Recipient":{"ErrorCode":%d,"Probability":%d}}`, code, prob)
	req, err := http.NewRequest(http.MethodPut, m.srv.WebURL()+"api/v1/chaos", bytes.NewBufferString(body)) //nolint:noctx // a local test server
	if err != nil {
		m.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		m.t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		m.t.Fatalf("PUT chaos: %s", resp.Status)
	}
}

// clock is a test's time, moved by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// person adds a user as the people API would.
func person(t *testing.T, s *store.Store, sub, name string, role models.Role, org, email, lang string) {
	t.Helper()
	err := s.DB().Exec(`INSERT INTO users (sub, name, role, org, email, language) VALUES (?, ?, ?, ?, ?, ?)`,
		sub, name, string(role), org, email, lang).Error
	if err != nil {
		t.Fatal(err)
	}
}

func notify(t *testing.T, s *store.Store, n models.Notification) {
	t.Helper()
	if err := s.SaveNotification(context.Background(), n); err != nil {
		t.Fatal(err)
	}
}
