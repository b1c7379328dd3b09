package workflows

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"sync"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
)

// cycleService is the i-th (0-based) service of a synthetic catalog: fixed-width IDs, so
// that their text order is their number order, as the store's keyset pages by text.
func cycleService(i int) models.QualityDueService {
	return models.QualityDueService{ID: fmt.Sprintf("SVC-%06d", i+1), Name: "서비스", Type: models.TypeCloud,
		ProviderOrg: "PV-0001", SelectedOn: models.DateOf(qcOpen.AddDate(-2, 0, 0))}
}

func cycleIndex(t testing.TB, id string) int {
	var n int
	if _, err := fmt.Sscanf(id, "SVC-%06d", &n); err != nil {
		t.Fatalf("service ID %q: %v", id, err)
	}
	return n - 1
}

// cycleRun is one run of the cycle on the time-skipping environment, with the catalog's
// listing and the case children mocked, and what the run did counted through the mocks.
type cycleRun struct {
	mu              sync.Mutex
	lists, children int
	listed          []activities.ListQualityDueInput
	childIDs        []string
	next            *flow.QualityCycleInput // the input of the next run, if it continued as new
	result          *flow.QualityCycleResult
	err             error
}

// runCycle runs the cycle once over a synthetic catalog of total services. childErr, if
// set, decides a child's outcome by service (nil: it starts and returns at once).
func runCycle(t testing.TB, in *flow.QualityCycleInput, total int, prepare func(*testsuite.TestWorkflowEnvironment),
	page func(after string, limit int) []models.QualityDueService) *cycleRun {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	env := s.NewTestWorkflowEnvironment()
	// The mocked children start and end inside the parent's own workflow task, so a wave of
	// them is one long task here (on a server each start is a command and the task yields);
	// under -race on a loaded two-core machine that task passed the SDK's 1 s deadlock
	// detector. The detector guards real workers, not this simulation.
	env.SetWorkerOptions(worker.Options{DeadlockDetectionTimeout: time.Minute})
	env.SetStartTime(qcOpen)
	env.RegisterWorkflow(QualityCycle)
	r := &cycleRun{}
	if page == nil {
		page = func(after string, limit int) []models.QualityDueService {
			first := 0
			if after != "" {
				first = cycleIndex(t, after) + 1
			}
			out := make([]models.QualityDueService, 0, limit)
			for i := first; i < total && len(out) < limit; i++ {
				out = append(out, cycleService(i))
			}
			return out
		}
	}
	env.OnActivity(acts.ListQualityDueServices, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.ListQualityDueInput) (activities.QualityDuePage, error) {
			svcs := page(in.After, in.Limit)
			more := len(svcs) > 0 && cycleIndex(t, svcs[len(svcs)-1].ID)+1 < total
			r.mu.Lock()
			defer r.mu.Unlock()
			r.lists++
			r.listed = append(r.listed, in)
			return activities.QualityDuePage{Services: svcs, More: more}, nil
		})
	// The children are a stand-in registered under QualityCase's name rather than an
	// OnWorkflow mock: testify formats every argument of every mocked call, the workflow
	// context included, which made the 50,000 children four times slower. A test may still
	// set OnWorkflow expectations in prepare; the environment then uses those.
	env.RegisterWorkflowWithOptions(func(ctx workflow.Context, in *flow.QualityCaseInput) (*flow.QualityCaseResult, error) {
		id := workflow.GetInfo(ctx).WorkflowExecution.ID
		r.mu.Lock()
		defer r.mu.Unlock()
		r.children++
		r.childIDs = append(r.childIDs, id)
		return &flow.QualityCaseResult{Status: models.QualityFit}, nil
	}, workflow.RegisterOptions{Name: "QualityCase"})
	if prepare != nil {
		prepare(env)
	}
	env.ExecuteWorkflow(QualityCycle, in)
	require.True(t, env.IsWorkflowCompleted())
	r.err = env.GetWorkflowError()
	var can *workflow.ContinueAsNewError
	switch {
	case errors.As(r.err, &can):
		var next flow.QualityCycleInput
		require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
		r.next, r.err = &next, nil
	case r.err == nil:
		require.NoError(t, env.GetWorkflowResult(&r.result))
	}
	return r
}

func TestQualityCycle_OK_FirstRunDerivesYearAndCutoff(t *testing.T) {
	r := runCycle(t, &flow.QualityCycleInput{}, 3, nil, nil)
	require.NoError(t, r.err)
	require.Nil(t, r.next, "three services fit one run")
	require.Equal(t, "2026-03-01", r.listed[0].Cutoff.String(),
		"cutoff: selected more than one year before the 2027 cycle day (2026-03-02 is exactly one)")
	require.Equal(t, QualityCyclePageSize, r.listed[0].Limit)
	require.Equal(t, flow.QualityCycleResult{Year: 2027, Cutoff: r.listed[0].Cutoff, Started: 3, Runs: 1}, *r.result)
	require.ElementsMatch(t, []string{"quality-SVC-000001-2027", "quality-SVC-000002-2027", "quality-SVC-000003-2027"}, r.childIDs)
}

// A cycle recorded before version 1 of "quality-cutoff-more-than-a-year" replays with the
// cutoff it listed with: the service selected exactly one year before is due.
func TestQualityCycle_OK_OldVersionKeepsItsCutoff(t *testing.T) {
	r := runCycle(t, &flow.QualityCycleInput{}, 1, func(env *testsuite.TestWorkflowEnvironment) {
		env.OnGetVersion("quality-cutoff-more-than-a-year", workflow.DefaultVersion, 1).Return(workflow.DefaultVersion)
	}, nil)
	require.NoError(t, r.err)
	require.Equal(t, "2026-03-02", r.listed[0].Cutoff.String())
	require.Equal(t, models.QualityCycleCutoff(2027), r.result.Cutoff)
}

// The cutoff is computed once, by the first run: a run that continues as new carries it,
// so a cycle never changes its cutoff halfway.
func TestQualityCycle_OK_CutoffCarriedAcrossRuns(t *testing.T) {
	r := runCycle(t, &flow.QualityCycleInput{PageSize: 2}, 3, nil, nil)
	require.NoError(t, r.err)
	require.Equal(t, models.QualityCycleCutoffStrict(2027), r.next.Cutoff)
	r2 := runCycle(t, r.next, 3, func(env *testsuite.TestWorkflowEnvironment) {
		env.OnGetVersion("quality-cutoff-more-than-a-year", workflow.DefaultVersion, 1).Return(workflow.DefaultVersion)
	}, nil)
	require.NoError(t, r2.err)
	require.Equal(t, models.QualityCycleCutoffStrict(2027), r2.listed[0].Cutoff, "the next run lists with the first run's cutoff")
}

func TestQualityCycle_OK_NothingDue(t *testing.T) {
	r := runCycle(t, nil, 0, nil, nil)
	require.NoError(t, r.err)
	require.Equal(t, 0, r.result.Started)
	require.Equal(t, 1, r.lists)
}

func TestQualityCycle_ContinuesAsNewAfterEachPage(t *testing.T) {
	cutoff, _ := models.ParseDate("2026-01-31")
	r := runCycle(t, &flow.QualityCycleInput{Year: 2027, Cutoff: cutoff, PageSize: 2_000}, 1_200, nil, nil)
	require.NoError(t, r.err)
	require.Equal(t, 500, r.children, "a larger PageSize is cut to the bound")
	require.Equal(t, &flow.QualityCycleInput{Year: 2027, Cutoff: cutoff, After: "SVC-000500", PageSize: 2_000, Started: 500, Runs: 1}, r.next)

	r2 := runCycle(t, r.next, 1_200, nil, nil)
	require.Equal(t, "SVC-000500", r2.listed[0].After)
	require.Equal(t, "SVC-001000", r2.next.After)
	r3 := runCycle(t, r2.next, 1_200, nil, nil)
	require.NoError(t, r3.err)
	require.Equal(t, flow.QualityCycleResult{Year: 2027, Cutoff: cutoff, Started: 1_200, Runs: 3}, *r3.result)
}

// The safety net: a run whose history is already long stops after the wave in flight and
// hands the rest of its page to the next run.
func TestQualityCycle_LongHistoryContinuesAsNewEarly(t *testing.T) {
	r := runCycle(t, &flow.QualityCycleInput{Year: 2027, Cutoff: models.QualityCycleCutoff(2027)}, 1_000,
		func(env *testsuite.TestWorkflowEnvironment) {
			env.SetCurrentHistoryLength(qualityCycleHistoryLimit + 1)
		}, nil)
	require.NoError(t, r.err)
	require.Equal(t, qualityCycleWave, r.children)
	lastOfWave := cycleService(qualityCycleWave - 1).ID
	require.Equal(t, lastOfWave, r.next.After)
	require.Equal(t, qualityCycleWave, r.next.Started)

	r2 := runCycle(t, r.next, 1_000, nil, nil)
	require.Equal(t, lastOfWave, r2.listed[0].After)
	require.Contains(t, r2.childIDs, flow.QualityCaseWorkflowID(cycleService(qualityCycleWave).ID, 2027))
	require.NotContains(t, r2.childIDs, flow.QualityCaseWorkflowID(lastOfWave, 2027))
	require.Equal(t, qualityCycleWave+QualityCyclePageSize, r2.next.Started)
}

// A case already started for the service and year (a second cycle of the same year)
// counts as done. The time-skipping environment refuses a second child with a running
// child's ID, which a listing that returns a service twice produces.
func TestQualityCycle_AlreadyStartedCountsAsDone(t *testing.T) {
	dup := func(string, int) []models.QualityDueService {
		return []models.QualityDueService{cycleService(0), cycleService(0), cycleService(1)}
	}
	r := runCycle(t, &flow.QualityCycleInput{}, 2, nil, dup)
	require.NoError(t, r.err)
	require.Equal(t, 2, r.result.Started)
	require.Equal(t, 1, r.result.AlreadyStarted)
	require.Equal(t, 2, r.children)
}

func TestQualityCycle_StartFailureStopsLoudly(t *testing.T) {
	r := runCycle(t, &flow.QualityCycleInput{}, 250, func(env *testsuite.TestWorkflowEnvironment) {
		env.OnWorkflow(QualityCase, mock.Anything, mock.MatchedBy(func(in *flow.QualityCaseInput) bool {
			return in.Service.ID == "SVC-000150"
		})).Return(nil, testsuite.ErrMockStartChildWorkflowFailed)
		env.OnWorkflow(QualityCase, mock.Anything, mock.Anything).Return(&flow.QualityCaseResult{Status: models.QualityFit}, nil)
	}, nil)
	require.Error(t, r.err)
	require.Contains(t, r.err.Error(), "SVC-000150")
	require.Contains(t, r.err.Error(), fmt.Sprintf("resume with After %q", cycleService(149/qualityCycleWave*qualityCycleWave-1).ID))
}

func TestQualityCycleSchedule(t *testing.T) {
	o := QualityCycleSchedule("dsmarket", qcOpen)
	require.Equal(t, flow.QualityCycleScheduleID, o.ID)
	require.Equal(t, "Asia/Seoul", o.Spec.TimeZoneName)
	cal := o.Spec.Calendars[0]
	require.Equal(t, []int{3, 2, 9, 0}, []int{cal.Month[0].Start, cal.DayOfMonth[0].Start, cal.Hour[0].Start, cal.Minute[0].Start})
	require.Equal(t, enums.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE, o.Overlap, "a cycle still running delays the next, never drops it")
	require.Equal(t, 30*24*time.Hour, o.CatchupWindow)
}

// TestQualityCycleCatchup: the catch-up window never carries a cycle into the next year,
// where it would take the wrong year from its start.
func TestQualityCycleCatchup(t *testing.T) {
	for _, c := range []struct {
		calendar string
		want     time.Duration
	}{
		{"03-02 09:00", 30 * 24 * time.Hour},
		{"01-01 00:00", 30 * 24 * time.Hour},
		{"12-01 00:00", 30 * 24 * time.Hour},
		{"12-15 09:00", 15*24*time.Hour + 15*time.Hour},
		{"12-31 09:00", time.Minute},
	} {
		cal, err := models.ParseCycleCalendar(c.calendar)
		require.NoError(t, err)
		got := qualityCycleCatchup(cal)
		require.Equal(t, c.want, got, c.calendar)
		for _, year := range []int{2027, 2028} {
			last := cal.In(year).Add(got)
			require.Equal(t, year, last.In(models.Seoul).Year(), "%s in %d: the last catch-up %s", c.calendar, year, last)
		}
	}
}

// TestQualityCycle50000 runs the whole cycle over 50,000 due services, run after run as
// Temporal would (each run's ContinueAsNewError carries the next run's input), and holds
// every run to the bounds: at most 500 children, and a history far below 10,000 events.
//
// The time-skipping environment keeps no history, so each run's length is bounded from
// what the run did, counted through the mocks:
//
//	events ≤ 5                      WorkflowExecutionStarted, the first workflow task
//	                                (scheduled, started, completed), the closing event
//	                                (ContinuedAsNew or Completed)
//	       + 6 × activities         ActivityTaskScheduled, Started, Completed, and the
//	                                workflow task (3 events) its completion may wake
//	       + 4 × local activities   the marker, and a workflow task (none in the cycle)
//	       + 5 × child starts       StartChildWorkflowExecutionInitiated,
//	                                ChildWorkflowExecutionStarted, and a workflow task
//	       + 4 × children closed    ChildWorkflowExecutionCompleted, and a workflow task
//	                                (the mocks return at once, so every child closes
//	                                within its run; real cases do not)
//	       + 5 × timers             TimerStarted, TimerFired, and a workflow task (none)
//
// Counting a workflow task per wake-up overcounts: the server puts events that arrive
// together into one task. A full page is 5 + 6 + 2,500 + 2,000 = 4,511. The real figure
// is measured by internal/bench.QualityCycle on a dev server.
func TestQualityCycle50000(t *testing.T) {
	const total = 50_000
	// A quarter of the time went to collecting the test environment's garbage (a
	// dispatcher and coroutines per child); a lazier collector keeps the test within a
	// minute under -race on two cores without changing what it runs.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	began := time.Now()
	starts := make([]int, total)
	in := &flow.QualityCycleInput{}
	runs, maxChildren, maxEvents := 0, 0, 0
	var result *flow.QualityCycleResult
	for result == nil {
		runs++
		require.LessOrEqual(t, runs, total/QualityCyclePageSize, "more runs than pages")
		r := runCycle(t, in, total, nil, nil)
		require.NoError(t, r.err)
		for _, id := range r.childIDs {
			svc := id[len("quality-") : len(id)-len("-2027")]
			starts[cycleIndex(t, svc)]++
		}
		const localActivities, timers = 0, 0
		events := 5 + 6*r.lists + 4*localActivities + 5*r.children + 4*r.children + 5*timers
		require.LessOrEqual(t, r.children, QualityCyclePageSize, "run %d", runs)
		require.Less(t, events, 10_000, "run %d", runs)
		maxChildren, maxEvents = max(maxChildren, r.children), max(maxEvents, events)
		in, result = r.next, r.result
	}
	for i, n := range starts {
		if n != 1 {
			t.Fatalf("service %s was started %d times", cycleService(i).ID, n)
		}
	}
	require.Equal(t, total/QualityCyclePageSize, runs, "100 runs of 500")
	require.Equal(t, flow.QualityCycleResult{Year: 2027, Cutoff: models.QualityCycleCutoffStrict(2027), Started: total, Runs: runs}, *result)
	t.Logf("%d services in %d runs; at most %d children and %d events (bound) per run; %s",
		total, runs, maxChildren, maxEvents, time.Since(began).Round(time.Millisecond))
}
