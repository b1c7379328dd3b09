package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/web"
)

// webUI builds the pages under /ui/, or returns nil when this process serves the API only.
//   - With an OIDC issuer (production), people sign in with the authorization-code flow:
//     OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL and UI_SESSION_SECRET are
//     needed; without OIDC_CLIENT_ID the process serves the API only.
//   - Without one, only `dsmarket dev` (dev) serves pages: a page signs in as any seeded
//     user, and the session key is kept under the data directory unless UI_SESSION_SECRET
//     is given. `dsmarket api` without OIDC serves the API alone: a sign-in without a
//     password must never reach a server someone else can call.
func webUI(ctx context.Context, cfg config, getenv func(string) string, a *app.App, logger *slog.Logger, dev bool) (*web.UI, error) {
	wc := web.Config{InsecureCookies: cfg.UIInsecureCookies}
	if cfg.OIDCIssuer != "" {
		if cfg.OIDCClientID == "" {
			logger.Warn("web UI off: OIDC_CLIENT_ID is not set (the API is served)")
			return nil, nil
		}
		if cfg.UISessionSecret == "" || cfg.OIDCRedirectURL == "" {
			return nil, errors.New("the web UI needs UI_SESSION_SECRET (32 bytes or more) and OIDC_REDIRECT_URL (…/ui/auth/callback) with OIDC_CLIENT_ID")
		}
		flow, err := auth.NewCodeFlow(ctx, auth.CodeFlowConfig{Issuer: cfg.OIDCIssuer, ClientID: cfg.OIDCClientID,
			ClientSecret: cfg.OIDCClientSecret, RedirectURL: cfg.OIDCRedirectURL})
		if err != nil {
			return nil, err
		}
		wc.CodeFlow, wc.SessionSecret = flow, []byte(cfg.UISessionSecret)
	} else {
		if !dev {
			logger.Warn("web UI off: its sign-in needs OIDC (OIDC_ISSUER_URL, OIDC_CLIENT_ID); the development sign-in is served by `dsmarket dev` only")
			return nil, nil
		}
		secret, err := sessionSecret(cfg, getenv)
		if err != nil {
			return nil, err
		}
		wc.DevSignIn, wc.SessionSecret = true, secret
		logger.Warn("web UI with the DEVELOPMENT sign-in (any seeded user); configure OIDC in production")
	}
	return web.New(a, wc)
}

// sessionSecret is UI_SESSION_SECRET, else a key made once under the data directory, so
// that sessions survive a restart of `make run`.
func sessionSecret(cfg config, getenv func(string) string) ([]byte, error) {
	if cfg.UISessionSecret != "" {
		return []byte(cfg.UISessionSecret), nil
	}
	if getenv("DEV_JWT_SECRET") != "" {
		// A process given its development secret explicitly (compose, tests) writes no
		// files; its sessions end with it.
		return []byte(rand.Text() + rand.Text()), nil
	}
	path := filepath.Join(cfg.DataDir, "ui-session.key")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		return []byte(strings.TrimSpace(string(b))), nil
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		return nil, err
	}
	secret := rand.Text() + rand.Text()
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("write the UI session key: %w", err)
	}
	return []byte(secret), nil
}
