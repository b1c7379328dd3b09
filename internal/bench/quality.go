package bench

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	sdkworker "go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows"
)

// DefaultQualityN is the number of due services QualityCycle runs the cycle over.
const DefaultQualityN = 2_000

// QualityOptions configures QualityCycle.
type QualityOptions struct {
	// N is the number of due services; zero means DefaultQualityN.
	N int
	// Prefix names the synthetic services (<Prefix>-000001 …); empty means a fresh one. The
	// same Prefix twice on one server is a second cycle of the same year: every case is
	// then found already started.
	Prefix string
}

// QualityResult is what one cycle did on the server, read back from its histories.
type QualityResult struct {
	N                       int
	Runs                    int
	Started, AlreadyStarted int
	// MaxHistory is the longest history of any run, in events; MaxChildren the most case
	// starts (StartChildWorkflowExecutionInitiated events) of any run.
	MaxHistory, MaxChildren int
	Wall                    time.Duration
}

// Bounds every run of the quality cycle must keep (the issue that asked for the cycle).
const (
	TargetQualityChildrenPerRun = 500
	TargetQualityHistoryPerRun  = 10_000
)

// Report writes the cycle's figures, one per line, with its targets.
func (r QualityResult) Report(w io.Writer) error {
	_, err := fmt.Fprintf(w, "quality_cycle: n=%d runs=%d started=%d already_started=%d wall=%.3fs\n"+
		"quality_cycle_max_history_events_per_run=%d\n"+
		"quality_cycle_max_children_per_run=%d\n"+
		"target quality_children_per_run<=%d: %s\n"+
		"target quality_history_events_per_run<%d: %s\n",
		r.N, r.Runs, r.Started, r.AlreadyStarted, r.Wall.Seconds(), r.MaxHistory, r.MaxChildren,
		TargetQualityChildrenPerRun, met(r.MaxChildren <= TargetQualityChildrenPerRun),
		TargetQualityHistoryPerRun, met(r.MaxHistory < TargetQualityHistoryPerRun))
	return err
}

// qualityYear is the year of the benchmark's cycle; the services' IDs make its cases
// unique, so any year does.
const qualityYear = 2027

// QualityCycle runs the real QualityCycle workflow on the server of c for o.N due services
// and reports its runs, the longest history of any run and the most children of any run.
// Only the cycle is real: the due services come from a stand-in of ListQualityDueServices
// that makes them up, and each QualityCase child is a stand-in that returns at once, on a
// worker and task queue of the run's own. A child that completes while its parent run is
// open adds its completion to that run's history, so the figure is an upper bound of
// production, where cases last weeks.
func QualityCycle(ctx context.Context, c client.Client, o QualityOptions) (QualityResult, error) {
	if o.N == 0 {
		o.N = DefaultQualityN
	}
	if o.N < 0 {
		return QualityResult{}, fmt.Errorf("bench: quality services (%d) must not be negative", o.N)
	}
	if o.Prefix == "" {
		o.Prefix = "QB" + randomHex(4)
	}
	tq := "dsmarket-bench-quality-" + randomHex(4)
	cat := syntheticCatalog{prefix: o.Prefix, n: o.N}
	w := sdkworker.New(c, tq, sdkworker.Options{MaxConcurrentWorkflowTaskPollers: 8})
	w.RegisterWorkflow(workflows.QualityCycle)
	w.RegisterWorkflowWithOptions(instantQualityCase, workflow.RegisterOptions{Name: "QualityCase"})
	w.RegisterActivityWithOptions(cat.list, activity.RegisterOptions{Name: "ListQualityDueServices"})
	if err := w.Start(); err != nil {
		return QualityResult{}, fmt.Errorf("bench: start the quality worker: %w", err)
	}
	defer w.Stop()

	began := time.Now()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "bench-quality-cycle-" + randomHex(4), TaskQueue: tq},
		workflows.QualityCycle, &flow.QualityCycleInput{Year: qualityYear})
	if err != nil {
		return QualityResult{}, fmt.Errorf("bench: start the quality cycle: %w", err)
	}
	firstRunID := run.GetRunID() // Get moves the run to the last one as it follows them
	var out flow.QualityCycleResult
	if err := run.Get(ctx, &out); err != nil {
		return QualityResult{}, fmt.Errorf("bench: quality cycle: %w", err)
	}
	res := QualityResult{N: o.N, Runs: out.Runs, Started: out.Started, AlreadyStarted: out.AlreadyStarted, Wall: time.Since(began)}

	runs := 0
	for runID := firstRunID; runID != ""; runs++ {
		events, children := 0, 0
		next := ""
		it := c.GetWorkflowHistory(ctx, run.GetID(), runID, false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		for it.HasNext() {
			ev, err := it.Next()
			if err != nil {
				return res, fmt.Errorf("bench: history of run %s: %w", runID, err)
			}
			events++
			switch ev.GetEventType() {
			case enums.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED:
				children++
			case enums.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
				next = ev.GetWorkflowExecutionContinuedAsNewEventAttributes().GetNewExecutionRunId()
			}
		}
		res.MaxHistory, res.MaxChildren = max(res.MaxHistory, events), max(res.MaxChildren, children)
		runID = next
	}
	if runs != out.Runs {
		return res, fmt.Errorf("bench: the cycle counted %d runs, its histories %d", out.Runs, runs)
	}
	return res, nil
}

// instantQualityCase stands in for workflows.QualityCase: it has the same argument and
// result and ends at once.
func instantQualityCase(_ workflow.Context, _ *flow.QualityCaseInput) (*flow.QualityCaseResult, error) {
	return &flow.QualityCaseResult{Status: models.QualityFit}, nil
}

// syntheticCatalog makes up n due services <prefix>-000001 … in ID order, paged as the
// store pages them.
type syntheticCatalog struct {
	prefix string
	n      int
}

func (s syntheticCatalog) list(_ context.Context, in activities.ListQualityDueInput) (activities.QualityDuePage, error) {
	first := 0
	if in.After != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(in.After, s.prefix+"-"))
		if err != nil {
			return activities.QualityDuePage{}, fmt.Errorf("bench: cursor %q is not one of ours", in.After)
		}
		first = n
	}
	last := min(first+in.Limit, s.n)
	page := activities.QualityDuePage{More: last < s.n}
	for i := first; i < last; i++ {
		page.Services = append(page.Services, models.QualityDueService{ID: fmt.Sprintf("%s-%06d", s.prefix, i+1),
			Name: "bench", Type: models.TypeCloud, ProviderOrg: "PV-0001", SelectedOn: in.Cutoff})
	}
	return page, nil
}
