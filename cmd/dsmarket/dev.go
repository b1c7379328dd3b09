package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	tlog "go.temporal.io/sdk/log"

	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/internal/devenv"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/worker"
)

// runDev is `make run`: the whole system on one machine, with data kept under .data/ so
// that a second run finds the cases of the first.
func runDev(ctx context.Context, cfg config, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg.devProcess = true
	dataDir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return err
	}
	logFile, err := os.OpenFile(filepath.Join(dataDir, "dsmarket.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logFile.Close()
	logger := newLogger(cfg, logFile)
	say := func(format string, args ...any) { fmt.Fprintf(stdout, format+"\n", args...) }

	cli, err := devenv.TemporalCLIPath(getenv)
	if err != nil {
		return err
	}
	say("• PostgreSQL …")
	dsn, how, stopPG, err := devenv.EnsurePostgres(ctx, dataDir, getenv)
	if err != nil {
		return err
	}
	defer func() { _ = stopPG(context.WithoutCancel(ctx)) }()
	say("  using %s", how)
	cfg.DatabaseURL = dsn

	say("• Temporal dev server (%s, data in %s) …", cli, filepath.Join(dataDir, "temporal.db"))
	srv, err := devenv.StartTemporal(ctx, cli, devenv.TemporalOptions{
		DataDir: dataDir, HostPort: cfg.TemporalAddress, UIPort: devUIPort(cfg.TemporalUIURL),
		Logger: tlog.NewStructuredLogger(logger.With("component", "temporal-devserver"))})
	if err != nil {
		return fmt.Errorf("start Temporal dev server: %w", err)
	}
	defer func() { _ = srv.Stop() }()

	// The notifications' e-mail goes to a local sink unless SMTP_URL names a server.
	smtpURL, mailUI := cfg.SMTPURL, "sent through SMTP_URL (no local sink)"
	if smtpURL == "" {
		say("• Mailpit, the local mail sink (data in %s) …", filepath.Join(dataDir, "mailpit.db"))
		mp, err := startDevMailpit(ctx, dataDir, getenv)
		if err != nil {
			return fmt.Errorf("start Mailpit: %w", err)
		}
		defer func() { _ = mp.Stop() }()
		smtpURL, mailUI = mp.SMTPURL(), mp.WebURL()+"   (Mailpit: every e-mail the notifications send)"
	}

	say("• migrate and seed …")
	if err := store.Migrate(ctx, dsn); err != nil {
		return err
	}
	s, err := openServices(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer s.close()
	seeded, err := store.Seed(ctx, s.store, time.Now())
	if err != nil {
		return err
	}
	if seeded {
		say("  demo data loaded (425 services, providers, agencies, users, and a demo contract history for /ui/stats)")
	} else {
		say("  demo data already present")
	}

	key, err := auth.LoadDevKey(getenv, dataDir)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on %s (set HTTP_ADDR to use another address): %w", cfg.HTTPAddr, err)
	}
	if err := worker.EnsureSchedules(ctx, s.temporal, flow.TaskQueue); err != nil {
		return err
	}
	w := worker.New(s.temporal, s.activities())
	if err := w.Start(); err != nil {
		return err
	}
	defer w.Stop()
	baseURL := cfg.PublicBaseURL
	if baseURL == "" {
		baseURL = "http://" + displayAddr(ln.Addr())
	}
	stopMail, err := startMail(ctx, cfg, s, smtpURL, baseURL)
	if err != nil {
		return err
	}
	defer stopMail()

	demo := &demoCases{store: s.store, apps: s.app.Applications, tasks: s.app.Tasks, committee: s.app.Committee,
		changeRequests: s.app.Changes, orderCases: s.app.Orders, documents: s.app.Documents, contracts: s.app.Contracts,
		temporal: s.temporal, timeScale: s.app.TimeScale, now: time.Now()}
	if n, err := demo.run(ctx); err != nil {
		// The catalog and orders work without them; say so rather than stop.
		say("  demo applications not created: %v", err)
	} else if n > 0 {
		say("  demo applications started: %d (document check, supplement, expert review, committee vote)", n)
		demo.others(ctx, say)
	}

	apiURL := "http://" + displayAddr(ln.Addr())
	if err := printBanner(ctx, stdout, s.store, key, apiURL, cfg.TemporalUIURL, cfg.TemporalAddress, how, mailUI); err != nil {
		return err
	}
	if n := s.app.TimeScale; n > 1 {
		say("SANDBOX: every case started now runs its periods %d times faster (DSMARKET_TIME_SCALE; a 10-day window takes %s).",
			n, (10 * 24 * time.Hour / time.Duration(n)).Round(time.Second))
	}
	say("logs: %s — Ctrl-C stops everything.", filepath.Join(dataDir, "dsmarket.log"))
	h, err := s.handler(ctx, cfg, getenv, key, true)
	if err != nil {
		return err
	}
	err = serveHTTP(ctx, ln, h, logger)
	say("\nstopping …")
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// devUIPort is the port the dev server's Web UI listens on: the one of TEMPORAL_UI_URL, so
// that the links from cases lead to it; 8233 when the URL names none.
func devUIPort(uiURL string) string {
	if u, err := url.Parse(uiURL); err == nil && u.Port() != "" {
		return u.Port()
	}
	return devenv.DefaultTemporalUIPort
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return a.String()
}

// printBanner shows where everything is and a ready token for one user of every role.
func printBanner(ctx context.Context, w io.Writer, st *store.Store, key *auth.DevKey, apiURL, uiURL, temporal, pg, mailUI string) error {
	users, err := st.ListUsers(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, `
dsmarket is running
  Web UI           %[1]s/ui/   (sign in as any seeded user: operator, expert, committee, agency, provider, auditor)
  API              %[1]s/api/v1/services
  OpenAPI          %[1]s/api/v1/openapi.json
  Health           %[1]s/readyz   Metrics %[1]s/metrics
  Statistics       %[1]s/ui/stats   Open data (OCDS) %[1]s/api/v1/ocds/releases
  Temporal Web UI  %[2]s
  Temporal         %[3]s (namespace default)
  PostgreSQL       %[4]s
  E-mail           %[5]s

Development tokens (valid 12 h; more with: go run ./cmd/dsmarket token --role R --org O --sub S):
`, apiURL, uiURL, temporal, pg, mailUI)
	// One user per role; the lowest organization ID, so that the agency and the provider
	// of the README's curl session (AG-0001 ordering SVC-0001 of PV-0001) get tokens.
	first := map[models.Role]models.User{}
	for _, u := range users {
		if f, ok := first[u.Role]; !ok || u.Org < f.Org || (u.Org == f.Org && u.Sub < f.Sub) {
			first[u.Role] = u
		}
	}
	for _, r := range models.AllRoles {
		u, ok := first[r]
		if !ok {
			continue
		}
		tok, err := key.Sign(models.Actor{Sub: u.Sub, Role: u.Role, Org: u.Org}, time.Now(), 12*time.Hour)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "  %-9s %-14s %-8s export %s_TOKEN=%s\n", u.Role, u.Sub, u.Org, envName(u.Role), tok)
	}
	fmt.Fprintln(w)
	return nil
}

func envName(r models.Role) string {
	b := []byte(r)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
	}
	return string(b)
}
