package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"
)

// TestOcdsPrefixChecked: a process refuses to start on an OCDS_PREFIX that is no ocid
// prefix, before it connects to anything, and says which variable is wrong.
func TestOcdsPrefixChecked(t *testing.T) {
	vars := map[string]string{"OCDS_PREFIX": "ocds-toolong", "DATABASE_URL": "postgres://127.0.0.1:1/none"}
	cfg := loadConfig(func(k string) string { return vars[k] })
	_, err := openServices(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err == nil || !strings.Contains(err.Error(), `OCDS_PREFIX="ocds-toolong"`) {
		t.Fatalf("got %v, want a refusal naming OCDS_PREFIX", err)
	}
}
