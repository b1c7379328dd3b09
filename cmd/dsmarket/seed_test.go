package main

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

func TestRun_SeedServices(t *testing.T) {
	t.Parallel()
	dsn := storetest.NewDSN(t)
	env := func(k string) string {
		if k == "DATABASE_URL" {
			return dsn
		}
		return ""
	}
	seed := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), append([]string{"dsmarket", "seed"}, args...), env, &out, &errOut)
		return out.String(), err
	}
	out, err := seed("--services", "120")
	if err != nil || !strings.Contains(out, "demo data loaded") ||
		!strings.Contains(out, "120 services and") || !strings.Contains(out, "120 synthetic services in all") {
		t.Fatalf("first run: %v\n%s", err, out)
	}
	out, err = seed("--services", "120")
	if err != nil || !strings.Contains(out, "already present") || !strings.Contains(out, ": 0 services and 0 providers added") {
		t.Fatalf("second run: %v\n%s", err, out)
	}
	tooMany := strconv.Itoa(store.MaxSyntheticServices + 1)
	for _, bad := range [][]string{{"--services", "-1"}, {"--services", tooMany}, {"--services", "x"}, {"extra"}} {
		if _, err := seed(bad...); err == nil {
			t.Errorf("seed %v accepted", bad)
		}
	}
}
