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
// before the cutoff (more than a year before the cycle day: qualityCycleCutoff), in
// service ID order, one page per run: it lists a page, starts one QualityCase child per
// service (ParentClosePolicy ABANDON, so the cases outlive the run), waits only until
// each has started, and continues as new with the last ID as the cursor.
// A case that already exists for the service and year counts as done, so running the
// cycle again (by hand, or after a failure) opens only what is missing. The cases pin the
// rule versions the page's listing activity recorded, never the table the workflow code
// would read (a later RULES_FILE would change a replay).
func QualityCycle(ctx workflow.Context, in *flow.QualityCycleInput) (*flow.QualityCycleResult, error) {
	var st flow.QualityCycleInput
	if in != nil {
		st = *in
	}
	if st.Year == 0 {
		st.Year = workflow.Now(ctx).In(models.Seoul).Year()
	}
	if st.Cutoff.IsZero() {
		st.Cutoff = qualityCycleCutoff(ctx, st.Year)
	}
	size := st.PageSize
	if size <= 0 || size > QualityCyclePageSize {
		size = QualityCyclePageSize
	}
	st.Runs++

	actx := workflow.WithActivityOptions(ctx, qualityListOptions)
	var page activities.QualityDuePage
	if err := workflow.ExecuteActivity(actx, acts.ListQualityDueServices,
		activities.ListQualityDueInput{After: st.After, Cutoff: st.Cutoff, Limit: size, TimeScale: st.TimeScale}).Get(ctx, &page); err != nil {
		return nil, err
	}
	for i := 0; i < len(page.Services); i += qualityCycleWave {
		wave := page.Services[i:min(i+qualityCycleWave, len(page.Services))]
		if err := startQualityCases(ctx, &st, wave, page.Pins); err != nil {
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

// qualityCycleCutoff is the cutoff a cycle computes for itself (the first run; the next
// ones carry it in their input). Version 1 admits only services selected MORE than the
// rule's years before the cycle day (SPEC.md); cycles recorded before it admitted the
// service of exactly one year and replay with that cutoff.
func qualityCycleCutoff(ctx workflow.Context, year int) models.Date {
	if workflow.GetVersion(ctx, "quality-cutoff-more-than-a-year", workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return models.QualityCycleCutoff(year)
	}
	return models.QualityCycleCutoffStrict(year)
}

// startQualityCases starts the cases of a wave and waits until each has started (or is
// found started before); it never waits for a case to end. Each case pins what the page's
// listing recorded (nil in pages listed before cases pinned their rules).
func startQualityCases(ctx workflow.Context, st *flow.QualityCycleInput, wave []models.QualityDueService, pins *models.CasePins) error {
	futures := make([]workflow.ChildWorkflowFuture, len(wave))
	for i, svc := range wave {
		cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
			WorkflowID:        flow.QualityCaseWorkflowID(svc.ID, st.Year),
			ParentClosePolicy: enums.PARENT_CLOSE_POLICY_ABANDON,
			// A case of this service and year that has already ended is not opened again.
			WorkflowIDReusePolicy: enums.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
			TypedSearchAttributes: QualityCaseAttributes(svc),
		})
		futures[i] = workflow.ExecuteChildWorkflow(cctx, QualityCase, &flow.QualityCaseInput{Service: svc, Year: st.Year, Pins: pins})
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

// QualityCaseAttributes are the search attributes a service's quality case starts with,
// so that the Web UI finds it before its first task runs: the cycle's and the development
// demo's cases alike (cmd/dsmarket).
func QualityCaseAttributes(svc models.QualityDueService) temporal.SearchAttributes {
	return temporal.NewSearchAttributes(
		flow.SACaseType.ValueSet("quality"),
		flow.SACaseStatus.ValueSet(string(models.QualityReportRequested)),
		flow.SAServiceID.ValueSet(svc.ID),
		flow.SAServiceType.ValueSet(string(svc.Type)),
		flow.SAProviderOrg.ValueSet(svc.ProviderOrg))
}

func qualityHistoryFull(ctx workflow.Context) bool {
	info := workflow.GetInfo(ctx)
	return info.GetCurrentHistoryLength() > qualityCycleHistoryLimit || info.GetContinueAsNewSuggested()
}

// QualityCycleSchedule is the Schedule that starts the year's cycle on the calendar of the
// rule table in force at at (quality.cycle_calendar, Asia/Seoul).
func QualityCycleSchedule(taskQueue string, at time.Time) client.ScheduleOptions {
	return QualityCycleScheduleOn(taskQueue, models.QualityCycleCalendarAt(at))
}

// QualityCycleScheduleOn is the Schedule of the yearly cycle on calendar cal. Each run
// derives its year and cutoff from its start, so the action needs no arguments that change.
//
// A cycle missed while the cluster was down must run once when it comes back: not
// skipped, not twice.
//   - CatchupWindow (qualityCycleCatchup): a missed cycle is taken up to 30 days late. The
//     window is far shorter than the year between two cycles, so only the one missed cycle
//     is ever caught up; each run is keyed by its scheduled time, and a second run of the
//     same year (by hand) opens only the cases still missing.
//   - Overlap BUFFER_ONE: should the previous cycle still run (waiting out an outage of the
//     database), this year's waits for it and then runs, where SKIP would drop the year.
func QualityCycleScheduleOn(taskQueue string, cal models.CycleCalendar) client.ScheduleOptions {
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
		Overlap:       enums.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE,
		CatchupWindow: qualityCycleCatchup(cal),
	}
}

// qualityCycleCatchup is the catch-up window of the cycle on cal: 30 days, the period a
// provider has for its report, so that a cycle caught up late still gives every provider
// its full period (it counts from the case's opening) well within the year. An outage
// longer than that is a recovery in which the operators start the year's cycle by hand
// (POST /api/v1/quality-cycles). The window never reaches into the next year: a run takes
// its year from its start, so a cycle caught up in January would open next year's cases.
func qualityCycleCatchup(cal models.CycleCalendar) time.Duration {
	const window = 30 * 24 * time.Hour
	// A common year: from a day in January or February the end of the year is then a day
	// nearer than in a leap year, the safe side. A day is kept between the last catch-up
	// and midnight of 31 December; a calendar within that day gets the shortest window the
	// server takes, as good as none.
	untilYearEnd := time.Date(2026, time.January, 1, 0, 0, 0, 0, models.Seoul).Sub(cal.In(2025)) - 24*time.Hour
	return max(min(window, untilYearEnd), time.Minute)
}
