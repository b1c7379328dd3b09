package faulttest

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"
)

// The orders phase: how many, how they are paced, and when each fault strikes. Orders
// start every 1.5 s and pause 2 to 4 s between steps, so that every fault finds several
// of them between two steps, and the last orders start during the PostgreSQL outage.
const (
	faultOrders      = 30
	orderLaunchEvery = 1500 * time.Millisecond
	orderStepPause   = 2 * time.Second
	pgOutage         = 20 * time.Second
	// convergeWithin bounds the wait, after the faults, for every case to reach its end.
	convergeWithin = 90 * time.Second
)

// TestFault runs issue 10's fault tests on one system: 30 catalog orders through (a) a
// worker kill, (b) an API kill, (c) a Temporal restart on the same file and (d) a 20 s
// PostgreSQL outage; then 10 applications driven to selection across a worker kill.
// Each case must end exactly once, with nothing lost, doubled or failed.
func TestFault(t *testing.T) {
	sys := startSystem(t)
	ctx, cancel := context.WithTimeout(context.Background(), 12*time.Minute)
	defer cancel()

	var tallies []string
	var orders []string
	t.Run("orders", func(t *testing.T) {
		var tally string
		tally, orders = faultOrdersPhase(ctx, t, sys)
		tallies = append(tallies, tally)
	})
	t.Run("applications", func(t *testing.T) { tallies = append(tallies, faultApplicationsPhase(ctx, t, sys)) })

	// No workflow of any kind, anywhere in the namespace, may have failed.
	sys.checkProcesses()
	tc, err := sys.temporal.dial(ctx)
	if err != nil {
		t.Fatalf("dial Temporal for the final check: %v", err)
	}
	defer tc.Close()
	all, err := listWorkflows(ctx, tc, "")
	if err != nil {
		t.Fatalf("%v", err)
	}
	byStatus := map[string]int{}
	var bad []string
	for _, e := range all {
		byStatus[e.typ+" "+statusName(e.status)]++
		if badEnd(e.status) {
			bad = append(bad, fmt.Sprintf("%s (%s) %s", e.id, e.typ, statusName(e.status)))
		}
	}
	if len(bad) > 0 {
		t.Errorf("%d workflows in the namespace ended badly, want none:\n  %s", len(bad), limit(bad, 40))
	}
	// The decision log survived every fault: chained, each step once, none missing.
	problems, auditTally := checkAudit(ctx, sys, newRESTClient(sys.baseURL(), newTally()), orders)
	if len(problems) > 0 {
		t.Errorf("%d problems with the decision log after the faults:\n  %s", len(problems), limit(problems, 40))
	}
	tallies = append(tallies, auditTally)
	t.Logf("TALLY namespace: workflows by type and status %s", counts(byStatus))
	for _, s := range tallies {
		t.Logf("TALLY %s", s)
	}
}

// faultOrdersPhase drives the orders through the four faults and checks how they ended.
// It returns the phase's tally line and the orders created.
func faultOrdersPhase(ctx context.Context, t *testing.T, sys *system) (string, []string) {
	tally := newTally()
	d := newOrderDriver(sys, newRESTClient(sys.baseURL(), tally), orderStepPause)
	start := time.Now()
	// Each fault waits for a request in flight, so that one is cut off mid-way: the API
	// dies before it answers, Temporal or PostgreSQL go away while a step is being
	// recorded (the client's retry with the same key must then get the first result).
	busy := func() bool { return d.c.busy.Load() > 0 }
	faults := []fault{
		{"(a) SIGKILL worker + restart", 5 * time.Second, busy, sys.workerKill},
		{"(b) SIGKILL api + restart", 14 * time.Second, busy, sys.apiKill},
		{"(c) stop Temporal + restart on its file", 23 * time.Second, busy, sys.temporalRestart},
		{"(d) PostgreSQL refuses connections for 20 s", 32 * time.Second, busy, sys.postgresOutage(pgOutage)},
	}
	var records []faultRecord
	injected := make(chan struct{})
	go func() {
		defer close(injected)
		records = runFaults(ctx, start, faults, d.inFlight.Load, d.c.busy.Load)
	}()
	cases := d.run(ctx, faultOrders, orderLaunchEvery)
	<-injected
	driven := time.Since(start)
	for _, r := range records {
		t.Logf("fault %s", r)
		if r.err != nil {
			t.Errorf("fault %s: the system did not come back: %v", r.name, r.err)
		}
		if r.inFlight == 0 {
			t.Errorf("fault %s struck with no order in flight: the test proves nothing about it", r.name)
		}
	}
	if len(records) != len(faults) {
		t.Errorf("only %d of %d faults were injected (%v)", len(records), len(faults), ctx.Err())
	}

	var ids []string
	for _, oc := range cases {
		if oc.id != "" {
			ids = append(ids, oc.id)
		}
		if oc.err != nil {
			t.Errorf("order %02d (%s): its client could not take it to the delivery request: %v", oc.n, idOr(oc.id), oc.err)
		}
	}
	if len(ids) != faultOrders {
		t.Errorf("%d of %d orders were created, want all", len(ids), faultOrders)
	}

	// Converge: the faults are over, every order must reach its end within a bounded wait.
	checks := newTally()
	tc, err := sys.temporal.dial(ctx)
	if err != nil {
		t.Fatalf("dial Temporal for the checks: %v", err)
	}
	defer tc.Close()
	var tot orderTotals
	problems := eventually(ctx, convergeWithin, func(ctx context.Context) []string {
		var p []string
		p, tot = checkOrders(ctx, newRESTClient(sys.baseURL(), checks), d.agency, sys.db, tc, ids)
		return p
	})
	if len(problems) > 0 {
		t.Errorf("%d problems with the orders %s after the faults:\n  %s", len(problems), convergeWithin, limit(problems, 40))
	}
	checkTally(t, "orders", tally)
	return fmt.Sprintf("orders: created %d of %d; driven in %s; %s; client: %s; checks' client: %s",
		len(ids), faultOrders, driven.Round(time.Second), tot, tally, checks), ids
}

// checkTally asserts what the client must never have seen, whatever the faults: a 500
// (an outage is a 503 with Retry-After), a 503 without Retry-After, a request retried with
// its Idempotency-Key that did not get the first result, or a request that ran out of
// retries.
func checkTally(t *testing.T, phase string, tl *tally) {
	t.Helper()
	fives := tl.count5xx()
	if n := fives[http.StatusInternalServerError]; n > 0 {
		t.Errorf("%s: the client got %d HTTP 500 answers, want 0 (an unavailable dependency is a 503 with Retry-After); 5xx by code: %v",
			phase, n, fives)
	}
	tl.mu.Lock()
	defer tl.mu.Unlock()
	if tl.no503RetryAfter > 0 {
		t.Errorf("%s: %d HTTP 503 answers without Retry-After, want 0", phase, tl.no503RetryAfter)
	}
	if n := sum(tl.unexpectedByKind); n > 0 {
		t.Errorf("%s: %d requests did not end with the success they wanted (by kind: %s); first ones:\n  %s",
			phase, n, counts(tl.unexpectedByKind), limit(tl.unexpected, 20))
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// idOr names a case in a message, also one whose create never got an answer.
func idOr(id string) string {
	if id == "" {
		return "no ID"
	}
	return id
}
