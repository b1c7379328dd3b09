package deploy

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// alertsFile is the Prometheus rule file shipped for the operators of dsmarket.
const alertsFile = "prometheus/dsmarket-alerts.yaml"

type ruleFile struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			Alert       string            `yaml:"alert"`
			Expr        string            `yaml:"expr"`
			For         string            `yaml:"for"`
			Labels      map[string]string `yaml:"labels"`
			Annotations map[string]string `yaml:"annotations"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

// metricName finds the metric names an expression reads: ours and the Temporal SDK's.
var metricName = regexp.MustCompile(`\b(?:dsmarket|temporal)_[a-z_]+\b`)

// TestAlertRules: the rule file reads as Prometheus reads one (strictly: an unknown field
// fails), every alert says how urgent it is and what to do, and every metric it reads is
// one that dsmarket or the Temporal SDK exports under that name. PromQL itself is not
// parsed here (Prometheus's parser is a module of hundreds of dependencies); the names
// are what goes wrong silently, since a rule over a name that no one exports never fires.
func TestAlertRules(t *testing.T) {
	b, err := os.ReadFile(alertsFile)
	if err != nil {
		t.Fatal(err)
	}
	var f ruleFile
	dec := yaml.NewDecoder(strings.NewReader(string(b)))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		t.Fatalf("%s: %v", alertsFile, err)
	}
	known := exportedMetrics(t)
	seen := map[string]bool{}
	n := 0
	for _, g := range f.Groups {
		for _, r := range g.Rules {
			n++
			switch {
			case r.Alert == "" || seen[r.Alert]:
				t.Errorf("a rule of %s is unnamed or named twice: %q", g.Name, r.Alert)
			case !slices.Contains([]string{"page", "ticket"}, r.Labels["severity"]):
				t.Errorf("%s: severity %q, want page or ticket", r.Alert, r.Labels["severity"])
			case r.Annotations["summary"] == "" || r.Annotations["description"] == "":
				t.Errorf("%s: a summary and a description say what is wrong and what to do", r.Alert)
			}
			seen[r.Alert] = true
			if r.For != "" {
				if _, err := time.ParseDuration(r.For); err != nil {
					t.Errorf("%s: for %q: %v", r.Alert, r.For, err)
				}
			}
			names := metricName.FindAllString(r.Expr, -1)
			if len(names) == 0 {
				t.Errorf("%s reads no metric of ours: %s", r.Alert, r.Expr)
			}
			for _, m := range names {
				if !known(m) {
					t.Errorf("%s reads %s, which neither dsmarket nor the Temporal SDK exports", r.Alert, m)
				}
			}
		}
	}
	if n < 8 {
		t.Fatalf("%d rules: the file no longer reads", n)
	}
}

// exportedMetrics says whether a name is exported: ours are the names the Go sources
// register (`Name: "dsmarket_…"`, `prometheus.NewDesc("dsmarket_…"`), the SDK's the names of its metrics' constants, as the
// OpenTelemetry exporter writes them (a counter ending in _total, a timer in _seconds with
// _bucket, _count and _sum).
func exportedMetrics(t *testing.T) func(string) bool {
	t.Helper()
	names := map[string]bool{}
	ours := regexp.MustCompile(`(?:Name:\s*|prometheus\.NewDesc\()"(dsmarket_[a-z_]+)"`)
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		for _, m := range ours.FindAllStringSubmatch(string(b), -1) {
			names[m[1]] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "go.temporal.io/sdk").Output()
	if err != nil {
		t.Fatalf("find the Temporal SDK's sources: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "internal", "common", "metrics", "constants.go"))
	if err != nil {
		t.Fatal(err)
	}
	// Constants are the prefix or another constant, plus a quoted part.
	consts := map[string]string{}
	def := regexp.MustCompile(`(?m)^\s*(\w+)\s*=\s*(?:(\w+)\s*\+\s*)?"([a-z_]+)"`)
	for _, m := range def.FindAllStringSubmatch(string(b), -1) {
		consts[m[1]] = consts[m[2]] + m[3]
	}
	for name, v := range consts {
		if !strings.HasPrefix(v, "temporal_") || strings.HasSuffix(name, "TagName") {
			continue
		}
		switch {
		case strings.HasSuffix(name, "Counter") || strings.HasSuffix(name, "Failure") || name == "TemporalRequest" ||
			name == "TemporalLongRequest" || strings.HasSuffix(name, "Exhausted") || strings.Contains(name, "StickyCacheHit") ||
			strings.Contains(name, "StickyCacheMiss") || strings.Contains(name, "Eviction"):
			names[strings.TrimSuffix(v, "_total")+"_total"] = true // the exporter adds no second _total
		case strings.Contains(name, "Latency"):
			for _, s := range []string{"_seconds", "_seconds_bucket", "_seconds_count", "_seconds_sum"} {
				names[v+s] = true
			}
		default: // gauges
			names[v] = true
		}
	}
	for _, want := range []string{"dsmarket_http_requests_total", "dsmarket_audit_unsealed_oldest_seconds", "temporal_workflow_task_execution_failed_total",
		"temporal_num_pollers", "temporal_workflow_task_schedule_to_start_latency_seconds_bucket"} {
		if !names[want] {
			t.Fatalf("the names read from the sources miss %s: the patterns no longer match", want)
		}
	}
	return func(m string) bool {
		return names[m] || names[strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(m, "_bucket"), "_count"), "_sum")]
	}
}
