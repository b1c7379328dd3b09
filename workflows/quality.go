package workflows

import (
	"fmt"
	"slices"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
)

// qualityHookOptions: the report request and the outcome hooks are retried for as long as
// they fail, visibly pending in the Web UI, rather than losing a request or a verdict.
var qualityHookOptions = untilDoneOptions

// QualityCase runs one service's regular inspection of a year (Process 4): the report
// request with a due date; the provider's report, or at the end of the due date a finding
// that none came; the operator's pre-review; inspection rounds (in writing, on site when the
// inspectors ask) until a verdict: fit ends the case, remediate waits for the remediation
// due date while the service stays listed and opens another round, rereview and unfit end
// it and hand the service to the selection process or the catalog removal. A provider that
// reports its remediation before the due date opens the next round at once.
func QualityCase(ctx workflow.Context, in *flow.QualityCaseInput) (*flow.QualityCaseResult, error) {
	c := models.NewQualityCase(in.Service, in.Year, flow.QualityCaseWorkflowID(in.Service.ID, in.Year), workflow.Now(ctx))
	c.WorkflowID = workflow.GetInfo(ctx).WorkflowExecution.ID
	// The pins came with the input, so a run replays with the rules it started under; a
	// run started before pins existed has none and reads the table at each step.
	if in.Pins != nil {
		c.Pin(in.Pins)
	}
	w := &qualityWorkflow{c: c}
	if err := w.setup(ctx); err != nil {
		return nil, err
	}
	return w.run(ctx)
}

type qualityWorkflow struct {
	c *models.QualityCase
}

func (w *qualityWorkflow) setup(ctx workflow.Context) error {
	c := w.c
	if err := setCase(ctx, caseOf{flow.QueryQualityCase, func() any { return w.c }, w.persist,
		func() flow.StepResult { return flow.StepResultOf(string(w.c.Status), w.c.Version(), w.c.Steps) }, stampSteps(&w.c.Steps)},
		act(flow.UpdateSubmitQualityReport, c.CheckSubmitReport, c.SubmitReport,
			func(in flow.SubmitQualityReportInput) (models.Actor, models.QualityReportInput) {
				return in.Actor, in.Report
			}),
		act(flow.UpdatePreReview, c.CheckPreReview, c.PreReview,
			func(in flow.QualityPreReviewInput) (models.Actor, models.PreReviewInput) {
				return in.Actor, in.PreReview
			}),
		act(flow.UpdateInspect, c.CheckInspect, c.Inspect,
			func(in flow.QualityInspectInput) (models.Actor, models.QualityInspectionInput) {
				return in.Actor, in.Inspection
			}),
		// A handler added in December 2026 adds no command to a run that never receives it:
		// the runs recorded before replay as they were. Once received, the remediation's
		// wait below ends at once (the status moved on) and its timer is cancelled.
		act(flow.UpdateReportRemediation, c.CheckReportRemediation, c.ReportRemediation,
			func(in flow.QualityRemediationInput) (models.Actor, models.RemediationReportInput) {
				return in.Actor, in.Remediation
			}),
	); err != nil {
		return err
	}
	// A version taken records a step, which wakes the run's waits (a report window it moved).
	onRulesChanged(ctx, models.QualityRuleKeys, c.Repin, w.persist)
	return nil
}

// persist writes the projection (the case and its tasks) and the status search attribute.
func (w *qualityWorkflow) persist(ctx workflow.Context) {
	persistCase(ctx, string(w.c.Status), nil, acts.SaveQualityCase, w.c, "quality_case", w.c.ID)
}

func (w *qualityWorkflow) run(ctx workflow.Context) (*flow.QualityCaseResult, error) {
	c := w.c
	// The fixed search attributes (case type, service, provider) are set by the cycle that
	// starts the case; only the status changes from here.
	w.persist(ctx)
	actx := workflow.WithActivityOptions(ctx, qualityHookOptions)
	if err := workflow.ExecuteActivity(actx, acts.RequestQualityReport, c).Get(ctx, nil); err != nil {
		return nil, err
	}
	// A rule version that applies to open cases may move the report deadline while the
	// window runs (rules-changed): the wait then starts over with the new deadline. A run
	// that received none waits once, as runs did before.
	for deadline := (time.Time{}); c.Status == models.QualityReportRequested && !deadline.Equal(c.ReportDeadline); {
		deadline = c.ReportDeadline
		moved := func() bool { return !c.ReportDeadline.Equal(deadline) }
		if err := w.awaitWhile(ctx, models.QualityReportRequested, deadline, moved); err != nil {
			return nil, err
		}
	}
	if c.MissReport(workflow.Now(ctx)) {
		w.persist(ctx)
		w.notify(ctx, "report-missing", "품질보고서 미제출 No quality report: "+c.ServiceName, c.Findings[len(c.Findings)-1].Note,
			models.NoticeReportMissing(c))
	}
	for !c.Status.Final() {
		if c.Status == models.QualityRemediating {
			w.notify(ctx, fmt.Sprintf("remediate-%d", c.Round), "보완조치 Remediation required: "+c.ServiceName,
				fmt.Sprintf("기한 Due %s (Asia/Seoul): %s", c.RemediationDue, c.Inspections[len(c.Inspections)-1].Reason),
				models.NoticeRemediation(c))
			if err := w.awaitWhile(ctx, models.QualityRemediating, *c.RemediationDeadline); err != nil {
				return nil, err
			}
			if c.Reinspect(workflow.Now(ctx)) {
				w.persist(ctx)
			}
			continue
		}
		v := c.Version()
		if err := workflow.Await(ctx, func() bool { return c.Version() != v }); err != nil {
			return nil, err
		}
	}
	out := activities.QualityOutcomeInput{CaseID: c.ID, WorkflowID: c.WorkflowID, ServiceID: c.ServiceID,
		ServiceName: c.ServiceName, ProviderOrg: c.ProviderOrg, Reason: c.Reason, At: workflow.Now(ctx),
		ServiceNameEn: c.ServiceNameEn, ReasonText: c.ReasonText()}
	switch c.Status {
	case models.QualityRereview:
		if err := workflow.ExecuteActivity(actx, acts.RequestRereview, out).Get(ctx, nil); err != nil {
			return nil, err
		}
	case models.QualityUnfit:
		if err := workflow.ExecuteActivity(actx, acts.DeclareUnfit, out).Get(ctx, nil); err != nil {
			return nil, err
		}
	}
	w.notify(ctx, "outcome", fmt.Sprintf("품질점검 결과 Quality inspection %d: %s", c.Year, c.Status), c.Reason,
		models.NoticeQualityOutcome(c))
	// Let an Update that is still writing its projection finish before the run closes.
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return nil, err
	}
	return &flow.QualityCaseResult{Status: c.Status, Rounds: c.Round, Findings: len(c.Findings)}, nil
}

// awaitWhile waits while the case is in status, until deadline, or until moved says the
// deadline moved. A deadline is a workflow timer, so it holds across restarts and is exact
// in the time-skipping test environment.
func (w *qualityWorkflow) awaitWhile(ctx workflow.Context, status models.QualityStatus, deadline time.Time, moved ...func() bool) error {
	d := deadline.Sub(workflow.Now(ctx))
	if d <= 0 {
		return nil
	}
	_, err := workflow.AwaitWithTimeout(ctx, d, func() bool {
		return w.c.Status != status || slices.ContainsFunc(moved, func(f func() bool) bool { return f() })
	})
	return err
}

// notify tells the provider; the key makes a replayed or retried message a single one.
func (w *qualityWorkflow) notify(ctx workflow.Context, kind, subject, body string, keyed models.Notice) {
	n := models.Notification{
		Key: w.c.WorkflowID + "/" + kind, ToRole: models.RoleProvider, ToOrg: w.c.ProviderOrg,
		CaseType: "quality", CaseID: w.c.ID, Subject: subject, Body: body, CreatedAt: workflow.Now(ctx),
	}
	send(ctx, n.Keyed(keyed))
}
