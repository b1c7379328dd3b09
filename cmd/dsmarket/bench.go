package main

import (
	"os"
	"runtime/pprof"

	"context"
	"flag"
	"fmt"
	"io"

	"github.com/dsmarket/dsmarket/internal/bench"
)

// runBench is `make bench`: N catalog orders through the REST API and N bare workflows on a
// Temporal dev server of its own, then the yearly quality cycle over 2,000 due services
// (bench.QualityCycle: runs, children and history events per run), then the figures, the
// last line being
// ratio_order_vs_bare=<x>. Progress goes to stderr, figures to stdout. A missed target is
// a figure; a failed request is an error (exit status 1). With -search it runs the catalog
// search benchmark instead (runSearchBench).
func runBench(ctx context.Context, args []string, cfg config, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.Int("n", bench.DefaultN, "cases of each kind (orders through the API, bare workflows)")
	c := fs.Int("c", bench.DefaultC, "cases run at once")
	warmup := fs.Int("warmup", bench.DefaultC, "cases of each kind run first and not measured")
	rounds := fs.Int("rounds", bench.DefaultRounds, "parts each kind's cases run in, alternating orders and bare workflows (1: all orders, then all bare)")
	sample := fs.Int("sample", bench.DefaultHistorySample, "completed cases whose history events are counted")
	qualityN := fs.Int("quality-n", bench.DefaultQualityN, "due services of the yearly quality cycle run after the phases (0 skips it)")
	unsynced := fs.Bool("unsynced-temporal-store", false, "run the dev server's SQLite without fsync, to see latency without the disk")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the bench process (worker, API and load) to this file, for go tool pprof")
	search := fs.Bool("search", false, "run the catalog search benchmark instead (no Temporal): -n searches and -n GET /services/{id} at each size")
	small := fs.Int("search-small", bench.DefaultSearchSmall, "with -search: the smaller catalog, in services")
	large := fs.Int("search-large", bench.DefaultSearchLarge, "with -search: the larger catalog, in services")
	pageSize := fs.Int("search-page-size", 0, "with -search: page_size of the searches (0: the API's default)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("bench: unexpected arguments %q", fs.Args())
	}
	if *search {
		return runSearchBench(ctx, fs, *n, *c, *small, *large, *pageSize, cfg, getenv, stdout, stderr)
	}
	if *n < 1 || *c < 1 || *warmup < 0 || *sample < 1 || *rounds < 1 || *qualityN < 0 {
		return fmt.Errorf("bench: -n, -c, -sample and -rounds must be at least 1, -warmup and -quality-n at least 0")
	}
	if *qualityN == 0 {
		*qualityN = -1 // skip
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("bench: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	res, err := bench.Run(ctx, bench.Options{N: *n, C: *c, Warmup: *warmup, HistorySample: *sample, Rounds: *rounds,
		DataDir: cfg.DataDir, Getenv: getenv, Log: stderr, UnsyncedTemporalStore: *unsynced, QualityN: *qualityN})
	if res.N > 0 {
		if rerr := res.Report(stdout); rerr != nil && err == nil {
			err = rerr
		}
	}
	return err
}

// runSearchBench is `dsmarket bench -search`: bench.Search at -search-small and
// -search-large services, the last two lines being the ratios of the issue. -n and -c keep
// their meaning of counts and concurrency, with defaults of their own here: 2,000 requests
// of each kind, one at a time, so that the p99s compare the two reads and not a queue.
func runSearchBench(ctx context.Context, fs *flag.FlagSet, n, c, small, large, pageSize int, cfg config,
	getenv func(string) string, stdout, stderr io.Writer) error {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if !set["n"] {
		n = bench.DefaultSearchN
	}
	if !set["c"] {
		c = 1
	}
	res, err := bench.Search(ctx, bench.SearchOptions{N: n, C: c, Small: small, Large: large, PageSize: pageSize,
		DataDir: cfg.DataDir, Getenv: getenv, Log: stderr})
	if err != nil {
		return err
	}
	return res.Report(stdout)
}
