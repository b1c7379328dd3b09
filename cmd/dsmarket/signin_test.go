package main

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// TestAPIRefusesAnUnsafeSignIn starts the real binary as `dsmarket api` in each sign-in
// configuration a production machine must not run with, and checks that it exits at once,
// before opening anything, saying what to set (issue 12). The configurations it accepts
// run in TestEndToEnd (development key with DSMARKET_ENV=development) and TestWebUIConfig.
func TestAPIRefusesAnUnsafeSignIn(t *testing.T) {
	bin := buildBinary(t)
	for name, c := range map[string]struct {
		env  []string
		want []string
	}{
		"DevKeyOutsideDevelopment": {[]string{"DEV_JWT_SECRET=" + strings.Repeat("k", 32)}, []string{"DSMARKET_ENV=development", "OIDC_ISSUER_URL"}},
		"DevKeyInProduction": {[]string{"DEV_JWT_SECRET=" + strings.Repeat("k", 32), "DSMARKET_ENV=production"},
			[]string{"DSMARKET_ENV=development"}},
		"OIDCWithoutAudience": {[]string{"OIDC_ISSUER_URL=https://login.example.go.kr", "DSMARKET_ENV=development"}, []string{"OIDC_AUDIENCE"}},
		"NoSignInAtAll":       {nil, []string{"OIDC_ISSUER_URL", "DEV_JWT_SECRET"}},
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "api")
			// Every other setting is valid, and the database points nowhere: the refusal
			// must come before anything is opened.
			cmd.Env = append(cleanEnv(), append([]string{"DATABASE_URL=postgres://nobody@127.0.0.1:1/none?sslmode=disable",
				"HTTP_ADDR=127.0.0.1:0", "DSMARKET_DATA_DIR=" + t.TempDir()}, c.env...)...)
			out, err := cmd.CombinedOutput()
			if err == nil || ctx.Err() != nil {
				t.Fatalf("dsmarket api started (or hung): %v\n%s", err, out)
			}
			for _, w := range c.want {
				if !strings.Contains(string(out), w) {
					t.Errorf("the refusal does not name %s:\n%s", w, out)
				}
			}
			if strings.Contains(string(out), "127.0.0.1:1") {
				t.Errorf("it tried the database before refusing:\n%s", out)
			}
		})
	}
}

// cleanEnv is the test's environment without the settings these tests choose.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "DEV_JWT_SECRET", "DSMARKET_ENV", "OIDC_ISSUER_URL", "OIDC_AUDIENCE", "OIDC_JWKS_URL", "DATABASE_URL", "HTTP_ADDR":
			continue
		}
		env = append(env, kv)
	}
	return env
}
