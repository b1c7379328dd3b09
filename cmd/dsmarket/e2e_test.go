package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/internal/temporaltest"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store/storetest"
)

func TestMain(m *testing.M) {
	code := m.Run()
	temporaltest.Stop()
	if binPath != "" {
		_ = os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// TestEndToEnd builds the real binary and runs it as production does: migrate and seed
// as one-shot commands, api and worker as separate processes, against a real PostgreSQL
// and a real Temporal server; then runs one catalog order to its delivery request over
// HTTP and stops both processes with SIGTERM.
func TestEndToEnd(t *testing.T) {
	bin := buildBinary(t)
	hostPort, _ := temporaltest.Server(t)
	addr := freeAddr(t)
	dsn := storetest.NewDSN(t)
	env := append(os.Environ(),
		"DATABASE_URL="+dsn,
		"TEMPORAL_ADDRESS="+hostPort,
		"DEV_JWT_SECRET=e2e-secret-e2e-secret-e2e-secret-0123",
		"DSMARKET_ENV=development",
		"HTTP_ADDR="+addr,
		"DSMARKET_DATA_DIR="+t.TempDir(),
		"LOG_LEVEL=warn",
	)
	runOnce := func(args ...string) string {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("dsmarket %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	runOnce("migrate")
	runOnce("migrate")                     // a second run is a no-op
	storetest.SeparateOrderNumbers(t, dsn) // the Temporal server is shared by -count=N runs
	if out := runOnce("seed"); !strings.Contains(out, "loaded") {
		t.Fatalf("seed: %s", out)
	}
	if out := runOnce("seed"); !strings.Contains(out, "already") {
		t.Fatalf("second seed: %s", out)
	}
	// Each process serves its metrics on a port of its own, as in production.
	apiMetrics, workerMetrics := freeAddr(t), freeAddr(t)
	api := start(t, bin, append(env, "METRICS_ADDR="+apiMetrics), "api")
	wrk := start(t, bin, append(env, "METRICS_ADDR="+workerMetrics), "worker")

	base := "http://" + addr
	waitReady(t, base+"/readyz")
	agency := runOnce("token", "--role", "agency", "--org", "AG-0001", "--sub", "kim.agency")
	provider := runOnce("token", "--role", "provider", "--org", "PV-0001", "--sub", "jung.provider")

	due := models.DateOf(time.Now()).AddDate(0, 0, 7).Format(time.DateOnly)
	created := call(t, "POST", base+"/api/v1/orders", agency, fmt.Sprintf(
		`{"service_id":"SVC-0001","title":"e2e 클라우드 전환","budget_krw":50000000,"proposal_due":%q}`, due), 201)
	id := created["id"].(string)
	call(t, "POST", base+"/api/v1/orders/"+id+"/proposal", provider, `{"price_krw":48000000,"summary":"IaaS"}`, 200)
	call(t, "POST", base+"/api/v1/orders/"+id+"/evaluation", agency, `{"scores":[{"criterion":"기술","score":85,"max":100}]}`, 200)
	final := call(t, "POST", base+"/api/v1/orders/"+id+"/negotiation", agency,
		`{"agreed":true,"final_price_krw":47000000,"terms":"36개월"}`, 200)
	if final["status"] != "delivery_requested" {
		t.Fatalf("final status %v", final["status"])
	}
	got := call(t, "GET", base+"/api/v1/orders/"+id, provider, "", 200)
	if got["contract_id"] != "CT-"+id {
		t.Fatalf("contract %v", got["contract_id"])
	}

	// Both processes export ours and the Temporal SDK's metrics, which the alert rules
	// (deploy/prometheus/dsmarket-alerts.yaml) read: the API its answers and its calls to
	// Temporal, the worker its pollers and its workflow tasks.
	for addr, want := range map[string][]string{
		apiMetrics: {"dsmarket_http_requests_total{", "dsmarket_http_request_duration_seconds_bucket{", "temporal_request_total{",
			"dsmarket_audit_unsealed_steps ", "dsmarket_audit_unsealed_oldest_seconds "},
		workerMetrics: {"temporal_num_pollers{", `poller_type="workflow_task"`, "temporal_workflow_task_schedule_to_start_latency_seconds_bucket{",
			"temporal_local_activity_total{", "go_goroutines "},
	} {
		res, err := http.Get("http://" + addr + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		for _, w := range want {
			if !strings.Contains(string(page), w) {
				t.Errorf("%s/metrics has no %s", addr, w)
			}
		}
	}

	// `dsmarket api` without OIDC serves no pages: the development sign-in, which starts a
	// session for any seeded user without a password, is not there to be posted to.
	for _, probe := range []struct{ method, path string }{{"GET", "/ui/login"}, {"POST", "/ui/login/dev"}} {
		req, _ := http.NewRequest(probe.method, base+probe.path, strings.NewReader("sub=kim.operator"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound || len(res.Cookies()) != 0 || strings.Contains(string(page), "data-sub=") {
			t.Fatalf("%s %s on dsmarket api: %d, cookies %v: %.300s", probe.method, probe.path, res.StatusCode, res.Cookies(), page)
		}
	}

	for name, p := range map[string]*exec.Cmd{"api": api, "worker": wrk} {
		if err := p.Process.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- p.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s did not shut down cleanly: %v", name, err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("%s did not stop within 30 s of SIGTERM", name)
		}
	}
}

// buildBinary builds dsmarket once for the package's tests.
func buildBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "dsmarket-bin-")
		if err != nil {
			binErr = err
			return
		}
		binPath = filepath.Join(dir, "dsmarket")
		if out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); err != nil {
			binErr = fmt.Errorf("build: %w\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

var (
	binOnce sync.Once
	binPath string
	binErr  error
)

func start(t *testing.T, bin string, env []string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
		if t.Failed() {
			t.Logf("dsmarket %v output:\n%s", args, out.String())
		}
	})
	return cmd
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func waitReady(t *testing.T, url string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for ctx.Err() == nil {
		if res, err := http.Get(url); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("%s never became ready", url)
}

func call(t *testing.T, method, url, token, body string, want int) map[string]any {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, url, rd)
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("%s %s: %d, want %d: %s", method, url, res.StatusCode, want, raw)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return m
}
