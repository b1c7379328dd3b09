// Package bench is `dsmarket bench` (make bench): it measures what dsmarket's API,
// database and business rules cost on top of Temporal. In one process it starts a Temporal
// dev server, a fresh seeded database, the worker and the REST API, then runs
//   - phase A: N catalog orders through the REST API at concurrency C, as an agency and a
//     provider would (create, proposal, evaluation, negotiation), each until its workflow
//     has completed;
//   - phase B: N bare workflows (BareOrder) taking the same Updates from the Temporal
//     client, with no API and no database;
//
// in alternating rounds (Options.Rounds), and reports cases/s of both and their ratio, the latency of a human action, history
// events per order and the process's resident memory.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// Defaults of Options.
const (
	DefaultN             = 200
	DefaultC             = 10
	DefaultHistorySample = 20
	DefaultRounds        = 4
)

// The seeded parties: SVC-0001 belongs to provider PV-0001; AG-0001 is an agency.
const benchServiceID = "SVC-0001"

var (
	agencyActor   = models.Actor{Sub: "bench.agency", Role: models.RoleAgency, Org: "AG-0001"}
	providerActor = models.Actor{Sub: "bench.provider", Role: models.RoleProvider, Org: "PV-0001"}
)

// Options configures Run.
type Options struct {
	// N is the number of cases of each phase; C how many run at once. Zero means the default.
	N, C int
	// Warmup cases of each kind run before the measured phases and are not measured.
	Warmup int
	// HistorySample is how many completed cases per phase have their history events
	// counted; zero means DefaultHistorySample.
	HistorySample int
	// DataDir holds the private PostgreSQL cluster, should one be needed (see
	// devenv.EnsurePostgres); empty means devenv.DefaultDataDir.
	DataDir string
	// Getenv reads DATABASE_URL and TEMPORAL_CLI; nil means os.Getenv.
	Getenv func(string) string
	// Log receives progress lines and the warnings of the system under test; nil discards them.
	Log io.Writer
	// UnsyncedTemporalStore runs the dev server's SQLite without fsync (WAL, synchronous=OFF).
	// On a small VM the fsync of every Temporal write dominates latency, for the bare
	// workflows as much as for the orders; this shows what is left when it does not.
	UnsyncedTemporalStore bool
	// Rounds splits each phase into this many parts run in alternation (orders, bare,
	// bare, orders, ...), so that a machine whose speed drifts during the run (a shared VM,
	// a server whose files grow) weighs on both kinds alike. Zero or one runs phase A whole,
	// then phase B.
	Rounds int
	// QualityN is the number of due services of the quality cycle run after the phases
	// (QualityCycle); zero means DefaultQualityN, negative skips it.
	QualityN int
}

// Result is what Run measured.
type Result struct {
	N, C, Warmup int
	// Rounds is how many alternating parts each phase ran in (Options.Rounds).
	Rounds int
	// TemporalStore says how the dev server kept its data during the run.
	TemporalStore string
	Orders        Phase  // phase A: catalog orders through the REST API
	Bare          Phase  // phase B: bare workflows through the Temporal client
	OrderHistory  Events // history events per completed order (a sample)
	BareHistory   Events // history events per completed bare workflow (a sample)
	Memory        Memory // this process's resident set after the run
	MemoryErr     error  // why Memory is unknown, off Linux
	// Quality is the quality cycle's run (QualityCycle), nil when skipped or failed.
	Quality *QualityResult
}

// Ratio is the throughput of orders through the API over that of bare workflows.
func (r Result) Ratio() float64 {
	if b := r.Bare.CasesPerSecond(); b > 0 {
		return r.Orders.CasesPerSecond() / b
	}
	return 0
}

// Run starts the system, runs both phases and reports what they measured. A case that
// fails does not stop the run: Run then returns the Result with an error that counts the
// failures. An environment that cannot start returns an error and a zero Result.
func Run(ctx context.Context, o Options) (Result, error) {
	if o.N == 0 {
		o.N = DefaultN
	}
	if o.C == 0 {
		o.C = DefaultC
	}
	if o.HistorySample == 0 {
		o.HistorySample = DefaultHistorySample
	}
	if o.Getenv == nil {
		o.Getenv = os.Getenv
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	if o.N < 1 || o.C < 1 || o.Warmup < 0 || o.HistorySample < 0 {
		return Result{}, fmt.Errorf("bench: n (%d) and c (%d) must be at least 1, warmup (%d) and sample (%d) not negative",
			o.N, o.C, o.Warmup, o.HistorySample)
	}
	logf := func(format string, args ...any) { _, _ = fmt.Fprintf(o.Log, format+"\n", args...) }

	e, err := setup(ctx, o, logf)
	if err != nil {
		return Result{}, err
	}
	failed := true
	defer func() { e.close(failed) }()

	var warmupErr error
	if o.Warmup > 0 {
		logf("• warm-up: %d orders and %d bare workflows, not measured …", o.Warmup, o.Warmup)
		wa := runPhase(ctx, o.Warmup, min(o.C, o.Warmup), func(ctx context.Context, rec *recorder, i int) (string, error) {
			return e.orderCase(ctx, rec, "w"+strconv.Itoa(i))
		})
		wb := runPhase(ctx, o.Warmup, min(o.C, o.Warmup), func(ctx context.Context, rec *recorder, i int) (string, error) {
			return e.bareCase(ctx, rec, "w"+strconv.Itoa(i))
		})
		if wa.Failed+wb.Failed > 0 {
			warmupErr = fmt.Errorf("%d of %d warm-up orders and %d of %d warm-up bare workflows failed: %s",
				wa.Failed, o.Warmup, wb.Failed, o.Warmup, strings.Join(append(wa.Errors, wb.Errors...), "; "))
			logf("  %v", warmupErr)
		}
	}

	res := Result{N: o.N, C: o.C, Warmup: o.Warmup, TemporalStore: "sqlite file, synchronous (as make run)"}
	if o.UnsyncedTemporalStore {
		res.TemporalStore = "sqlite file, WAL, synchronous=OFF"
	}
	rounds := min(o.Rounds, o.N)
	if rounds < 1 {
		rounds = 1
	}
	logf("• phases A and B: %d catalog orders through the REST API and %d bare workflows through the Temporal client, %d at a time, in %d alternating rounds …",
		o.N, o.N, o.C, rounds)
	res.Rounds = rounds
	done := 0
	for r := range rounds {
		n := o.N / rounds
		if r < o.N%rounds {
			n++ // the remainder goes to the first rounds
		}
		base := done
		orders := func() {
			res.Orders = merge(res.Orders, runPhase(ctx, n, o.C, func(ctx context.Context, rec *recorder, i int) (string, error) {
				return e.orderCase(ctx, rec, "m"+strconv.Itoa(base+i))
			}))
		}
		bare := func() {
			res.Bare = merge(res.Bare, runPhase(ctx, n, o.C, func(ctx context.Context, rec *recorder, i int) (string, error) {
				return e.bareCase(ctx, rec, "m"+strconv.Itoa(base+i))
			}))
		}
		// ABBA: the kind that goes second in one round goes first in the next, so that
		// neither is always measured on the warmer (or more loaded) server.
		if r%2 == 0 {
			orders()
			bare()
		} else {
			bare()
			orders()
		}
		done += n
	}
	logf("  orders: %d completed, %d failed in %s", res.Orders.Completed, res.Orders.Failed, res.Orders.Wall.Round(time.Millisecond))
	logf("  bare workflows: %d completed, %d failed in %s", res.Bare.Completed, res.Bare.Failed, res.Bare.Wall.Round(time.Millisecond))
	res.Memory, res.MemoryErr = ReadMemory()

	logf("• counting history events of up to %d cases of each phase …", o.HistorySample)
	var histErr error
	if res.OrderHistory, err = e.historyEvents(ctx, res.Orders.WorkflowIDs, o.HistorySample); err != nil {
		histErr = err
	}
	if res.BareHistory, err = e.historyEvents(ctx, res.Bare.WorkflowIDs, o.HistorySample); err != nil {
		histErr = errors.Join(histErr, err)
	}

	var errs []error
	if warmupErr != nil {
		errs = append(errs, warmupErr)
	}
	for _, p := range []struct {
		name string
		ph   Phase
	}{{"orders", res.Orders}, {"bare workflows", res.Bare}} {
		if p.ph.Failed > 0 {
			errs = append(errs, fmt.Errorf("%d of %d %s failed: %s", p.ph.Failed, p.ph.Cases, p.name, strings.Join(p.ph.Errors, "; ")))
		}
	}
	if histErr != nil {
		errs = append(errs, histErr)
	}
	if o.QualityN >= 0 {
		logf("• the yearly quality cycle over %d due services …", cmpOr(o.QualityN, DefaultQualityN))
		q, qerr := QualityCycle(ctx, e.tc, QualityOptions{N: o.QualityN})
		if qerr != nil {
			errs = append(errs, qerr)
		} else {
			res.Quality = &q
			logf("  %d runs, at most %d children and %d history events per run, in %s", q.Runs, q.MaxChildren, q.MaxHistory,
				q.Wall.Round(time.Millisecond))
		}
	}
	if err := ctx.Err(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return res, fmt.Errorf("bench: %w", errors.Join(errs...))
	}
	failed = false
	return res, nil
}

func cmpOr(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}
