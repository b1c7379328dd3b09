package devenv

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/internal/temporaltest"
)

func TestTemporalCLIPath(t *testing.T) {
	dir := t.TempDir()
	cli := filepath.Join(dir, "temporal")
	if err := os.WriteFile(cli, []byte("#!/bin/sh\n"), 0o700); err != nil { //nolint:gosec // an executable on purpose
		t.Fatal(err)
	}
	getenv := func(v string) func(string) string {
		return func(k string) string {
			if k == "TEMPORAL_CLI" {
				return v
			}
			return ""
		}
	}
	t.Run("OK", func(t *testing.T) {
		if got, err := TemporalCLIPath(getenv(cli)); err != nil || got != cli {
			t.Errorf("TemporalCLIPath = %q, %v; want %q", got, err, cli)
		}
	})
	t.Run("ErrMissing", func(t *testing.T) {
		_, err := TemporalCLIPath(getenv(filepath.Join(dir, "missing")))
		if err == nil || !strings.Contains(err.Error(), "run `make bin/temporal`") {
			t.Errorf("TemporalCLIPath: error %v, want one that says to run `make bin/temporal`", err)
		}
	})
}

func names(keys []temporal.SearchAttributeKey) []string {
	var out []string
	for _, k := range keys {
		out = append(out, k.GetName()+"="+k.GetValueType().String())
	}
	slices.Sort(out)
	return out
}

func TestSearchAttributes(t *testing.T) {
	sa, err := SearchAttributes()
	if err != nil {
		t.Fatal(err)
	}
	var got []temporal.SearchAttributeKey
	for k := range sa.GetUntypedValues() {
		got = append(got, k)
	}
	if g, w := names(got), names(flow.SearchAttributeKeys); !slices.Equal(g, w) {
		t.Errorf("SearchAttributes = %v, want %v", g, w)
	}
	for _, n := range names(got) {
		if !strings.HasSuffix(n, "=Keyword") {
			t.Errorf("search attribute %s: want type Keyword", n)
		}
	}
}

// temporaltest keeps its own copy of the search attributes so that workflows' tests can use
// it; this keeps the copy honest.
func TestTemporaltestSearchAttributesMatchWorkflows(t *testing.T) {
	if g, w := names(temporaltest.SearchAttributeKeys), names(flow.SearchAttributeKeys); !slices.Equal(g, w) {
		t.Errorf("temporaltest.SearchAttributeKeys = %v, want flow.SearchAttributeKeys %v: update internal/temporaltest", g, w)
	}
}
