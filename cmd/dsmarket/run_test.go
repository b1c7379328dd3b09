package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/models"
)

func TestRun_Usage(t *testing.T) {
	var out, errOut bytes.Buffer
	env := func(string) string { return "" }
	if err := run(context.Background(), []string{"dsmarket"}, env, &out, &errOut); !errors.Is(err, errUsage) {
		t.Fatalf("no command: %v", err)
	}
	if err := run(context.Background(), []string{"dsmarket", "fly"}, env, &out, &errOut); err == nil {
		t.Fatal("unknown command accepted")
	}
	if !strings.Contains(errOut.String(), "commands:") {
		t.Fatal("usage not shown")
	}
	// Production processes refuse to start without a database.
	if err := run(context.Background(), []string{"dsmarket", "migrate"}, env, &out, &errOut); err == nil ||
		!strings.Contains(err.Error(), "DATABASE_URL") {
		t.Fatalf("migrate without DATABASE_URL: %v", err)
	}
}

func TestRun_TokenVerifiesWithTheSameKey(t *testing.T) {
	dir := t.TempDir()
	env := func(k string) string {
		if k == "DSMARKET_DATA_DIR" {
			return dir
		}
		return ""
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"dsmarket", "token", "--role", "agency", "--org", "AG-0001", "--sub", "kim"}, env, &out, &errOut)
	if err != nil {
		t.Fatal(err, errOut.String())
	}
	key, err := auth.LoadDevKey(env, dir)
	if err != nil {
		t.Fatal(err)
	}
	a, err := key.Verify(context.Background(), strings.TrimSpace(out.String()))
	if err != nil || a != (models.Actor{Sub: "kim", Role: models.RoleAgency, Org: "AG-0001"}) {
		t.Fatalf("%v %v", a, err)
	}
	if err := run(context.Background(), []string{"dsmarket", "token", "--role", "admin", "--org", "x", "--sub", "y"}, env, &out, &errOut); err == nil {
		t.Fatal("unknown role accepted")
	}
}
