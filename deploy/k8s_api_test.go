package deploy

import (
	"net"
	"strings"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
)

// TestK8sAPI: the API's probes, ports and Services. The worker serves no HTTP and has no
// probe: a probe there could only fail (30-worker.yaml says why).
func TestK8sAPI(t *testing.T) {
	api := deployment(t, "dsmarket-api").pod.Containers[0]
	ports := map[string]int32{}
	for _, p := range api.Ports {
		ports[p.Name] = p.ContainerPort
	}
	if ports["http"] != 8080 || ports["metrics"] != 9090 {
		t.Errorf("api ports %v, want http 8080 (HTTP_ADDR) and metrics 9090 (METRICS_ADDR)", ports)
	}
	for _, pr := range []struct {
		kind  string
		probe *corev1.Probe
		path  string
	}{{"readiness", api.ReadinessProbe, "/readyz"}, {"liveness", api.LivenessProbe, "/healthz"}} {
		if pr.probe == nil || pr.probe.HTTPGet == nil || pr.probe.HTTPGet.Path != pr.path || pr.probe.HTTPGet.Port.String() != "http" {
			t.Errorf("api %s probe %+v, want GET %s on port http", pr.kind, pr.probe, pr.path)
		} else if pr.probe.TimeoutSeconds < 1 || pr.probe.PeriodSeconds < pr.probe.TimeoutSeconds {
			t.Errorf("api %s probe: timeout %ds, period %ds", pr.kind, pr.probe.TimeoutSeconds, pr.probe.PeriodSeconds)
		}
	}
	// The worker serves its metrics (METRICS_ADDR :9090) and nothing to probe.
	worker := deployment(t, "dsmarket-worker").pod.Containers[0]
	workerPorts := map[string]int32{}
	for _, p := range worker.Ports {
		workerPorts[p.Name] = p.ContainerPort
	}
	if worker.ReadinessProbe != nil || worker.LivenessProbe != nil || worker.StartupProbe != nil ||
		len(workerPorts) != 1 || workerPorts["metrics"] != 9090 {
		t.Errorf("worker: probes, or ports %v other than metrics 9090 (METRICS_ADDR)", workerPorts)
	}

	services := map[string]*corev1.Service{}
	selects := map[string]struct {
		labels labels.Set
		ports  map[string]int32
	}{
		"dsmarket-api": {labels.Set(deployment(t, "dsmarket-api").labels), ports}, "dsmarket-api-metrics": {labels.Set(deployment(t, "dsmarket-api").labels), ports},
		"dsmarket-worker-metrics": {labels.Set(deployment(t, "dsmarket-worker").labels), workerPorts},
	}
	for _, m := range k8sManifests(t) {
		s, ok := m.obj.(*corev1.Service)
		if !ok {
			continue
		}
		services[s.Name] = s
		want, known := selects[s.Name]
		if !known || len(s.Spec.Selector) == 0 || !labels.SelectorFromSet(s.Spec.Selector).Matches(want.labels) {
			t.Errorf("%s: selector %v does not select the pods of %s", m, s.Spec.Selector, s.Name)
			continue
		}
		for _, p := range s.Spec.Ports {
			if _, ok := want.ports[p.TargetPort.String()]; !ok || p.TargetPort.Type != intstr.String {
				t.Errorf("%s: port %s targets %s, want a named port of its pods (%v)", m, p.Name, p.TargetPort.String(), want.ports)
			}
		}
	}
	if s := services["dsmarket-api"]; s == nil || len(s.Spec.Ports) != 1 || s.Spec.Ports[0].TargetPort.String() != "http" {
		t.Errorf("Service dsmarket-api: want the one port http (the ingress's backend)")
	}
	if s := services["dsmarket-api-metrics"]; s == nil || len(s.Spec.Ports) != 1 || s.Spec.Ports[0].TargetPort.String() != "metrics" ||
		s.Spec.Type == corev1.ServiceTypeLoadBalancer || s.Spec.Type == corev1.ServiceTypeNodePort {
		t.Errorf("Service dsmarket-api-metrics: want the one port metrics, inside the cluster")
	}
	if s := services["dsmarket-worker-metrics"]; s == nil || len(s.Spec.Ports) != 1 || s.Spec.Ports[0].TargetPort.String() != "metrics" ||
		s.Spec.Type == corev1.ServiceTypeLoadBalancer || s.Spec.Type == corev1.ServiceTypeNodePort {
		t.Errorf("Service dsmarket-worker-metrics: want the one port metrics, inside the cluster")
	}
}

// TestK8sProductionConfig: the ConfigMap is a production configuration: OIDC with an
// audience, metrics apart, the trusted proxies well-formed, Temporal from its Helm chart.
func TestK8sProductionConfig(t *testing.T) {
	var cfg map[string]string
	for _, m := range k8sManifests(t) {
		if cm, ok := m.obj.(*corev1.ConfigMap); ok && cm.Name == "dsmarket-config" {
			cfg = cm.Data
		}
	}
	if cfg == nil {
		t.Fatal("no ConfigMap dsmarket-config")
	}
	for _, k := range []string{"OIDC_ISSUER_URL", "OIDC_AUDIENCE", "OIDC_CLIENT_ID", "OIDC_REDIRECT_URL", "TEMPORAL_ADDRESS",
		"TEMPORAL_NAMESPACE", "TRUSTED_PROXIES"} {
		if cfg[k] == "" {
			t.Errorf("dsmarket-config: %s is empty; `dsmarket api` in production needs it", k)
		}
	}
	if !strings.HasPrefix(cfg["OIDC_ISSUER_URL"], "https://") || !strings.HasPrefix(cfg["OIDC_REDIRECT_URL"], "https://") ||
		!strings.HasSuffix(cfg["OIDC_REDIRECT_URL"], "/ui/auth/callback") {
		t.Errorf("dsmarket-config: issuer %q, redirect %q; want HTTPS, the redirect ending in /ui/auth/callback",
			cfg["OIDC_ISSUER_URL"], cfg["OIDC_REDIRECT_URL"])
	}
	if cfg["METRICS_ADDR"] != ":9090" || cfg["HTTP_ADDR"] != ":8080" {
		t.Errorf("dsmarket-config: METRICS_ADDR %q, HTTP_ADDR %q; want :9090 and :8080, the ports the API's pod declares",
			cfg["METRICS_ADDR"], cfg["HTTP_ADDR"])
	}
	for p := range strings.SplitSeq(cfg["TRUSTED_PROXIES"], ",") {
		p = strings.TrimSpace(p)
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			t.Errorf("dsmarket-config: TRUSTED_PROXIES: %q is neither an address nor a CIDR", p)
		}
	}
	if host, port, err := net.SplitHostPort(cfg["TEMPORAL_ADDRESS"]); err != nil || port != "7233" || !strings.HasSuffix(host, ".svc") && !strings.Contains(host, ".svc.") {
		t.Errorf("dsmarket-config: TEMPORAL_ADDRESS %q, want the frontend Service of the Temporal Helm release, port 7233", cfg["TEMPORAL_ADDRESS"])
	}
}
