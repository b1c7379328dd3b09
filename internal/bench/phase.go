package bench

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// maxErrors is how many error messages a phase keeps.
const maxErrors = 5

// Phase is what one phase measured.
type Phase struct {
	Cases     int      // cases attempted
	Completed int      // cases whose workflow completed as expected
	Failed    int      // cases that failed (a request refused, a wrong status, a timeout)
	Errors    []string // the first few failures
	// FailuresBy counts failed cases by kind, such as "proposal: HTTP 404".
	FailuresBy map[string]int
	Wall       time.Duration // from the first case's start to the last case's end, summed over rounds
	// Latencies holds every successful action's latency, by action name.
	Latencies map[string][]time.Duration
	// WorkflowIDs are the workflows of the completed cases, in completion order.
	WorkflowIDs []string
}

// CasesPerSecond is the phase's throughput in completed cases.
func (p Phase) CasesPerSecond() float64 {
	if p.Wall <= 0 {
		return 0
	}
	return float64(p.Completed) / p.Wall.Seconds()
}

// All returns every latency of the actions named, in one slice.
func (p Phase) All(actions []string) []time.Duration {
	return slices.Concat(p.Groups(actions)...)
}

// Groups returns the latencies of each action, in the order of actions.
func (p Phase) Groups(actions []string) [][]time.Duration {
	groups := make([][]time.Duration, len(actions))
	for i, a := range actions {
		groups[i] = p.Latencies[a]
	}
	return groups
}

// failure is a failed case with its kind, for counting failures by kind.
type failure struct {
	kind string
	err  error
}

func (f *failure) Error() string { return f.err.Error() }
func (f *failure) Unwrap() error { return f.err }

func fail(kind string, err error) error { return &failure{kind: kind, err: err} }

func failureKind(err error) string {
	if f, ok := errors.AsType[*failure](err); ok {
		return f.kind
	}
	return "other"
}

// recorder is one load goroutine's share of a phase, merged at the end.
type recorder struct {
	lat       map[string][]time.Duration
	completed []string
	failed    map[string]int
	errs      []string
}

func (r *recorder) observe(action string, d time.Duration) { r.lat[action] = append(r.lat[action], d) }

// runPhase runs n cases on c goroutines; one runs case i and reports its workflow ID.
func runPhase(ctx context.Context, n, c int, one func(ctx context.Context, rec *recorder, i int) (string, error)) Phase {
	jobs := make(chan int)
	recs := make([]*recorder, c)
	var wg sync.WaitGroup
	start := time.Now()
	for w := range c {
		rec := &recorder{lat: map[string][]time.Duration{}, failed: map[string]int{}}
		recs[w] = rec
		wg.Go(func() {
			for i := range jobs {
				cctx, cancel := context.WithTimeout(ctx, caseTimeout)
				wid, err := one(cctx, rec, i)
				cancel()
				if err != nil {
					rec.failed[failureKind(err)]++
					if len(rec.errs) < maxErrors {
						rec.errs = append(rec.errs, fmt.Sprintf("case %d: %v", i, err))
					}
					continue
				}
				rec.completed = append(rec.completed, wid)
			}
		})
	}
	sent := 0
feed:
	for i := range n {
		select {
		case jobs <- i:
			sent++
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	p := Phase{Cases: n, Wall: time.Since(start), Latencies: map[string][]time.Duration{}, FailuresBy: map[string]int{}}
	for _, r := range recs {
		p.Completed += len(r.completed)
		for k, v := range r.failed {
			p.Failed += v
			p.FailuresBy[k] += v
		}
		p.WorkflowIDs = append(p.WorkflowIDs, r.completed...)
		for _, e := range r.errs {
			if len(p.Errors) < maxErrors {
				p.Errors = append(p.Errors, e)
			}
		}
		for a, ds := range r.lat {
			p.Latencies[a] = append(p.Latencies[a], ds...)
		}
	}
	if unsent := n - sent; unsent > 0 {
		p.Failed += unsent
		p.FailuresBy["not started"] += unsent
		p.Errors = append(p.Errors, fmt.Sprintf("%d cases not started: %v", unsent, ctx.Err()))
	}
	return p
}

// merge adds phase b's cases to phase a's, as though they had run back to back: the walls
// add up, so cases/s stays completed cases over the time spent on them.
func merge(a, b Phase) Phase {
	if a.Latencies == nil {
		a.Latencies = map[string][]time.Duration{}
	}
	if a.FailuresBy == nil {
		a.FailuresBy = map[string]int{}
	}
	a.Cases += b.Cases
	a.Completed += b.Completed
	a.Failed += b.Failed
	a.Wall += b.Wall
	for _, e := range b.Errors {
		if len(a.Errors) < maxErrors {
			a.Errors = append(a.Errors, e)
		}
	}
	for k, v := range b.FailuresBy {
		a.FailuresBy[k] += v
	}
	for k, v := range b.Latencies {
		a.Latencies[k] = append(a.Latencies[k], v...)
	}
	a.WorkflowIDs = append(a.WorkflowIDs, b.WorkflowIDs...)
	return a
}
