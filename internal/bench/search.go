package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/auth"
	"github.com/dsmarket/dsmarket/internal/devenv"
	"github.com/dsmarket/dsmarket/store"
)

// The catalog search benchmark (`dsmarket bench -search`, part of make bench): the REST
// API over a fresh database holding the synthetic catalog (store.SeedSyntheticCatalog),
// first at the 425 services of 2024, then grown to 50,000. At each size it times the
// searches agencies make (SearchRequests) and GET /services/{id} of random services,
// alternating the two so that both meet the same machine, and reports the p99 of each and
// the two ratios. No Temporal server is needed: the catalog is read from
// PostgreSQL alone.

// Defaults of SearchOptions.
const (
	DefaultSearchN     = 2000
	DefaultSearchSmall = 425
	DefaultSearchLarge = 50_000
)

// Targets of the search benchmark (issue 14): at 50,000 services, search p99 at most
// three times that of reading one service, and at most twice search p99 at 425.
const (
	TargetSearchVsGet    = 3.0
	TargetSearchVsSmall  = 2.0
	searchRequestTimeout = 30 * time.Second
)

// SearchRequests are the searches the benchmark cycles through: the words of the issue,
// one-syllable words, and the same words with filters. Each word's second page (its
// next_page_token) is added at warm-up.
var SearchRequests = []string{
	"q=클라우드", "q=보안", "q=챗봇", "q=AI", "q=백업",
	"q=웹", "q=빛", "q=망",
	"q=보안&type=support", "q=AI&sme=true", "q=클라우드&csap=true", "q=백업&subtype=saas",
}

// SearchOptions configures Search.
type SearchOptions struct {
	// N is the number of searches (and as many GETs) timed at each size; zero means
	// DefaultSearchN. C is how many run at once; zero means 1.
	N, C int
	// Small and Large are the two catalog sizes; zero means the defaults.
	Small, Large int
	// PageSize is the page_size of every search; zero leaves the API's default (50).
	PageSize int
	DataDir  string
	Getenv   func(string) string
	Log      io.Writer
}

// SearchSize is what one catalog size measured.
type SearchSize struct {
	Services    int
	Search, Get Latency
	// Each is the latency of each search (a line of SearchRequests, or one with " page 2"),
	// in Order.
	Each     map[string]Latency
	Order    []string
	SeedWall time.Duration // the seeding that brought the catalog to this size
}

// SearchResult is what Search measured.
type SearchResult struct {
	N, C, PageSize int
	Small, Large   SearchSize
}

// SearchVsGet is search p99 over GET p99 at the large size.
func (r SearchResult) SearchVsGet() float64 { return ratio(r.Large.Search.P99, r.Large.Get.P99) }

// LargeVsSmall is search p99 at the large size over search p99 at the small one.
func (r SearchResult) LargeVsSmall() float64 { return ratio(r.Large.Search.P99, r.Small.Search.P99) }

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Report writes the figures, one per line; the last two are the ratios.
func (r SearchResult) Report(w io.Writer) error {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	page := "the API's default (50)"
	if r.PageSize > 0 {
		page = fmt.Sprint(r.PageSize)
	}
	p("search_requests: %d searches and %d GET /services/{id} per size, c=%d, page_size %s; searches: %s and the five words' second pages",
		r.N, r.N, r.C, page, strings.Join(SearchRequests, ", "))
	for _, s := range []SearchSize{r.Small, r.Large} {
		p("search_latency_ms.%d: p50=%s p99=%s max=%s n=%d (synthetic catalog seeded in %.1fs)",
			s.Services, ms(s.Search.P50), ms(s.Search.P99), ms(s.Search.Max), s.Search.N, s.SeedWall.Seconds())
		p("get_service_latency_ms.%d: p50=%s p99=%s max=%s n=%d", s.Services, ms(s.Get.P50), ms(s.Get.P99), ms(s.Get.Max), s.Get.N)
	}
	// Each search at both sizes; a second page that the smaller catalog does not have is "-".
	at := func(l Latency, d time.Duration) string {
		if l.N == 0 {
			return "-"
		}
		return ms(d)
	}
	for _, label := range r.Large.Order {
		sm, lg := r.Small.Each[label], r.Large.Each[label]
		p("search_latency_ms[%s]: p50=%s/%s p99=%s/%s (at %d/%d services)", label, at(sm, sm.P50), at(lg, lg.P50),
			at(sm, sm.P99), at(lg, lg.P99), r.Small.Services, r.Large.Services)
	}
	vsGet, vsSmall := r.SearchVsGet(), r.LargeVsSmall()
	p("target search_p99<=%.0fx get_p99 at %d: %s (%.2f)", TargetSearchVsGet, r.Large.Services, met(vsGet <= TargetSearchVsGet), vsGet)
	p("target search_p99 at %d <=%.0fx at %d: %s (%.2f)", r.Large.Services, TargetSearchVsSmall, r.Small.Services,
		met(vsSmall <= TargetSearchVsSmall), vsSmall)
	p("ratio_search_vs_get=%.2f", vsGet)
	p("ratio_search_large_vs_small=%.2f", vsSmall)
	_, err := io.WriteString(w, b.String())
	return err
}

// Search runs the catalog search benchmark.
func Search(ctx context.Context, o SearchOptions) (SearchResult, error) {
	o = o.withDefaults()
	if o.N < 1 || o.C < 1 || o.Small < 1 || o.Large <= o.Small || o.Large > store.MaxSyntheticServices || o.PageSize < 0 {
		return SearchResult{}, fmt.Errorf("bench: search needs n and c of at least 1 and 1 <= small < large <= %d",
			store.MaxSyntheticServices)
	}
	logf := func(format string, args ...any) { _, _ = fmt.Fprintf(o.Log, format+"\n", args...) }
	e, err := setupSearch(ctx, o, logf)
	if err != nil {
		return SearchResult{}, err
	}
	defer e.close(false)

	res := SearchResult{N: o.N, C: o.C, PageSize: o.PageSize}
	for _, size := range []struct {
		n   int
		out *SearchSize
	}{{o.Small, &res.Small}, {o.Large, &res.Large}} {
		logf("• synthetic catalog of %d services …", size.n)
		began := time.Now()
		if _, err := store.SeedSyntheticCatalog(ctx, e.st, size.n, time.Now()); err != nil {
			return res, err
		}
		size.out.Services, size.out.SeedWall = size.n, time.Since(began)
		logf("  seeded in %s; timing %d searches and %d reads of one service, %d at a time …",
			size.out.SeedWall.Round(time.Millisecond), o.N, o.N, o.C)
		if err := e.measure(ctx, size.n, size.out); err != nil {
			return res, err
		}
		logf("  search p99 %s ms, GET p99 %s ms", ms(size.out.Search.P99), ms(size.out.Get.P99))
	}
	return res, nil
}

func (o SearchOptions) withDefaults() SearchOptions {
	if o.N == 0 {
		o.N = DefaultSearchN
	}
	if o.C == 0 {
		o.C = 1
	}
	if o.Small == 0 {
		o.Small = DefaultSearchSmall
	}
	if o.Large == 0 {
		o.Large = DefaultSearchLarge
	}
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	return o
}

// searchEnv is the API over a database of its own.
type searchEnv struct {
	env
	st             *store.Store
	n, c, pageSize int
}

func setupSearch(ctx context.Context, o SearchOptions, logf func(string, ...any)) (_ *searchEnv, err error) {
	e := &searchEnv{env: env{runID: randomHex(4)}, n: o.N, c: o.C, pageSize: o.PageSize}
	defer func() {
		if err != nil {
			e.close(true)
		}
	}()
	warn := slog.New(slog.NewTextHandler(o.Log, &slog.HandlerOptions{Level: slog.LevelWarn}))
	logf("• PostgreSQL …")
	dsn, how, stopPG, err := devenv.EnsurePostgresWith(ctx, devenv.PostgresOptions{DataDir: o.DataDir, Getenv: o.Getenv})
	if err != nil {
		return nil, err
	}
	e.onClose(func(bool) { _ = stopPG(context.WithoutCancel(ctx)) })
	name := "dsmarket_bench_search_" + e.runID
	adminDSN, err := withDatabase(dsn, "postgres")
	if err != nil {
		return nil, err
	}
	benchDSN, err := withDatabase(dsn, name)
	if err != nil {
		return nil, err
	}
	if err := devenv.EnsureDatabase(ctx, adminDSN, name); err != nil {
		return nil, fmt.Errorf("bench: create its own database (the role must be allowed to CREATE DATABASE): %w", err)
	}
	e.onClose(func(bool) {
		if err := dropDatabase(context.WithoutCancel(ctx), adminDSN, name); err != nil {
			logf("bench: %v", err)
		}
	})
	logf("  %s, database %s", how, name)
	if err := store.Migrate(ctx, benchDSN); err != nil {
		return nil, err
	}
	if e.st, err = store.Open(ctx, benchDSN); err != nil {
		return nil, err
	}
	e.onClose(func(bool) { _ = e.st.Close() })

	// The catalog is public: the API needs no Temporal client and no token for it.
	key, err := auth.NewDevKey([]byte(randomHex(32)))
	if err != nil {
		return nil, err
	}
	handler := api.New(api.Deps{App: app.New(app.Deps{Store: e.st, Logger: warn}), Verifier: key})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	hs := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(warn.Handler(), slog.LevelWarn)}
	go func() { _ = hs.Serve(ln) }()
	e.onClose(func(bool) {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	})
	e.apiURL = "http://" + ln.Addr().String()
	tr := &http.Transport{MaxIdleConns: o.C + 2, MaxIdleConnsPerHost: o.C + 2, IdleConnTimeout: time.Minute}
	e.http = &http.Client{Transport: tr, Timeout: searchRequestTimeout}
	e.onClose(func(bool) { tr.CloseIdleConnections() })
	return e, nil
}

// measure times e.n searches and e.n reads of one service on a catalog of size services.
// A warm-up round runs every search once, unmeasured, and collects the second pages.
func (e *searchEnv) measure(ctx context.Context, size int, out *SearchSize) error {
	type search struct{ label, path string }
	var searches []search
	for i, rq := range SearchRequests {
		path := "/api/v1/services?" + e.withPageSize(rq)
		next, err := e.get(ctx, path, nil)
		if err != nil {
			return err
		}
		searches = append(searches, search{rq, path})
		if i < 5 && next != "" { // the five words of the issue
			searches = append(searches, search{rq + " page 2", path + "&page_token=" + url.QueryEscape(next)})
		}
	}
	for i := range 2 * len(searches) { // warm the service reads too
		if _, err := e.get(ctx, syntheticServicePath(i*7919, size), nil); err != nil {
			return err
		}
	}
	ph := runPhase(ctx, 2*e.n, e.c, func(ctx context.Context, rec *recorder, i int) (string, error) {
		if i%2 == 1 {
			_, err := e.get(ctx, syntheticServicePath(i*7919, size), func(d time.Duration) { rec.observe("get", d) })
			return "", err
		}
		sr := searches[(i/2)%len(searches)]
		_, err := e.get(ctx, sr.path, func(d time.Duration) {
			rec.observe("search", d)
			rec.observe(sr.label, d)
		})
		return "", err
	})
	if ph.Failed > 0 {
		return fmt.Errorf("bench: %d of %d catalog requests failed: %s", ph.Failed, ph.Cases, strings.Join(ph.Errors, "; "))
	}
	out.Search, out.Get = Summarize(ph.Latencies["search"]), Summarize(ph.Latencies["get"])
	out.Each = map[string]Latency{}
	for _, sr := range searches {
		out.Each[sr.label] = Summarize(ph.Latencies[sr.label])
	}
	out.Order = make([]string, len(searches))
	for i, sr := range searches {
		out.Order[i] = sr.label
	}
	return nil
}

func (e *searchEnv) withPageSize(rq string) string {
	if e.pageSize > 0 {
		return fmt.Sprintf("%s&page_size=%d", rq, e.pageSize)
	}
	return rq
}

// syntheticServicePath is one of the synthetic services 1…size, spread by a prime stride.
func syntheticServicePath(i, size int) string {
	return fmt.Sprintf("/api/v1/services/SVC-S%06d", i%size+1)
}

// get reads path and returns the next_page_token of a list (empty for one service). took,
// if not nil, receives the time from sending the request to having read the whole body,
// as a client would; decoding it, which is the client's work, is not counted.
func (e *searchEnv) get(ctx context.Context, path string, took func(time.Duration)) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, searchRequestTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, e.apiURL+path, nil)
	if err != nil {
		return "", err
	}
	began := time.Now()
	resp, err := e.http.Do(req)
	if err != nil {
		return "", err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	elapsed := time.Since(began)
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("GET %s: HTTP %d: %s", path, resp.StatusCode, cut(body))
	}
	var list struct {
		NextPageToken string `json:"next_page_token"`
	}
	if err := json.Unmarshal(body, &list); err != nil {
		return "", fmt.Errorf("GET %s: %w", path, err)
	}
	if took != nil {
		took(elapsed)
	}
	return list.NextPageToken, nil
}
