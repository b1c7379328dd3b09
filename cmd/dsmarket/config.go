package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"

	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/store"
)

// config is read from the environment only (twelve-factor), so that the same binary runs
// on a laptop, in compose and in production.
type config struct {
	HTTPAddr          string
	DatabaseURL       string
	TemporalAddress   string
	TemporalNamespace string
	TemporalAPIKey    string
	TemporalTLSCert   string
	TemporalTLSKey    string
	TemporalTLSCA     string
	TemporalUIURL     string
	OIDCIssuer        string
	OIDCAudience      string
	OIDCJWKSURL       string
	// The web UI's sign-in: the OIDC client of the authorization-code flow, and the key of
	// its session cookies.
	OIDCClientID      string
	OIDCClientSecret  string
	OIDCRedirectURL   string
	UISessionSecret   string
	UIInsecureCookies bool
	DataDir           string
	LogLevel          string
}

func loadConfig(getenv func(string) string) config {
	or := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	return config{
		HTTPAddr:          or("HTTP_ADDR", ":8080"),
		DatabaseURL:       getenv("DATABASE_URL"),
		TemporalAddress:   or("TEMPORAL_ADDRESS", "127.0.0.1:7233"),
		TemporalNamespace: or("TEMPORAL_NAMESPACE", "default"),
		TemporalAPIKey:    getenv("TEMPORAL_API_KEY"),
		TemporalTLSCert:   getenv("TEMPORAL_TLS_CERT"),
		TemporalTLSKey:    getenv("TEMPORAL_TLS_KEY"),
		TemporalTLSCA:     getenv("TEMPORAL_TLS_CA"),
		TemporalUIURL:     or("TEMPORAL_UI_URL", "http://localhost:8233"),
		OIDCIssuer:        getenv("OIDC_ISSUER_URL"),
		OIDCAudience:      getenv("OIDC_AUDIENCE"),
		OIDCJWKSURL:       getenv("OIDC_JWKS_URL"),
		OIDCClientID:      getenv("OIDC_CLIENT_ID"),
		OIDCClientSecret:  getenv("OIDC_CLIENT_SECRET"),
		OIDCRedirectURL:   getenv("OIDC_REDIRECT_URL"),
		UISessionSecret:   getenv("UI_SESSION_SECRET"),
		UIInsecureCookies: getenv("UI_INSECURE_COOKIES") == "1",
		DataDir:           or("DSMARKET_DATA_DIR", ".data"),
		LogLevel:          or("LOG_LEVEL", "info"),
	}
}

func newLogger(cfg config, w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

func (cfg config) requireDatabase() error {
	if cfg.DatabaseURL == "" {
		return errors.New("DATABASE_URL is not set (e.g. postgres://postgres@127.0.0.1:5432/dsmarket?sslmode=disable)")
	}
	return nil
}

// openStore opens the configured database.
func openStore(ctx context.Context, cfg config) (*store.Store, error) {
	if err := cfg.requireDatabase(); err != nil {
		return nil, err
	}
	return store.Open(ctx, cfg.DatabaseURL)
}

// dialTemporal connects to the configured Temporal.
func dialTemporal(ctx context.Context, cfg config, logger *slog.Logger) (client.Client, error) {
	opts, err := temporalClientOptions(cfg, logger)
	if err != nil {
		return nil, err
	}
	c, err := client.DialContext(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("connect to Temporal at %s: %w", cfg.TemporalAddress, err)
	}
	return c, nil
}

// temporalClientOptions: a local server in plain text, or Temporal Cloud / a TLS server
// with an API key (which implies TLS) or mutual TLS from certificate files.
func temporalClientOptions(cfg config, logger *slog.Logger) (client.Options, error) {
	opts := client.Options{
		HostPort:  cfg.TemporalAddress,
		Namespace: cfg.TemporalNamespace,
		Logger:    tlog.NewStructuredLogger(logger.With("component", "temporal")),
	}
	if cfg.TemporalAPIKey != "" {
		opts.Credentials = client.NewAPIKeyStaticCredentials(cfg.TemporalAPIKey)
		opts.ConnectionOptions.TLS = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if cfg.TemporalTLSCert == "" && cfg.TemporalTLSCA == "" {
		return opts, nil
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.TemporalTLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TemporalTLSCert, cfg.TemporalTLSKey)
		if err != nil {
			return opts, fmt.Errorf("TEMPORAL_TLS_CERT/KEY: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	if cfg.TemporalTLSCA != "" {
		pem, err := os.ReadFile(cfg.TemporalTLSCA)
		if err != nil {
			return opts, fmt.Errorf("TEMPORAL_TLS_CA: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return opts, errors.New("TEMPORAL_TLS_CA holds no PEM certificate")
		}
		tc.RootCAs = pool
	}
	opts.ConnectionOptions.TLS = tc
	return opts, nil
}

// verifier picks how bearer tokens are checked: the OIDC issuer when configured; else
// the development key, which a production process only accepts when DEV_JWT_SECRET is
// given explicitly, never from a generated file.
func verifier(ctx context.Context, cfg config, getenv func(string) string, dev bool, logger *slog.Logger) (auth.Verifier, error) {
	if cfg.OIDCIssuer != "" {
		logger.Info("tokens verified against OIDC issuer", "issuer", cfg.OIDCIssuer)
		return auth.NewOIDC(ctx, cfg.OIDCIssuer, cfg.OIDCAudience, cfg.OIDCJWKSURL)
	}
	if !dev && getenv("DEV_JWT_SECRET") == "" {
		return nil, errors.New("set OIDC_ISSUER_URL (production) or DEV_JWT_SECRET (development tokens)")
	}
	logger.Warn("tokens verified with the DEVELOPMENT key; configure OIDC_ISSUER_URL in production")
	return auth.LoadDevKey(getenv, cfg.DataDir)
}
