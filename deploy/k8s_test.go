package deploy

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	k8sjson "k8s.io/apimachinery/pkg/runtime/serializer/json"
	"k8s.io/apimachinery/pkg/util/validation"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

// The manifests are checked against the Go types of the Kubernetes API (k8s.io/api) rather
// than with kubeconform: kubeconform needs JSON schemas fetched from the Internet, which this
// machine and CI cannot reach. Decoding is strict, as the API server's fieldValidation=Strict
// (the kubectl default): an unknown apiVersion/kind, an unknown or duplicate field (matched
// case-sensitively) or a value of the wrong type fails. What the API server validates beyond
// types, and what this deployment promises, the tests below check themselves.

const (
	k8sDir       = "k8s"
	k8sNamespace = "dsmarket"
	// secretName is the Secret the manifests read and never create (docs/deployment.md).
	secretName = "dsmarket"
)

// secretKeys are the keys of that Secret, each for one variable.
var secretKeys = map[string]string{
	"database-url":       "DATABASE_URL",
	"oidc-client-secret": "OIDC_CLIENT_SECRET",
	"ui-session-secret":  "UI_SESSION_SECRET",
	"temporal-api-key":   "TEMPORAL_API_KEY",
	"smtp-url":           "SMTP_URL",
	"s3-access-key":      "S3_ACCESS_KEY",
	"s3-secret-key":      "S3_SECRET_KEY",
}

var update = flag.Bool("update", false, "rewrite the generated parts of deploy/k8s (the setup script's ConfigMap)")

// k8sScheme knows the kinds a manifest here may have.
var k8sScheme = func() *runtime.Scheme {
	s := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{
		appsv1.AddToScheme, batchv1.AddToScheme, corev1.AddToScheme, policyv1.AddToScheme,
	} {
		if err := add(s); err != nil {
			panic(err)
		}
	}
	return s
}()

// manifest is one decoded document of a file in k8s/.
type manifest struct {
	file string
	obj  runtime.Object
	meta metav1.Object
	kind string
}

func (m manifest) String() string { return m.file + ": " + m.kind + " " + m.meta.GetName() }

// k8sManifests decodes every document of every file in k8s/, failing the test on any
// document the API server would refuse to decode.
func k8sManifests(t *testing.T) []manifest {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(k8sDir, "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests in %s (%v)", k8sDir, err)
	}
	ser := k8sjson.NewSerializerWithOptions(k8sjson.DefaultMetaFactory, k8sScheme, k8sScheme,
		k8sjson.SerializerOptions{Yaml: true, Strict: true})
	var out []manifest
	for _, file := range files {
		if !strings.HasSuffix(file, ".yaml") {
			t.Errorf("%s: not a .yaml file; kubectl apply -f %s/ would skip or misread it", file, k8sDir)
			continue
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		r := utilyaml.NewYAMLReader(bufio.NewReader(bytes.NewReader(b)))
		for n := 1; ; n++ {
			doc, err := r.Read()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: document %d: %v", file, n, err)
			}
			if onlyComments(doc) {
				continue
			}
			obj, gvk, err := ser.Decode(doc, nil, nil)
			if err != nil {
				t.Errorf("%s: document %d: %v", file, n, err)
				continue
			}
			m, err := metaOf(obj)
			if err != nil {
				t.Fatalf("%s: document %d: %v", file, n, err)
			}
			out = append(out, manifest{file: file, obj: obj, meta: m, kind: gvk.Kind})
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	return out
}

func metaOf(obj runtime.Object) (metav1.Object, error) {
	m, ok := obj.(metav1.Object)
	if !ok {
		return nil, errors.New("object without metadata")
	}
	return m, nil
}

func onlyComments(doc []byte) bool {
	for _, line := range strings.Split(string(doc), "\n") {
		if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "#") && l != "---" {
			return false
		}
	}
	return true
}

// TestK8sManifests: every document decodes strictly, is of a kind this deployment uses, has
// a valid name and labels, lives in the dsmarket namespace, and is unique.
func TestK8sManifests(t *testing.T) {
	seen := map[string]string{}
	kinds := map[string]int{}
	for _, m := range k8sManifests(t) {
		kinds[m.kind]++
		name := m.meta.GetName()
		for _, msg := range validation.IsDNS1123Subdomain(name) {
			t.Errorf("%s: name: %s", m, msg)
		}
		for k, v := range m.meta.GetLabels() {
			for _, msg := range append(validation.IsQualifiedName(k), validation.IsValidLabelValue(v)...) {
				t.Errorf("%s: label %s=%s: %s", m, k, v, msg)
			}
		}
		if m.kind == "Namespace" {
			if name != k8sNamespace {
				t.Errorf("%s: want only the namespace %s", m, k8sNamespace)
			}
		} else if ns := m.meta.GetNamespace(); ns != k8sNamespace {
			// Explicit, so that `kubectl apply -f deploy/k8s/` needs no -n and cannot land
			// in whatever namespace the context points at.
			t.Errorf("%s: namespace %q, want %s", m, ns, k8sNamespace)
		}
		if m.kind == "Secret" {
			t.Errorf("%s: a Secret in the repository; reference the Secret %s instead (docs/deployment.md)", m, secretName)
		}
		key := m.kind + "/" + name
		if prev, dup := seen[key]; dup {
			t.Errorf("%s: %s also in %s", m, key, prev)
		}
		seen[key] = m.file
	}
	for kind, want := range map[string]int{
		"Namespace": 1, "ConfigMap": 2, "Deployment": 2, "Job": 2, "Service": 3, "PodDisruptionBudget": 2,
	} {
		if kinds[kind] != want {
			t.Errorf("%d of kind %s, want %d (kinds: %v)", kinds[kind], kind, want, kinds)
		}
	}
}

// credentialsInURL is a URL with a password in it (scheme://user:password@host).
var credentialsInURL = regexp.MustCompile(`[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@`)

// TestK8sNoLiteralSecrets: secrets come from the Secret by reference, never as values.
func TestK8sNoLiteralSecrets(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(k8sDir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if loc := credentialsInURL.FindIndex(b); loc != nil {
			t.Errorf("%s: a URL with credentials: %q", file, b[loc[0]:loc[1]])
		}
		if bytes.Contains(b, []byte("-----BEGIN")) {
			t.Errorf("%s: a PEM block (a key or certificate) in a manifest", file)
		}
	}
	for _, m := range k8sManifests(t) {
		if cm, ok := m.obj.(*corev1.ConfigMap); ok {
			for k := range cm.Data {
				if secretish(k) {
					t.Errorf("%s: %s belongs in the Secret %s, not in a ConfigMap", m, k, secretName)
				}
			}
		}
	}
	for _, w := range workloads(t) {
		for _, c := range w.pod.Containers {
			for _, e := range c.Env {
				ref := e.ValueFrom
				switch {
				case secretish(e.Name) && (ref == nil || ref.SecretKeyRef == nil):
					t.Errorf("%s: %s: %s is not read from the Secret %s", w, c.Name, e.Name, secretName)
				case ref != nil && ref.SecretKeyRef != nil:
					s := ref.SecretKeyRef
					if s.Name != secretName || secretKeys[s.Key] != e.Name {
						t.Errorf("%s: %s: %s from secret %s key %s, want key %s of %s (keys: %v)",
							w, c.Name, e.Name, s.Name, s.Key, keyOf(e.Name), secretName, secretKeys)
					}
				}
			}
		}
	}
}

func keyOf(variable string) string {
	for k, v := range secretKeys {
		if v == variable {
			return k
		}
	}
	return "(none)"
}

// secretish reports whether a variable holds a secret: the Secret's variables and any name
// that says so.
func secretish(name string) bool {
	for _, v := range secretKeys {
		if v == name {
			return true
		}
	}
	for _, w := range []string{"SECRET", "PASSWORD", "PWD", "TOKEN", "API_KEY", "PRIVATE"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// TestK8sTemporalSetupScript: the Job's script is deploy/temporal-setup.sh, the one the
// compose file runs and TestTemporalSetupScript proves.
func TestK8sTemporalSetupScript(t *testing.T) {
	const file, key = "20-temporal-setup-job.yaml", "temporal-setup.sh"
	script, err := os.ReadFile("temporal-setup.sh")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range k8sManifests(t) {
		cm, ok := m.obj.(*corev1.ConfigMap)
		if !ok || cm.Name != "dsmarket-temporal-setup" {
			continue
		}
		if cm.Data[key] == string(script) {
			return
		}
		if !*update {
			t.Fatalf("%s: data %s differs from deploy/temporal-setup.sh; run go test ./deploy/ -run %s -update",
				m, key, t.Name())
		}
		rewriteScript(t, filepath.Join(k8sDir, file), key, string(script))
		return
	}
	t.Fatalf("no ConfigMap dsmarket-temporal-setup in %s", k8sDir)
}

// rewriteScript replaces the literal block of key in the ConfigMap at path with script.
func rewriteScript(t *testing.T, path, key, script string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(b), "\n")
	start := -1
	for i, l := range lines {
		if strings.TrimSpace(l) == key+": |" {
			start = i + 1
			break
		}
	}
	if start < 0 {
		t.Fatalf("%s: no line %q", path, key+": |")
	}
	end := start
	for end < len(lines) && (strings.HasPrefix(lines[end], "    ") || strings.TrimSpace(lines[end]) == "") {
		end++
	}
	var block strings.Builder
	for _, l := range strings.SplitAfter(script, "\n") {
		if strings.TrimSpace(l) != "" {
			block.WriteString("    ")
		}
		block.WriteString(l)
	}
	out := strings.Join(lines[:start], "") + block.String() + strings.Join(lines[end:], "")
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil { //nolint:gosec // a manifest in the repository
		t.Fatal(err)
	}
	t.Logf("rewrote %s from deploy/temporal-setup.sh", path)
}
