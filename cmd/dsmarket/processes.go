package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/docstore"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/worker"
)

func runMigrate(ctx context.Context, cfg config, stdout io.Writer) error {
	if err := cfg.requireDatabase(); err != nil {
		return err
	}
	if err := store.Migrate(ctx, cfg.DatabaseURL); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "migrations applied")
	return nil
}

// runSeed loads the demo catalog once; with --services N it then makes the catalog hold the
// N services of the synthetic one too (store.SeedSyntheticCatalog), adding only what is
// missing, to try the catalog search at national scale.
func runSeed(ctx context.Context, args []string, cfg config, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	services := fs.Int("services", 0, fmt.Sprintf("synthetic services (SVC-S000001 …) to add beside the demo catalog, at most %d",
		store.MaxSyntheticServices))
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("seed: unexpected arguments %q", fs.Args())
	}
	if *services < 0 || *services > store.MaxSyntheticServices {
		return fmt.Errorf("seed: --services must be between 0 and %d", store.MaxSyntheticServices)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	now := time.Now()
	seeded, err := store.Seed(ctx, st, now)
	if err != nil {
		return err
	}
	if seeded {
		fmt.Fprintln(stdout, "demo data loaded")
	} else {
		fmt.Fprintln(stdout, "demo data already present; nothing changed")
	}
	if *services == 0 {
		return nil
	}
	began := time.Now()
	res, err := store.SeedSyntheticCatalog(ctx, st, *services, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "synthetic catalog: %d services and %d providers added in %s; %d synthetic services in all\n",
		res.Services, res.Providers, time.Since(began).Round(time.Millisecond), res.Total)
	return nil
}

func runToken(args []string, cfg config, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	fs.SetOutput(stderr)
	role := fs.String("role", "", "provider|operator|expert|committee|agency|auditor")
	org := fs.String("org", "", "organization ID, e.g. AG-0001")
	sub := fs.String("sub", "", "subject (user ID)")
	ttl := fs.Duration("ttl", 12*time.Hour, "validity")
	if err := fs.Parse(args); err != nil {
		return err
	}
	r, err := models.ParseRole(*role)
	if err != nil {
		return fmt.Errorf("--role %w", err)
	}
	if *org == "" || *sub == "" {
		return errors.New("--org and --sub are required")
	}
	key, err := auth.LoadDevKey(getenv, cfg.DataDir)
	if err != nil {
		return err
	}
	tok, err := key.Sign(models.Actor{Sub: *sub, Role: r, Org: *org}, time.Now(), *ttl)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, tok)
	return nil
}

// services are the long-lived parts a process runs: store, Temporal client, metrics, and
// the app layer over them that the API, the web pages and the demo cases share.
type services struct {
	store    *store.Store
	temporal client.Client
	registry *prometheus.Registry
	logger   *slog.Logger
	app      *app.App
}

func openServices(ctx context.Context, cfg config, logger *slog.Logger) (*services, error) {
	scale, err := cfg.timeScale()
	if err != nil {
		return nil, err
	}
	ocds, err := models.ParseOCDSPublisher(cfg.OCDSPrefix, cfg.OCDSPublisherName, cfg.PublicBaseURL)
	if err != nil {
		return nil, err
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return nil, err
	}
	reg := newRegistry()
	reg.MustRegister(newAuditCollector(st, logger))
	tc, err := dialTemporal(ctx, cfg, logger, reg)
	if err != nil {
		st.Close()
		return nil, err
	}
	docs, err := openDocuments(ctx, cfg, st)
	if err != nil {
		tc.Close()
		st.Close()
		return nil, err
	}
	a := app.New(app.Deps{Store: st, Temporal: tc, Logger: logger,
		TemporalUIURL: cfg.TemporalUIURL, Namespace: cfg.TemporalNamespace, Documents: docs, TimeScale: scale,
		OCDS: ocds})
	if scale > 1 {
		logger.Warn("development sandbox: every case started runs its periods faster", "DSMARKET_TIME_SCALE", scale)
	}
	return &services{store: st, temporal: tc, registry: reg, logger: logger, app: a}, nil
}

func (s *services) close() {
	s.temporal.Close()
	_ = s.store.Close()
}

func (s *services) activities() *activities.Activities {
	return &activities.Activities{Store: s.store, Logger: s.logger, Temporal: s.temporal, Documents: s.app.Documents.Backend}
}

// handler is the API and, unless ui is off, the web pages, over one app layer. dev is
// `dsmarket dev`, the only process whose pages may offer the development sign-in.
func (s *services) handler(ctx context.Context, cfg config, getenv func(string) string, v auth.Verifier, dev bool) (http.Handler, error) {
	ui, err := webUI(ctx, cfg, getenv, s.app, s.logger, dev)
	if err != nil {
		return nil, err
	}
	limits, proxies, err := cfg.httpLimits()
	if err != nil {
		return nil, err
	}
	d := api.Deps{App: s.app, Verifier: v, Registry: s.registry, Limits: limits, TrustedProxies: proxies,
		NoMetrics: !dev && cfg.metricsAddr() != ""}
	if ui != nil {
		// Only a non-nil *web.UI may become the interface: a nil one would not compare
		// equal to nil in api.New.
		d.UI = ui
	}
	return api.New(d), nil
}

func runAPI(ctx context.Context, cfg config, getenv func(string) string, stderr io.Writer) error {
	logger := newLogger(cfg, stderr)
	if err := checkSignIn(cfg, getenv, false); err != nil {
		return err
	}
	if _, _, err := cfg.httpLimits(); err != nil {
		return err
	}
	s, err := openServices(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer s.close()
	v, err := verifier(ctx, cfg, getenv, false, logger)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return err
	}
	h, err := s.handler(ctx, cfg, getenv, v, false)
	if err != nil {
		return err
	}
	if err := s.serveMetrics(ctx, cfg.metricsAddr()); err != nil {
		return err
	}
	return serveHTTP(ctx, ln, h, logger)
}

func runWorker(ctx context.Context, cfg config, stderr io.Writer) error {
	logger := newLogger(cfg, stderr)
	s, err := openServices(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer s.close()
	logger.Info("worker started", "task_queue", "dsmarket", "temporal", cfg.TemporalAddress)
	// The worker's metrics (its tasks, the mail it sends) are served as the API's are, on
	// METRICS_ADDR (:9090 in production), for the alert rules to read.
	if err := s.serveMetrics(ctx, cfg.metricsAddr()); err != nil {
		return err
	}
	stopMail, err := startMail(ctx, cfg, s, cfg.SMTPURL, cfg.PublicBaseURL)
	if err != nil {
		return err
	}
	defer stopMail()
	return worker.Run(ctx, s.temporal, s.activities())
}

// serveHTTP serves until ctx is done, then drains requests in flight for up to 20 s.
func serveHTTP(ctx context.Context, ln net.Listener, h http.Handler, logger *slog.Logger) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second,
		BaseContext: func(net.Listener) context.Context { return context.WithoutCancel(ctx) }}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	logger.Info("http listening", "addr", ln.Addr().String())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// openDocuments opens the storage of uploaded files that DOCUMENT_STORE names: the
// database's own table by default, or an S3 bucket, whose existence it checks.
func openDocuments(ctx context.Context, cfg config, st *store.Store) (docstore.Backend, error) {
	db, err := st.DB().DB()
	if err != nil {
		return nil, err
	}
	return docstore.Open(ctx, cfg.Documents, db)
}

// serveMetrics serves the process's /metrics on addr, apart from its API, until ctx is
// done; an empty addr serves nothing (development serves them beside the API).
func (s *services) serveMetrics(ctx context.Context, addr string) error {
	if addr == "" {
		return nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("METRICS_ADDR: %w", err)
	}
	go func() {
		if err := serveHTTP(ctx, ln, api.MetricsHandler(s.registry), s.logger); err != nil {
			s.logger.Error("metrics listener stopped", "error", err)
		}
	}()
	return nil
}
