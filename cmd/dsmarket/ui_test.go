package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/internal/oidctest"
	"github.com/dsmarket/dsmarket/web"
)

// TestWebUIConfig: which sign-in the web UI gets from the environment, and the
// configurations it refuses to start with.
func TestWebUIConfig(t *testing.T) {
	quiet := slog.New(slog.DiscardHandler)
	iss := oidctest.New(t)
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	buildFor := func(dev bool, getenv func(string) string) (*web.UI, error) {
		cfg := loadConfig(getenv)
		cfg.DataDir = t.TempDir()
		return webUI(context.Background(), cfg, getenv, app.New(app.Deps{}), quiet, dev)
	}
	build := func(getenv func(string) string) (*web.UI, error) { return buildFor(false, getenv) }

	t.Run("OK_Development", func(t *testing.T) {
		ui, err := buildFor(true, env())
		if err != nil || ui == nil {
			t.Fatalf("development UI: %v %v", ui, err)
		}
	})
	// `dsmarket api` never offers the development sign-in: without OIDC it serves no pages,
	// whatever DEV_JWT_SECRET and DSMARKET_ENV say (issue 12).
	t.Run("OK_APIWithoutOIDCServesNoPages", func(t *testing.T) {
		ui, err := build(env("DEV_JWT_SECRET", strings.Repeat("k", 32), "DSMARKET_ENV", "development"))
		if err != nil || ui != nil {
			t.Fatalf("dsmarket api without OIDC: want no UI, got %v %v", ui, err)
		}
	})
	t.Run("OK_OIDC", func(t *testing.T) {
		ui, err := build(env("OIDC_ISSUER_URL", iss.URL, "OIDC_CLIENT_ID", iss.ClientID, "OIDC_CLIENT_SECRET", iss.ClientSecret,
			"OIDC_REDIRECT_URL", "https://dsmarket.example/ui/auth/callback", "UI_SESSION_SECRET", strings.Repeat("s", 32)))
		if err != nil || ui == nil {
			t.Fatalf("OIDC UI: %v %v", ui, err)
		}
	})
	t.Run("OK_APIOnly", func(t *testing.T) {
		ui, err := build(env("OIDC_ISSUER_URL", iss.URL))
		if err != nil || ui != nil {
			t.Fatalf("an issuer without a UI client serves the API only: %v %v", ui, err)
		}
	})
	t.Run("ErrNoSessionSecret", func(t *testing.T) {
		_, err := build(env("OIDC_ISSUER_URL", iss.URL, "OIDC_CLIENT_ID", iss.ClientID,
			"OIDC_REDIRECT_URL", "https://dsmarket.example/ui/auth/callback"))
		if err == nil || !strings.Contains(err.Error(), "UI_SESSION_SECRET") {
			t.Fatalf("want an error naming UI_SESSION_SECRET, got %v", err)
		}
	})
	t.Run("ErrShortSessionSecret", func(t *testing.T) {
		_, err := buildFor(true, env("UI_SESSION_SECRET", "short"))
		if err == nil {
			t.Fatal("a short session secret is refused")
		}
	})
}
