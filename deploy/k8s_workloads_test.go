package deploy

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/util/intstr"
	"k8s.io/apimachinery/pkg/util/validation"
)

// workload is a pod template of a Deployment or a Job.
type workload struct {
	m      manifest
	pod    corev1.PodSpec
	labels map[string]string
	deploy *appsv1.Deployment
	job    *batchv1.Job
}

func (w workload) String() string { return w.m.String() }

func workloads(t *testing.T) []workload {
	t.Helper()
	var out []workload
	for _, m := range k8sManifests(t) {
		switch o := m.obj.(type) {
		case *appsv1.Deployment:
			out = append(out, workload{m: m, pod: o.Spec.Template.Spec, labels: o.Spec.Template.Labels, deploy: o})
		case *batchv1.Job:
			out = append(out, workload{m: m, pod: o.Spec.Template.Spec, labels: o.Spec.Template.Labels, job: o})
		}
	}
	return out
}

func deployment(t *testing.T, name string) workload {
	t.Helper()
	for _, w := range workloads(t) {
		if w.deploy != nil && w.deploy.Name == name {
			return w
		}
	}
	t.Fatalf("no Deployment %s in %s", name, k8sDir)
	return workload{}
}

// TestK8sWorkloads: every pod runs as a non-root user, read-only, without privilege
// escalation or capabilities (the "restricted" Pod Security Standard its namespace
// enforces), with requests and limits, a pinned image and known settings.
func TestK8sWorkloads(t *testing.T) {
	known := knownVariables(t)
	configMaps := map[string]map[string]string{}
	for _, m := range k8sManifests(t) {
		if cm, ok := m.obj.(*corev1.ConfigMap); ok {
			configMaps[cm.Name] = cm.Data
		}
	}
	images := map[string]bool{}
	for _, w := range workloads(t) {
		p := w.pod
		sc := p.SecurityContext
		if sc == nil || sc.RunAsNonRoot == nil || !*sc.RunAsNonRoot || sc.RunAsUser == nil || *sc.RunAsUser == 0 ||
			sc.SeccompProfile == nil || sc.SeccompProfile.Type != corev1.SeccompProfileTypeRuntimeDefault {
			// The user by number: the kubelet cannot prove that a named user ("nonroot" in
			// the Dockerfile) is not root, and refuses such a pod under runAsNonRoot.
			t.Errorf("%s: pod securityContext %+v, want runAsNonRoot, a numeric non-zero runAsUser and RuntimeDefault seccomp", w, sc)
		}
		if p.AutomountServiceAccountToken == nil || *p.AutomountServiceAccountToken {
			t.Errorf("%s: the pod mounts a service account token; dsmarket never calls the Kubernetes API", w)
		}
		if p.HostNetwork || p.HostPID || p.HostIPC {
			t.Errorf("%s: shares the host's namespaces", w)
		}
		if len(p.InitContainers) > 0 || len(p.Containers) != 1 {
			t.Errorf("%s: %d containers, %d init containers; want one container", w, len(p.Containers), len(p.InitContainers))
		}
		if w.job != nil && p.RestartPolicy != corev1.RestartPolicyNever && p.RestartPolicy != corev1.RestartPolicyOnFailure {
			t.Errorf("%s: restartPolicy %q; a Job's pod must have Never or OnFailure", w, p.RestartPolicy)
		}
		for _, c := range p.Containers {
			checkContainer(t, w, c, known, configMaps)
			images[c.Image] = true
		}
	}
	var dsmarket []string
	for img := range images {
		if strings.Contains(img, "/dsmarket:") || strings.Contains(img, "/dsmarket@") {
			dsmarket = append(dsmarket, img)
		}
	}
	if len(dsmarket) != 1 {
		t.Errorf("dsmarket images %v, want one image for the API, the worker and the migration", dsmarket)
	}
}

// pinnedImage: a tag other than latest, or a digest.
var pinnedImage = regexp.MustCompile(`^[a-z0-9./_-]+(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?$`)

func checkContainer(t *testing.T, w workload, c corev1.Container, known map[string]bool, configMaps map[string]map[string]string) {
	t.Helper()
	for _, msg := range validation.IsDNS1123Label(c.Name) {
		t.Errorf("%s: container name %s: %s", w, c.Name, msg)
	}
	tag, digest := "", strings.Contains(c.Image, "@sha256:")
	if i := strings.LastIndex(c.Image, ":"); i > strings.LastIndex(c.Image, "/") {
		tag = strings.SplitN(c.Image[i+1:], "@", 2)[0]
	}
	if !pinnedImage.MatchString(c.Image) || (!digest && (tag == "" || tag == "latest")) {
		t.Errorf("%s: %s: image %q is not pinned to a release tag or digest", w, c.Name, c.Image)
	}
	if c.ImagePullPolicy == corev1.PullAlways {
		t.Errorf("%s: %s: imagePullPolicy Always; a pinned image needs no pull on every start", w, c.Name)
	}
	s := c.SecurityContext
	if s == nil || s.AllowPrivilegeEscalation == nil || *s.AllowPrivilegeEscalation ||
		s.ReadOnlyRootFilesystem == nil || !*s.ReadOnlyRootFilesystem || (s.Privileged != nil && *s.Privileged) ||
		s.Capabilities == nil || !slices.Equal(s.Capabilities.Drop, []corev1.Capability{"ALL"}) || len(s.Capabilities.Add) > 0 {
		t.Errorf("%s: %s: securityContext %+v, want no privilege escalation, a read-only root filesystem, capabilities drop [ALL]", w, c.Name, s)
	}
	r := c.Resources
	for _, name := range []corev1.ResourceName{corev1.ResourceCPU, corev1.ResourceMemory} {
		req, okReq := r.Requests[name]
		lim, okLim := r.Limits[name]
		if !okReq || !okLim || req.Sign() <= 0 || req.Cmp(lim) > 0 {
			t.Errorf("%s: %s: %s request %v, limit %v; want both, request ≤ limit", w, c.Name, name, r.Requests[name], r.Limits[name])
		}
	}
	for _, p := range c.Ports {
		for _, msg := range validation.IsValidPortName(p.Name) {
			t.Errorf("%s: %s: port name %q: %s", w, c.Name, p.Name, msg)
		}
	}
	for _, e := range c.EnvFrom {
		if e.ConfigMapRef == nil || configMaps[e.ConfigMapRef.Name] == nil || e.Prefix != "" {
			t.Errorf("%s: %s: envFrom %+v, want a ConfigMap of this directory", w, c.Name, e)
			continue
		}
		for k := range configMaps[e.ConfigMapRef.Name] {
			checkVariable(t, w, c, k, known)
		}
	}
	for _, e := range c.Env {
		for _, msg := range validation.IsEnvVarName(e.Name) {
			t.Errorf("%s: %s: env %s: %s", w, c.Name, e.Name, msg)
		}
		checkVariable(t, w, c, e.Name, known)
		if ref := e.ValueFrom; ref != nil && ref.ConfigMapKeyRef != nil {
			if _, ok := configMaps[ref.ConfigMapKeyRef.Name][ref.ConfigMapKeyRef.Key]; !ok {
				t.Errorf("%s: %s: %s from ConfigMap %s key %s, which does not exist", w, c.Name, e.Name, ref.ConfigMapKeyRef.Name, ref.ConfigMapKeyRef.Key)
			}
		}
		if e.Name == "GOMEMLIMIT" {
			checkMemLimit(t, w, c, e.Value)
		}
	}
}

// checkVariable refuses the settings of development and any name no process reads: a
// misspelt variable is otherwise ignored without a word.
func checkVariable(t *testing.T, w workload, c corev1.Container, name string, known map[string]bool) {
	t.Helper()
	switch name {
	case "DSMARKET_ENV", "DEV_JWT_SECRET", "UI_INSECURE_COOKIES", "DSMARKET_DATA_DIR":
		t.Errorf("%s: %s: sets %s, a development setting; production leaves it unset", w, c.Name, name)
	}
	if !known[name] {
		t.Errorf("%s: %s: %s is read by no process (cmd/dsmarket/config.go, docstore/docstore.go, deploy/temporal-setup.sh, the Go runtime)", w, c.Name, name)
	}
}

// goMemLimit is the Go runtime's syntax: bytes, or a number with a binary unit.
var goMemLimit = regexp.MustCompile(`^[0-9]+(B|KiB|MiB|GiB|TiB)?$`)

// checkMemLimit: GOMEMLIMIT in the Go runtime's syntax, between the container's memory
// request and 90% of its limit: above, the kernel kills the process before the garbage
// collector tries harder; below the request, it collects for nothing.
func checkMemLimit(t *testing.T, w workload, c corev1.Container, v string) {
	t.Helper()
	q, err := resource.ParseQuantity(strings.TrimSuffix(v, "B"))
	req, lim := c.Resources.Requests[corev1.ResourceMemory], c.Resources.Limits[corev1.ResourceMemory]
	if !goMemLimit.MatchString(v) || err != nil || q.Cmp(req) < 0 || q.Value()*10 > lim.Value()*9 {
		t.Errorf("%s: %s: GOMEMLIMIT=%s (%v), want Go's syntax, at least the memory request %v and at most 90%% of the limit %v",
			w, c.Name, v, err, req.String(), lim.String())
	}
}

// knownVariables are the variables some process reads: quoted names in cmd/dsmarket's
// configuration, the setup script's, and the Go runtime's.
func knownVariables(t *testing.T) map[string]bool {
	t.Helper()
	known := map[string]bool{"GOMEMLIMIT": true}
	for _, f := range []string{"../cmd/dsmarket/config.go", "../cmd/dsmarket/ui.go", "../docstore/docstore.go", "temporal-setup.sh"} {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range regexp.MustCompile(`\b([A-Z][A-Z0-9]*_[A-Z0-9_]+)\b`).FindAllStringSubmatch(string(b), -1) {
			known[m[1]] = true
		}
	}
	return known
}

// TestK8sDeployments: the api and the worker run as two replicas or more, spread over
// machines, each selected by its own PodDisruptionBudget that still lets a drain evict one.
func TestK8sDeployments(t *testing.T) {
	var pdbs []*policyv1.PodDisruptionBudget
	for _, m := range k8sManifests(t) {
		if p, ok := m.obj.(*policyv1.PodDisruptionBudget); ok {
			pdbs = append(pdbs, p)
		}
	}
	all := workloads(t)
	for name, args := range map[string][]string{"dsmarket-api": {"api"}, "dsmarket-worker": {"worker"}} {
		w := deployment(t, name)
		d := w.deploy
		if !slices.Equal(w.pod.Containers[0].Args, args) {
			t.Errorf("%s: args %v, want %v", w, w.pod.Containers[0].Args, args)
		}
		replicas := int32(1)
		if d.Spec.Replicas != nil {
			replicas = *d.Spec.Replicas
		}
		if replicas < 2 {
			t.Errorf("%s: %d replica(s), want 2 or more", w, replicas)
		}
		sel := selector(t, w, d.Spec.Selector)
		if !sel.Matches(labels.Set(w.labels)) {
			t.Errorf("%s: selector %v does not select its own pods %v", w, sel, w.labels)
		}
		for _, o := range all {
			if o.m.meta.GetName() != name && sel.Matches(labels.Set(o.labels)) {
				t.Errorf("%s: selector %v also selects the pods of %s", w, sel, o)
			}
		}
		spread := false
		for _, c := range w.pod.TopologySpreadConstraints {
			spread = spread || (c.TopologyKey == "kubernetes.io/hostname" && selector(t, w, c.LabelSelector).Matches(labels.Set(w.labels)))
		}
		if !spread {
			t.Errorf("%s: no topologySpreadConstraint over kubernetes.io/hostname for its pods", w)
		}
		var budgets []string
		for _, p := range pdbs {
			if !selector(t, w, p.Spec.Selector).Matches(labels.Set(w.labels)) {
				continue
			}
			budgets = append(budgets, p.Name)
			if p.Spec.MinAvailable == nil || p.Spec.MaxUnavailable != nil {
				t.Errorf("PodDisruptionBudget %s: want minAvailable alone", p.Name)
			} else if n, err := intstr.GetScaledValueFromIntOrPercent(p.Spec.MinAvailable, int(replicas), true); err != nil || n < 1 || n >= int(replicas) {
				t.Errorf("PodDisruptionBudget %s: minAvailable %s of %d replicas; want at least 1 and fewer than all (%v)",
					p.Name, p.Spec.MinAvailable.String(), replicas, err)
			}
		}
		if len(budgets) != 1 {
			t.Errorf("%s: PodDisruptionBudgets %v select its pods, want exactly one", w, budgets)
		}
	}
	for _, p := range pdbs {
		n := 0
		for _, w := range all {
			if w.deploy != nil && selector(t, w, p.Spec.Selector).Matches(labels.Set(w.labels)) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("PodDisruptionBudget %s selects %d Deployments, want 1", p.Name, n)
		}
	}
}

func selector(t *testing.T, w workload, s *metav1.LabelSelector) labels.Selector {
	t.Helper()
	if s == nil || (len(s.MatchLabels) == 0 && len(s.MatchExpressions) == 0) {
		t.Fatalf("%s: an empty label selector selects everything or nothing", w)
	}
	sel, err := metav1.LabelSelectorAsSelector(s)
	if err != nil {
		t.Fatalf("%s: selector: %v", w, err)
	}
	return sel
}
