package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"
	tlog "go.temporal.io/sdk/log"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/docstore"
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
	// TemporalCompression is the gRPC compression of calls to Temporal: none or gzip.
	TemporalCompression string
	OIDCIssuer          string
	OIDCAudience        string
	OIDCJWKSURL         string
	// The web UI's sign-in: the OIDC client of the authorization-code flow, and the key of
	// its session cookies.
	OIDCClientID      string
	OIDCClientSecret  string
	OIDCRedirectURL   string
	UISessionSecret   string
	UIInsecureCookies bool
	DataDir           string
	LogLevel          string
	// Env is DSMARKET_ENV: "development" admits the development key in `dsmarket api`.
	Env string
	// Rate limits per caller and minute ("0" turns one off) and the proxies trusted to
	// name the client: see api.Limits and api.Deps.TrustedProxies.
	RateLimitWrites    string
	RateLimitAnonReads string
	TrustedProxies     string
	MetricsAddr        string
	// Documents is DOCUMENT_STORE and the S3_* variables: where uploaded files' bytes are
	// kept (docs/documents.md).
	Documents docstore.Config
	// E-mail of the notifications (docs/email.md): the SMTP server (none: no e-mail), the
	// sender's address, and where the web UI is reached for the link to the case.
	SMTPURL       string
	MailFrom      string
	PublicBaseURL string
	// RulesFile is RULES_FILE: a rule table replacing the built-in one (docs/rules.md).
	RulesFile string
	// TimeScale is DSMARKET_TIME_SCALE, the development sandbox's factor (timeScale);
	// devProcess is set by `dsmarket dev`, a development process whatever DSMARKET_ENV says.
	TimeScale  string
	devProcess bool
	// OCDSPrefix and OCDSPublisherName are OCDS_PREFIX and OCDS_PUBLISHER_NAME: the ocid
	// prefix and the publisher of the OCDS open data (docs/ocds.md); PUBLIC_BASE_URL makes
	// its packages' URIs.
	OCDSPrefix        string
	OCDSPublisherName string
}

// envDevelopment is the DSMARKET_ENV of a developer's machine, compose demo or test run.
const envDevelopment = "development"

func loadConfig(getenv func(string) string) config {
	or := func(k, def string) string {
		if v := getenv(k); v != "" {
			return v
		}
		return def
	}
	return config{
		HTTPAddr:            or("HTTP_ADDR", ":8080"),
		DatabaseURL:         getenv("DATABASE_URL"),
		TemporalAddress:     or("TEMPORAL_ADDRESS", "127.0.0.1:7233"),
		TemporalNamespace:   or("TEMPORAL_NAMESPACE", "default"),
		TemporalAPIKey:      getenv("TEMPORAL_API_KEY"),
		TemporalTLSCert:     getenv("TEMPORAL_TLS_CERT"),
		TemporalTLSKey:      getenv("TEMPORAL_TLS_KEY"),
		TemporalTLSCA:       getenv("TEMPORAL_TLS_CA"),
		TemporalUIURL:       or("TEMPORAL_UI_URL", "http://localhost:8233"),
		TemporalCompression: or("TEMPORAL_GRPC_COMPRESSION", "none"),
		OIDCIssuer:          getenv("OIDC_ISSUER_URL"),
		OIDCAudience:        getenv("OIDC_AUDIENCE"),
		OIDCJWKSURL:         getenv("OIDC_JWKS_URL"),
		OIDCClientID:        getenv("OIDC_CLIENT_ID"),
		OIDCClientSecret:    getenv("OIDC_CLIENT_SECRET"),
		OIDCRedirectURL:     getenv("OIDC_REDIRECT_URL"),
		UISessionSecret:     getenv("UI_SESSION_SECRET"),
		UIInsecureCookies:   getenv("UI_INSECURE_COOKIES") == "1",
		DataDir:             or("DSMARKET_DATA_DIR", ".data"),
		LogLevel:            or("LOG_LEVEL", "info"),
		Env:                 getenv("DSMARKET_ENV"),
		RateLimitWrites:     getenv("RATE_LIMIT_WRITES_PER_MINUTE"),
		RateLimitAnonReads:  getenv("RATE_LIMIT_ANON_READS_PER_MINUTE"),
		TrustedProxies:      getenv("TRUSTED_PROXIES"),
		MetricsAddr:         getenv("METRICS_ADDR"),
		Documents:           docstore.ConfigFromEnv(getenv),
		SMTPURL:             getenv("SMTP_URL"),
		MailFrom:            getenv("MAIL_FROM"),
		PublicBaseURL:       getenv("PUBLIC_BASE_URL"),
		RulesFile:           getenv("RULES_FILE"),
		TimeScale:           getenv("DSMARKET_TIME_SCALE"),
		OCDSPrefix:          getenv("OCDS_PREFIX"),
		OCDSPublisherName:   getenv("OCDS_PUBLISHER_NAME"),
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

// dialTemporal connects to the configured Temporal. The processes that do (api, worker,
// dev) start, run or show cases, so they first take RULES_FILE's rule table, and refuse to
// start on one that fails its checks.
func dialTemporal(ctx context.Context, cfg config, logger *slog.Logger, reg prometheus.Registerer) (client.Client, error) {
	if err := useRulesFile(cfg, logger); err != nil {
		return nil, err
	}
	opts, err := temporalClientOptions(cfg, logger)
	if err != nil {
		return nil, err
	}
	if opts.MetricsHandler, err = temporalMetrics(reg, logger); err != nil {
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
	// The SDK gzips every call by default. Our payloads are references and small inputs,
	// and the workers sit next to the frontend: gzip took a tenth of the bench process's
	// CPU and about 3 ms of a human step (BENCHMARKS.md, 2026-12-03) for bytes that a
	// local network does not miss. gzip stays a choice for a frontend far away.
	switch cfg.TemporalCompression {
	case "none":
		opts.ConnectionOptions.GrpcCompression = &client.GrpcCompressionNone{}
	case "gzip":
		opts.ConnectionOptions.GrpcCompression = &client.GrpcCompressionGzip{}
	default:
		return opts, fmt.Errorf("TEMPORAL_GRPC_COMPRESSION is %q: it takes none or gzip", cfg.TemporalCompression)
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

// checkSignIn refuses, before anything is opened, a sign-in set-up that would let a
// stranger in: the development key outside development (whoever holds it mints any role's
// token, an operator's included), and an OIDC issuer without an audience (a token the
// issuer made for any other of its clients would pass). dev is `dsmarket dev`.
func checkSignIn(cfg config, getenv func(string) string, dev bool) error {
	if cfg.OIDCIssuer != "" && cfg.OIDCAudience == "" {
		return errors.New("OIDC_AUDIENCE is not set: without it a token the issuer made for any other of its clients " +
			"would be accepted; set it to the audience (the `aud` claim) of this API's tokens")
	}
	if cfg.OIDCIssuer != "" || dev {
		return nil
	}
	if getenv("DEV_JWT_SECRET") == "" {
		return errors.New("set OIDC_ISSUER_URL and OIDC_AUDIENCE (production), or DEV_JWT_SECRET with DSMARKET_ENV=development (development tokens)")
	}
	if cfg.Env != envDevelopment {
		return errors.New(`DEV_JWT_SECRET is a development key and DSMARKET_ENV is not "development": ` +
			"set OIDC_ISSUER_URL and OIDC_AUDIENCE in production, or DSMARKET_ENV=development on a development machine")
	}
	return nil
}

// verifier picks how bearer tokens are checked: the OIDC issuer when configured; else
// the development key, which checkSignIn admitted (`dsmarket dev`, or DEV_JWT_SECRET given
// explicitly with DSMARKET_ENV=development; never a generated file in production).
func verifier(ctx context.Context, cfg config, getenv func(string) string, dev bool, logger *slog.Logger) (auth.Verifier, error) {
	if err := checkSignIn(cfg, getenv, dev); err != nil {
		return nil, err
	}
	if cfg.OIDCIssuer != "" {
		logger.Info("tokens verified against OIDC issuer", "issuer", cfg.OIDCIssuer, "audience", cfg.OIDCAudience)
		return auth.NewOIDC(ctx, cfg.OIDCIssuer, cfg.OIDCAudience, cfg.OIDCJWKSURL)
	}
	logger.Warn("tokens verified with the DEVELOPMENT key; configure OIDC_ISSUER_URL in production")
	return auth.LoadDevKey(getenv, cfg.DataDir)
}

// httpLimits are the API's rate limits (api.DefaultLimits unless set) and trusted proxies.
func (cfg config) httpLimits() (api.Limits, []string, error) {
	l := api.DefaultLimits
	for _, v := range []struct {
		name, value string
		dst         *int
	}{
		{"RATE_LIMIT_WRITES_PER_MINUTE", cfg.RateLimitWrites, &l.WritesPerMinute},
		{"RATE_LIMIT_ANON_READS_PER_MINUTE", cfg.RateLimitAnonReads, &l.AnonReadsPerMinute},
	} {
		if v.value == "" {
			continue
		}
		n, err := strconv.Atoi(v.value)
		if err != nil || n < 0 {
			return api.Limits{}, nil, fmt.Errorf("%s=%q: want a whole number of requests per minute (0: no limit)", v.name, v.value)
		}
		*v.dst = n
	}
	var proxies []string
	for p := range strings.SplitSeq(cfg.TrustedProxies, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			return api.Limits{}, nil, fmt.Errorf("TRUSTED_PROXIES: %q is neither an address nor a CIDR", p)
		}
		proxies = append(proxies, p)
	}
	return l, proxies, nil
}

// metricsAddr is where `dsmarket api` serves /metrics: METRICS_ADDR, else :9090 in
// production (the API's port is open to the Internet; the scraper reaches a port the
// outside does not), else "" in development, which serves it beside the API.
func (cfg config) metricsAddr() string {
	switch {
	case cfg.MetricsAddr != "":
		return cfg.MetricsAddr
	case cfg.Env == envDevelopment:
		return ""
	}
	return ":9090"
}
