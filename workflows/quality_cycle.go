package workflows

import (
	"fmt"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
)

// Bounds of one run of the cycle.
const (
	// QualityCyclePageSize is how many due services one run lists and opens cases for: no
	// run ever has more children than this.
	QualityCyclePageSize = 500
	// qualityCycleWave is how many case starts are in flight together; between waves the
	// run looks at its history length. On a dev server a whole page in flight at once was
	// several times slower than waves of 50, whose starts the server keeps up with.
	qualityCycleWave = 50
	// qualityCycleHistoryLimit is the history length past which a run continues as new
	// before its page is done. A page costs at most ~4,500 events (the bound is worked out
	// in TestQualityCycle50000), so in normal operation this never fires. It is the safety
	// net for what makes a run's history grow beyond the page's cost: workflow task failures
	// and timeouts during an outage or a bad deploy (each adds events and starts nothing),
	// and a later change that makes a case start cost more (more events per child, a larger
	// page). Below 10,000, the server's warning threshold, a run's history stays quick to
	// replay when a worker loses it from its cache.
	qualityCycleHistoryLimit = 8000
)

// qualityListOptions: listing is one short query; an outage is waited out.
var qualityListOptions = workflow.ActivityOptions{
	StartToCloseTimeout: time.Minute,
	RetryPolicy: &temporal.RetryPolicy{
		InitialInterval:    time.Second,
		BackoffCoefficient: 2,
		MaximumInterval:    5 * time.Minute,
	},
}

// QualityCycle opens the year's quality case of every registered service selected on or
// before the cutoff, in service ID order, one page per run: it lists a page, starts one
// QualityCase child per service (ParentClosePolicy ABANDON, so the cases outlive the run),
// waits only until each has started, and continues as new with the last ID as the cursor.
// A case that already exists for the service and year counts as done, so running the
// cycle again (by hand, or after a failure) opens only what is missing.
func QualityCycle(ctx workflow.Context, in *flow.QualityCycleInput) (*flow.QualityCycleResult, error) {
	var st flow.QualityCycleInput
	if in != nil {
		st = *in
	}
	if st.Year == 0 {
		st.Year = workflow.Now(ctx).In(models.Seoul).Year()
	}
	if st.Cutoff.IsZero() {
		st.Cutoff = models.QualityCycleCutoff(st.Year)
	}
	size := st.PageSize
	if size <= 0 || size > QualityCyclePageSize {
		size = QualityCyclePageSize
	}
	st.Runs++

	actx := workflow.WithActivityOptions(ctx, qualityListOptions)
	var page activities.QualityDuePage
	if err := workflow.ExecuteActivity(actx, acts.ListQualityDueServices,
		activities.ListQualityDueInput{After: st.After, Cutoff: st.Cutoff, Limit: size}).Get(ctx, &page); err != nil {
		return nil, err
	}
	for i := 0; i < len(page.Services); i += qualityCycleWave {
		wave := page.Services[i:min(i+qualityCycleWave, len(page.Services))]
		if err := startQualityCases(ctx, &st, wave); err != nil {
			return nil, err
		}
		st.After = wave[len(wave)-1].ID
		if i+len(wave) < len(page.Services) && qualityHistoryFull(ctx) {
			workflow.GetLogger(ctx).Warn("quality cycle continues as new before its page is done",
				"history_length", workflow.GetInfo(ctx).GetCurrentHistoryLength(), "after", st.After)
			return nil, workflow.NewContinueAsNewError(ctx, QualityCycle, &st)
		}
	}
	if page.More {
		return nil, workflow.NewContinueAsNewError(ctx, QualityCycle, &st)
	}
	return &flow.QualityCycleResult{Year: st.Year, Cutoff: st.Cutoff, Started: st.Started,
		AlreadyStarted: st.AlreadyStarted, Runs: st.Runs}, nil
}

// startQualityCases starts the cases of a wave and waits until each has started (or is
// found started before); it never waits for a case to end.
func startQualityCases(ctx workflow.Context, st *flow.QualityCycleInput, wave []models.QualityDueService) error {
	futures := make([]workflow.ChildWorkflowFuture, len(wave))
	for i, svc := range wave {
		cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
			WorkflowID:        flow.QualityCaseWorkflowID(svc.ID, st.Year),
			ParentClosePolicy: enums.PARENT_CLOSE_POLICY_ABANDON,
			// A case of this service and year that has already ended is not opened again.
			WorkflowIDReusePolicy: enums.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
			TypedSearchAttributes: temporal.NewSearchAttributes(
				flow.SACaseType.ValueSet("quality"),
				flow.SACaseStatus.ValueSet(string(models.QualityReportRequested)),
				flow.SAServiceID.ValueSet(svc.ID),
				flow.SAServiceType.ValueSet(string(svc.Type)),
				flow.SAProviderOrg.ValueSet(svc.ProviderOrg)),
		})
		futures[i] = workflow.ExecuteChildWorkflow(cctx, QualityCase, &flow.QualityCaseInput{Service: svc, Year: st.Year})
	}
	for i, f := range futures {
		err := f.GetChildWorkflowExecution().Get(ctx, nil)
		switch {
		case err == nil:
			st.Started++
		case temporal.IsWorkflowExecutionAlreadyStartedError(err):
			st.AlreadyStarted++
		default:
			// Not a business outcome: the server refused the start (a misconfiguration). The
			// cycle stops here, loudly; run again with After to resume.
			return fmt.Errorf("start the quality case of %s (resume with After %q): %w", wave[i].ID, st.After, err)
		}
	}
	return nil
}

func qualityHistoryFull(ctx workflow.Context) bool {
	info := workflow.GetInfo(ctx)
	return info.GetCurrentHistoryLength() > qualityCycleHistoryLimit || info.GetContinueAsNewSuggested()
}

// QualityCycleSchedule is the Schedule that starts the year's cycle on the calendar of the
// rule table in force at at (quality.cycle_calendar, Asia/Seoul). Each run derives its year
// and cutoff from its start, so the Schedule's action needs no arguments that change.
func QualityCycleSchedule(taskQueue string, at time.Time) client.ScheduleOptions {
	cal := models.QualityCycleCalendarAt(at)
	return client.ScheduleOptions{
		ID: flow.QualityCycleScheduleID,
		Spec: client.ScheduleSpec{
			Calendars: []client.ScheduleCalendarSpec{{
				Month:      []client.ScheduleRange{{Start: int(cal.Month)}},
				DayOfMonth: []client.ScheduleRange{{Start: cal.Day}},
				Hour:       []client.ScheduleRange{{Start: cal.Hour}},
				Minute:     []client.ScheduleRange{{Start: cal.Minute}},
				Comment:    "yearly quality cycle, " + cal.String() + " Seoul (rule " + string(models.RuleQualityCycleCalendar) + ")",
			}},
			TimeZoneName: "Asia/Seoul",
		},
		Action: &client.ScheduleWorkflowAction{
			ID: "quality-cycle", Workflow: QualityCycle, Args: []any{&flow.QualityCycleInput{}}, TaskQueue: taskQueue,
		},
		Overlap: enums.SCHEDULE_OVERLAP_POLICY_SKIP,
	}
}
