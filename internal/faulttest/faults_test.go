package faulttest

import (
	"context"
	"fmt"
	"time"
)

// fault is one injected failure, at an offset from the start of a phase.
type fault struct {
	name string
	at   time.Duration
	// ready, if set, is waited for (at most readyWait) before the fault strikes: "a
	// request is in flight", so that the fault lands in the middle of one.
	ready  func() bool
	inject func(ctx context.Context) error
}

// readyWait bounds the wait for a fault's ready condition; past it the fault strikes
// anyway and its record says how many requests were in flight.
const readyWait = 10 * time.Second

// faultRecord is what happened when a fault was injected: when, how many cases were
// between two steps and how many requests awaited their answer at that moment (the test
// is worthless if no case was in flight), how long the fault and the recovery took, and
// whether the recovery itself failed.
type faultRecord struct {
	name     string
	at       time.Duration
	inFlight int64
	requests int64
	took     time.Duration
	err      error
}

func (r faultRecord) String() string {
	s := fmt.Sprintf("%s at +%s with %d cases and %d requests in flight, back after %s", r.name,
		r.at.Round(100*time.Millisecond), r.inFlight, r.requests, r.took.Round(100*time.Millisecond))
	if r.err != nil {
		s += fmt.Sprintf(" (recovery FAILED: %v)", r.err)
	}
	return s
}

// runFaults injects the faults one after another, each at its offset from start or as
// soon as the previous one is over. It runs on its own goroutine beside the drivers.
func runFaults(ctx context.Context, start time.Time, faults []fault, inFlight, requests func() int64) []faultRecord {
	var out []faultRecord
	for _, f := range faults {
		select {
		case <-ctx.Done():
			return out
		case <-time.After(time.Until(start.Add(f.at))):
		}
		if f.ready != nil {
			// A tight poll: a request is in flight for tens of milliseconds.
			for deadline := time.Now().Add(readyWait); !f.ready() && time.Now().Before(deadline); {
				time.Sleep(time.Millisecond)
			}
		}
		r := faultRecord{name: f.name, at: time.Since(start), inFlight: inFlight(), requests: requests()}
		t0 := time.Now()
		r.err = f.inject(ctx)
		r.took = time.Since(t0)
		out = append(out, r)
	}
	return out
}

// The four faults of issue 10 on a running system.

// workerKill is fault (a): the worker is SIGKILLed and started again a moment later.
func (s *system) workerKill(ctx context.Context) error {
	s.killWorker()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(time.Second):
	}
	return s.startWorker()
}

// apiKill is fault (b): the API is SIGKILLed with requests in flight and started again.
func (s *system) apiKill(ctx context.Context) error {
	s.killAPI()
	return s.startAPI(ctx)
}

// temporalRestart is fault (c): the Temporal dev server is stopped and started again on
// the same file; the processes keep running and must reconnect.
func (s *system) temporalRestart(ctx context.Context) error {
	if err := s.temporal.stop(); err != nil {
		return err
	}
	return s.temporal.start(ctx)
}

// postgresOutage is fault (d): PostgreSQL refuses connections for d.
func (s *system) postgresOutage(d time.Duration) func(ctx context.Context) error {
	return func(ctx context.Context) error {
		s.proxy.cut()
		select {
		case <-ctx.Done():
		case <-time.After(d):
		}
		return s.proxy.restore()
	}
}
