package deploy

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.yaml.in/yaml/v3"

	"github.com/dsmarket/dsmarket/internal/devenv/temporalcli"
	"github.com/dsmarket/dsmarket/internal/syncbuf"
)

const composeFile = "../docker-compose.yml"

// composeConfig is the part of `docker-compose config` that the tests read.
type composeConfig struct {
	Services map[string]struct {
		Image       string                       `yaml:"image"`
		Build       any                          `yaml:"build"`
		Command     []string                     `yaml:"command"`
		Entrypoint  []string                     `yaml:"entrypoint"`
		DependsOn   map[string]map[string]string `yaml:"depends_on"`
		Environment map[string]string            `yaml:"environment"`
		Ports       []any                        `yaml:"ports"`
		Profiles    []string                     `yaml:"profiles"`
		Healthcheck map[string]any               `yaml:"healthcheck"`
		Volumes     []any                        `yaml:"volumes"`
	} `yaml:"services"`
}

// config runs `docker-compose config` on the compose file: it fails, never skips, when
// docker-compose is missing.
func config(t *testing.T) composeConfig {
	t.Helper()
	bin, err := exec.LookPath("docker-compose")
	if err != nil {
		t.Fatalf("docker-compose is not installed; this test needs it to check %s: "+
			"apt-get install docker-compose (.ci/run does)", composeFile)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "-f", composeFile, "--profile", "seed", "config")
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("docker-compose config: %v\n%s", err, stderr.String())
	}
	var c composeConfig
	if err := yaml.Unmarshal(stdout.Bytes(), &c); err != nil {
		t.Fatalf("docker-compose config output: %v\n%s", err, stdout.String())
	}
	return c
}

func TestComposeServices(t *testing.T) {
	c := config(t)
	var names []string
	for n := range c.Services {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, want := range []string{"api", "migrate", "postgres", "seed", "temporal", "temporal-schema", "temporal-setup", "temporal-ui", "worker"} {
		if _, ok := c.Services[want]; !ok {
			t.Errorf("service %s is missing (services: %v)", want, names)
		}
	}
	if hc := c.Services["postgres"].Healthcheck; len(hc) == 0 {
		t.Errorf("postgres has no healthcheck")
	}
	if env := c.Services["temporal"].Environment; env["DB"] != "postgres12" || env["POSTGRES_SEEDS"] != "postgres" {
		t.Errorf("temporal: DB=%s POSTGRES_SEEDS=%s, want postgres12 on the postgres service", env["DB"], env["POSTGRES_SEEDS"])
	}
	if !slices.Contains(c.Services["seed"].Profiles, "seed") {
		t.Errorf("seed is not optional: profiles %v, want [seed]", c.Services["seed"].Profiles)
	}
}

func TestComposeDsmarketServices(t *testing.T) {
	c := config(t)
	for name, command := range map[string]string{"migrate": "migrate", "seed": "seed", "api": "api", "worker": "worker"} {
		s := c.Services[name]
		if !slices.Equal(s.Command, []string{command}) {
			t.Errorf("%s: command %v, want [%s]", name, s.Command, command)
		}
		if s.Build == nil {
			t.Errorf("%s: not built from the Dockerfile", name)
		}
		for _, k := range []string{
			"DATABASE_URL", "TEMPORAL_ADDRESS", "TEMPORAL_NAMESPACE", "TEMPORAL_API_KEY",
			"TEMPORAL_TLS_CERT", "TEMPORAL_TLS_KEY", "TEMPORAL_TLS_CA",
			"OIDC_ISSUER_URL", "OIDC_AUDIENCE", "OIDC_JWKS_URL", "DEV_JWT_SECRET", "DSMARKET_ENV", "HTTP_ADDR", "LOG_LEVEL",
			"OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_REDIRECT_URL", "UI_SESSION_SECRET",
		} {
			if _, ok := s.Environment[k]; !ok {
				t.Errorf("%s: environment lacks %s", name, k)
			}
		}
		if got := s.Environment["TEMPORAL_ADDRESS"]; got != "temporal:7233" {
			t.Errorf("%s: TEMPORAL_ADDRESS = %s, want temporal:7233", name, got)
		}
		if got := s.Environment["DATABASE_URL"]; !strings.Contains(got, "@postgres:5432/dsmarket") {
			t.Errorf("%s: DATABASE_URL = %s, want the dsmarket database on the postgres service", name, got)
		}
	}
	for _, name := range []string{"api", "worker", "seed"} {
		for _, dep := range []string{"migrate", "temporal-setup"} {
			if got := c.Services[name].DependsOn[dep]["condition"]; got != "service_completed_successfully" {
				t.Errorf("%s depends on %s with condition %q, want service_completed_successfully", name, dep, got)
			}
		}
	}
	if got := c.Services["migrate"].DependsOn["postgres"]["condition"]; got != "service_healthy" {
		t.Errorf("migrate depends on postgres with condition %q, want service_healthy", got)
	}
	if !publishes(c.Services["api"].Ports, "8080", "8080") {
		t.Errorf("api ports %v, want 8080:8080", c.Services["api"].Ports)
	}
	if !publishes(c.Services["temporal-ui"].Ports, "8233", "8080") {
		t.Errorf("temporal-ui ports %v, want 8233:8080", c.Services["temporal-ui"].Ports)
	}
}

// publishes reports whether ports (short "8080:80" or long {published, target} syntax)
// publish target on published.
func publishes(ports []any, published, target string) bool {
	for _, p := range ports {
		switch p := p.(type) {
		case string:
			if strings.HasSuffix(p, published+":"+target) {
				return true
			}
		case map[string]any:
			if fmt.Sprint(p["published"]) == published && fmt.Sprint(p["target"]) == target {
				return true
			}
		}
	}
	return false
}

// The setup script's list of search attributes is flow.SearchAttributeKeys.
func TestTemporalSetupScriptAttributes(t *testing.T) {
	b, err := os.ReadFile("temporal-setup.sh")
	if err != nil {
		t.Fatal(err)
	}
	var list string
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "ATTRIBUTES="); ok {
			list = strings.Trim(v, `"`)
		}
	}
	var want []string
	for _, k := range flow.SearchAttributeKeys {
		want = append(want, k.GetName()+":"+k.GetValueType().String())
	}
	got := strings.Fields(list)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("deploy/temporal-setup.sh ATTRIBUTES = %v, want flow.SearchAttributeKeys %v", got, want)
	}
}

// TestTemporalSetupScript runs the setup script twice against a dev server, in a namespace
// the server does not have: the first run creates it and the search attributes, the second
// finds them.
func TestTemporalSetupScript(t *testing.T) {
	cli, err := temporalcli.Path(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	port, err := temporalcli.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	// exec copies the server's output from a goroutine of its own while the server runs.
	var serverOut syncbuf.Buffer
	server := exec.Command(cli, "server", "start-dev", "--headless", "--ip", "127.0.0.1", "--port", strconv.Itoa(port)) //nolint:gosec // our CLI
	server.Stdout, server.Stderr = &serverOut, &serverOut
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = server.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { _ = server.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = server.Process.Kill()
			<-done
		}
	})

	const namespace = "dsmarket-setup"
	for run := 1; run <= 2; run++ {
		script := exec.CommandContext(ctx, "sh", "temporal-setup.sh")
		script.Env = append(os.Environ(),
			"TEMPORAL_ADDRESS="+addr, "TEMPORAL_NAMESPACE="+namespace, "TEMPORAL_NAMESPACE_RETENTION=3d",
			"PATH="+filepath.Dir(cli)+string(os.PathListSeparator)+os.Getenv("PATH"))
		out, err := script.CombinedOutput()
		if err != nil {
			t.Fatalf("run %d: temporal-setup.sh: %v\n%s\nserver output:\n%s", run, err, out, serverOut.String())
		}
		if run == 2 && strings.Contains(string(out), "created") {
			t.Errorf("run 2 created attributes again:\n%s", out)
		}
	}

	c, err := client.DialContext(ctx, client.Options{HostPort: addr})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ns, err := c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: namespace})
	if err != nil {
		t.Fatalf("namespace %s: %v", namespace, err)
	}
	if got := ns.GetConfig().GetWorkflowExecutionRetentionTtl().AsDuration(); got != 72*time.Hour {
		t.Errorf("namespace %s: retention %v, want 72h (TEMPORAL_NAMESPACE_RETENTION=3d)", namespace, got)
	}
	resp, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: namespace})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range flow.SearchAttributeKeys {
		if typ, ok := resp.GetCustomAttributes()[k.GetName()]; !ok || typ != k.GetValueType() {
			t.Errorf("search attribute %s: registered %v as %v, want %v", k.GetName(), ok, typ, k.GetValueType())
		}
	}
}
