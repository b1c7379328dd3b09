package deploy

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
)

// TestComposeTemporal: Temporal runs as temporalio/server (auto-setup is deprecated), after
// a one-shot that sets up its schemas with the admin-tools of the same release, and before
// the one-shot that registers the namespace and search attributes.
func TestComposeTemporal(t *testing.T) {
	c := config(t)
	for name, s := range c.Services {
		if strings.Contains(s.Image, "auto-setup") {
			t.Errorf("%s: image %s; temporalio/auto-setup is deprecated", name, s.Image)
		}
	}
	server, schema, setup := c.Services["temporal"], c.Services["temporal-schema"], c.Services["temporal-setup"]
	release, ok := strings.CutPrefix(server.Image, "temporalio/server:")
	if !ok || !strings.HasPrefix(release, "1.29.") {
		t.Fatalf("temporal image = %s, want temporalio/server:1.29.x", server.Image)
	}
	for name, image := range map[string]string{"temporal-schema": schema.Image, "temporal-setup": setup.Image} {
		if !strings.HasPrefix(image, "temporalio/admin-tools:"+release+"-") && image != "temporalio/admin-tools:"+release {
			t.Errorf("%s: image %s, want temporalio/admin-tools of the server's release %s", name, image, release)
		}
	}
	if got := server.DependsOn["temporal-schema"]["condition"]; got != "service_completed_successfully" {
		t.Errorf("temporal depends on temporal-schema with condition %q, want service_completed_successfully", got)
	}
	if got := schema.DependsOn["postgres"]["condition"]; got != "service_healthy" {
		t.Errorf("temporal-schema depends on postgres with condition %q, want service_healthy", got)
	}
	if _, ok := setup.DependsOn["temporal"]; !ok {
		t.Errorf("temporal-setup does not wait for temporal: depends_on %v", setup.DependsOn)
	}
	if !slices.Equal(schema.Entrypoint, []string{"sh", "/deploy/temporal-schema.sh"}) || !mounts(schema.Volumes, "temporal-schema.sh", "/deploy/temporal-schema.sh") {
		t.Errorf("temporal-schema: entrypoint %v, volumes %v; want deploy/temporal-schema.sh run from /deploy", schema.Entrypoint, schema.Volumes)
	}
	if !slices.Equal(setup.Entrypoint, []string{"sh", "/deploy/temporal-setup.sh"}) || !mounts(setup.Volumes, "temporal-setup.sh", "/deploy/temporal-setup.sh") {
		t.Errorf("temporal-setup: entrypoint %v, volumes %v; want deploy/temporal-setup.sh run from /deploy", setup.Entrypoint, setup.Volumes)
	}
	// The schemas are made where the server looks for them.
	for _, k := range []string{"DB", "DB_PORT", "POSTGRES_USER", "POSTGRES_PWD", "POSTGRES_SEEDS", "DBNAME", "VISIBILITY_DBNAME"} {
		if schema.Environment[k] != server.Environment[k] {
			t.Errorf("%s: temporal-schema has %q, temporal %q", k, schema.Environment[k], server.Environment[k])
		}
	}
	if dc := server.Environment["DYNAMIC_CONFIG_FILE_PATH"]; !filepath.IsAbs(dc) || !mounts(server.Volumes, "temporal-dynamicconfig.yaml", dc) {
		t.Errorf("temporal: DYNAMIC_CONFIG_FILE_PATH %q is not where deploy/temporal-dynamicconfig.yaml is mounted (%v)", dc, server.Volumes)
	}
	if server.Environment["BIND_ON_IP"] != "0.0.0.0" || !publishes(server.Ports, "7233", "7233") {
		t.Errorf("temporal: BIND_ON_IP %q, ports %v; want the frontend on every interface, published on 7233",
			server.Environment["BIND_ON_IP"], server.Ports)
	}
	if setup.Environment["TEMPORAL_ADDRESS"] != "temporal:7233" {
		t.Errorf("temporal-setup: TEMPORAL_ADDRESS %q, want temporal:7233", setup.Environment["TEMPORAL_ADDRESS"])
	}

	// The Kubernetes Job runs the same Temporal CLI.
	for _, m := range k8sManifests(t) {
		if j, ok := m.obj.(*batchv1.Job); ok && j.Name == "dsmarket-temporal-setup" {
			if img := j.Spec.Template.Spec.Containers[0].Image; img != setup.Image {
				t.Errorf("%s: image %s, compose's temporal-setup %s; keep them one release", m, img, setup.Image)
			}
		}
	}
}

// mounts reports whether volumes (short "src:dst[:mode]" or long syntax) mount a file
// named base at target.
func mounts(volumes []any, base, target string) bool {
	for _, v := range volumes {
		var src, dst string
		switch v := v.(type) {
		case string:
			parts := strings.Split(v, ":")
			if len(parts) < 2 {
				continue
			}
			src, dst = parts[0], parts[1]
		case map[string]any:
			src, dst = fmt.Sprint(v["source"]), fmt.Sprint(v["target"])
		}
		if filepath.Base(src) == base && dst == target {
			return true
		}
	}
	return false
}

// TestTemporalSchemaScript runs deploy/temporal-schema.sh with a stand-in temporal-sql-tool
// that records its arguments: both databases are created, versioned and updated from the
// schema directories of PostgreSQL 12+, with the password in the environment, never in
// the arguments (which any process on the machine can read).
func TestTemporalSchemaScript(t *testing.T) {
	bin := t.TempDir()
	log := filepath.Join(bin, "calls")
	stub := "#!/bin/sh\nprintf '%s|SQL_PASSWORD=%s\\n' \"$*\" \"$SQL_PASSWORD\" >> " + log + "\n"
	if err := os.WriteFile(filepath.Join(bin, "temporal-sql-tool"), []byte(stub), 0o755); err != nil { //nolint:gosec // an executable stub
		t.Fatal(err)
	}
	cmd := exec.Command("sh", "temporal-schema.sh")
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"POSTGRES_SEEDS=db.example", "DB_PORT=6543", "POSTGRES_USER=temporal", "POSTGRES_PWD=s3cret")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("temporal-schema.sh: %v\n%s", err, out)
	}
	b, err := os.ReadFile(log)
	if err != nil {
		t.Fatal(err)
	}
	base := "--plugin postgres12 --ep db.example -p 6543 -u temporal --db "
	var want []string
	for _, db := range []struct{ name, schema string }{{"temporal", "temporal"}, {"temporal_visibility", "visibility"}} {
		want = append(want,
			base+db.name+" create|SQL_PASSWORD=s3cret",
			base+db.name+" setup-schema -v 0.0|SQL_PASSWORD=s3cret",
			base+db.name+" update-schema -d /etc/temporal/schema/postgresql/v12/"+db.schema+"/versioned|SQL_PASSWORD=s3cret")
	}
	if got := strings.Split(strings.TrimSpace(string(b)), "\n"); !slices.Equal(got, want) {
		t.Errorf("temporal-sql-tool calls:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Without the PostgreSQL host it says so and does nothing.
	cmd = exec.Command("sh", "temporal-schema.sh")
	cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "POSTGRES_SEEDS=", "POSTGRES_USER=temporal")
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "POSTGRES_SEEDS") {
		t.Errorf("temporal-schema.sh without POSTGRES_SEEDS: %v\n%s", err, out)
	}
}
