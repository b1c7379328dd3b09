package workflows

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
)

var (
	qcProvider      = models.Actor{Sub: "choi.provider", Role: models.RoleProvider, Org: "PV-0001"}
	qcOtherProvider = models.Actor{Sub: "han.provider", Role: models.RoleProvider, Org: "PV-0002"}
	qcOperator      = models.Actor{Sub: "nia-lee", Role: models.RoleOperator, Org: "NIA"}
	// The 2027 cycle: the case opens on 2027-03-02 09:00 Seoul, the report is due on
	// 2027-04-01 and its window closes at midnight Seoul after it.
	qcOpen        = time.Date(2027, 3, 2, 9, 0, 0, 0, models.Seoul)
	qcReportClose = time.Date(2027, 4, 2, 0, 0, 0, 0, models.Seoul).Sub(qcOpen)
	qcDay         = 24 * time.Hour
)

func qcInput() *flow.QualityCaseInput {
	selected, _ := models.ParseDate("2025-11-05")
	return &flow.QualityCaseInput{Year: 2027, Service: models.QualityDueService{ID: "SVC-0001", Name: "한빛 클라우드 서버",
		Type: models.TypeCloud, ProviderOrg: "PV-0001", SelectedOn: selected}}
}

type qualityEnv struct {
	*testsuite.TestWorkflowEnvironment
	t         *testing.T
	mu        sync.Mutex
	saved     []models.QualityStatus
	requested int
	hooks     []string
	outcomes  []activities.QualityOutcomeInput
	notified  []string
}

func newQualityEnv(t *testing.T) *qualityEnv {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	env := &qualityEnv{TestWorkflowEnvironment: s.NewTestWorkflowEnvironment(), t: t}
	env.SetStartTime(qcOpen)
	env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: "quality-SVC-0001-2027"})
	env.RegisterWorkflow(QualityCase)
	env.OnActivity(acts.SaveQualityCase, mock.Anything, mock.Anything).Return(
		func(_ context.Context, c *models.QualityCase) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.saved = append(env.saved, c.Status)
			return nil
		})
	env.OnActivity(acts.RequestQualityReport, mock.Anything, mock.Anything).Return(
		func(_ context.Context, c *models.QualityCase) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.requested++
			return nil
		})
	hook := func(name string) func(context.Context, activities.QualityOutcomeInput) error {
		return func(_ context.Context, in activities.QualityOutcomeInput) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.hooks = append(env.hooks, name)
			env.outcomes = append(env.outcomes, in)
			return nil
		}
	}
	env.OnActivity(acts.RequestRereview, mock.Anything, mock.Anything).Return(hook("rereview"))
	env.OnActivity(acts.DeclareUnfit, mock.Anything, mock.Anything).Return(hook("unfit"))
	env.OnActivity(acts.Notify, mock.Anything, mock.Anything).Return(
		func(_ context.Context, n models.Notification) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.notified = append(env.notified, n.Key)
			return nil
		})
	return env
}

// at schedules an Update at offset d after the start, expecting it to be accepted.
func (e *qualityEnv) at(d time.Duration, name string, arg any) {
	e.RegisterDelayedCallback(func() {
		// Update IDs are unique per case: a repeated ID is the same Update, answered once.
		e.UpdateWorkflow(name, fmt.Sprintf("%s@%v", name, d), &testsuite.TestUpdateCallback{
			OnReject:   func(err error) { e.t.Errorf("%s rejected at %v: %v", name, d, err) },
			OnAccept:   func() {},
			OnComplete: func(any, error) {},
		}, arg)
	}, d)
}

// rejectAt schedules an Update expected to be refused by its validator with code (and the
// field, if any), and checks that the case is the same before and after.
func (e *qualityEnv) rejectAt(d time.Duration, name string, arg any, code, field string) {
	e.RegisterDelayedCallback(func() {
		before := e.qc()
		e.UpdateWorkflow(name, fmt.Sprintf("%s-rejected@%v", name, d), &testsuite.TestUpdateCallback{
			OnReject: func(err error) {
				me := temporalerr.ModelError(err)
				if me == nil || me.Code != code {
					e.t.Errorf("%s at %v: want %s rejection, got %v", name, d, code, err)
					return
				}
				if field != "" && (len(me.Fields) == 0 || me.Fields[0].Field != field) {
					e.t.Errorf("%s at %v: want field %s, got %+v", name, d, field, me.Fields)
				}
			},
			OnAccept:   func() { e.t.Errorf("%s at %v accepted, want %s", name, d, code) },
			OnComplete: func(any, error) {},
		}, arg)
		after := e.qc()
		if after.Version() != before.Version() || after.Status != before.Status {
			e.t.Errorf("%s at %v was refused but changed the case: %s v%d → %s v%d", name, d,
				before.Status, before.Version(), after.Status, after.Version())
		}
	}, d)
}

func (e *qualityEnv) qc() *models.QualityCase {
	e.t.Helper()
	v, err := e.QueryWorkflow(flow.QueryQualityCase)
	require.NoError(e.t, err)
	var c models.QualityCase
	require.NoError(e.t, v.Get(&c))
	return &c
}

func (e *qualityEnv) result() *flow.QualityCaseResult {
	e.t.Helper()
	require.True(e.t, e.IsWorkflowCompleted())
	require.NoError(e.t, e.GetWorkflowError())
	var r flow.QualityCaseResult
	require.NoError(e.t, e.GetWorkflowResult(&r))
	return &r
}

func qcActions(c *models.QualityCase) []string {
	out := make([]string, len(c.Steps))
	for i, s := range c.Steps {
		out[i] = s.Action
	}
	return out
}

func qcReport() flow.SubmitQualityReportInput {
	pct, n := 99.95, int64(2)
	return flow.SubmitQualityReportInput{Actor: qcProvider, Report: models.QualityReportInput{
		Summary: "가용성 99.95%, 장애 2건 모두 4시간 내 복구", AvailabilityPct: &pct, Incidents: &n}}
}

func qcPreReview(accepted bool, note string) flow.QualityPreReviewInput {
	return flow.QualityPreReviewInput{Actor: qcOperator, PreReview: models.PreReviewInput{Accepted: &accepted, Note: note}}
}

func qcInspect(outcome, reason, due string) flow.QualityInspectInput {
	return flow.QualityInspectInput{Actor: qcOperator, Inspection: models.QualityInspectionInput{Outcome: outcome, Reason: reason, Due: due}}
}

// qcDate is the Seoul date d after the start, as YYYY-MM-DD.
func qcDate(d time.Duration) string { return models.DateOf(qcOpen.Add(d)).String() }

func TestQualityCase_OK_ReportPreReviewFit(t *testing.T) {
	env := newQualityEnv(t)
	env.at(qcDay, flow.UpdateSubmitQualityReport, qcReport())
	env.at(2*qcDay, flow.UpdatePreReview, qcPreReview(true, ""))
	env.at(3*qcDay, flow.UpdateInspect, qcInspect("fit", "", ""))
	env.ExecuteWorkflow(QualityCase, qcInput())

	r := env.result()
	require.Equal(t, flow.QualityCaseResult{Status: models.QualityFit, Rounds: 1}, *r)
	c := env.qc()
	require.Equal(t, []string{models.ActionQualityReportRequested, models.ActionQualityReportSubmitted,
		models.ActionQualityPreReviewed, models.ActionQualityInspected}, qcActions(c))
	require.Equal(t, "choi.provider", c.Steps[1].Actor.Sub)
	require.Equal(t, "nia-lee", c.Steps[3].Actor.Sub)
	require.Equal(t, qcOpen.Add(3*qcDay), c.Steps[3].At.In(models.Seoul))
	require.Equal(t, "quality-SVC-0001-2027", c.WorkflowID)
	require.Equal(t, models.TaskDone, c.Tasks[0].Status)
	require.Equal(t, 1, env.requested)
	require.Empty(t, env.hooks)
	// The projection saw every state in order and ends where the workflow ends.
	require.Equal(t, []models.QualityStatus{models.QualityReportRequested, models.QualityReportSubmitted,
		models.QualityPreReviewed, models.QualityFit}, env.saved)
	require.Equal(t, []string{"quality-SVC-0001-2027/outcome"}, env.notified)
}

func TestQualityCase_NoReportIsAFindingAtTheEndOfTheDueDate(t *testing.T) {
	env := newQualityEnv(t)
	var justBefore, atClose *models.QualityCase
	env.RegisterDelayedCallback(func() { justBefore = env.qc() }, qcReportClose-time.Second)
	// A callback at the very instant of the deadline runs before the workflow's timer; the
	// step's time below shows the finding was made at that instant.
	env.RegisterDelayedCallback(func() { atClose = env.qc() }, qcReportClose+time.Millisecond)
	env.rejectAt(qcReportClose+time.Minute, flow.UpdateSubmitQualityReport, qcReport(), models.ECONFLICT, "")
	// With no report there is nothing to accept: the operator records why.
	env.rejectAt(qcReportClose+time.Hour, flow.UpdatePreReview, qcPreReview(true, ""), models.EINVALID, "accepted")
	env.at(qcReportClose+2*time.Hour, flow.UpdatePreReview, qcPreReview(false, "보고서 미제출"))
	env.at(qcReportClose+qcDay, flow.UpdateInspect, qcInspect("remediate", "보고서 제출 및 SLA 자료 보완", qcDate(qcReportClose+31*qcDay)))
	env.at(qcReportClose+32*qcDay+time.Hour, flow.UpdateInspect, qcInspect("fit", "보완 확인", ""))
	env.ExecuteWorkflow(QualityCase, qcInput())

	require.Equal(t, models.QualityReportRequested, justBefore.Status)
	require.Empty(t, justBefore.Findings)
	require.Equal(t, models.QualityReportSubmitted, atClose.Status)
	require.Len(t, atClose.Findings, 1)
	require.Equal(t, models.QualityFindingNoReport, atClose.Findings[0].Kind)
	last := atClose.Steps[len(atClose.Steps)-1]
	require.Equal(t, models.ActionQualityReportMissing, last.Action)
	require.Equal(t, time.Date(2027, 4, 2, 0, 0, 0, 0, models.Seoul), last.At.In(models.Seoul))
	require.Equal(t, models.SystemActor, last.Actor)

	r := env.result()
	require.Equal(t, models.QualityFit, r.Status)
	require.Equal(t, 2, r.Findings, "no report, and the pre-review's note")
	require.Equal(t, 2, r.Rounds)
	require.Contains(t, env.notified, "quality-SVC-0001-2027/report-missing")
}

func TestQualityCase_ReportOneSecondBeforeTheCloseIsOnTime(t *testing.T) {
	env := newQualityEnv(t)
	env.at(qcReportClose-time.Second, flow.UpdateSubmitQualityReport, qcReport())
	env.at(qcReportClose+time.Hour, flow.UpdatePreReview, qcPreReview(true, ""))
	env.at(qcReportClose+2*time.Hour, flow.UpdateInspect, qcInspect("fit", "", ""))
	env.ExecuteWorkflow(QualityCase, qcInput())
	require.Equal(t, models.QualityFit, env.result().Status)
	c := env.qc()
	require.Empty(t, c.Findings)
	require.NotNil(t, c.Report)
}

func TestQualityCase_RemediateThenReinspectAfterTheDeadline(t *testing.T) {
	env := newQualityEnv(t)
	env.at(qcDay, flow.UpdateSubmitQualityReport, qcReport())
	env.at(2*qcDay, flow.UpdatePreReview, qcPreReview(true, ""))
	due := qcDate(3*qcDay + 30*qcDay) // 2027-04-04
	remediationEnd := time.Date(2027, 4, 5, 0, 0, 0, 0, models.Seoul).Sub(qcOpen)
	env.at(3*qcDay, flow.UpdateInspect, qcInspect("remediate", "백업 복구 훈련 미실시", due))
	// The service stays listed and nothing is inspected until the deadline.
	env.rejectAt(10*qcDay, flow.UpdateInspect, qcInspect("fit", "", ""), models.ECONFLICT, "")
	var justBefore, atEnd *models.QualityCase
	env.RegisterDelayedCallback(func() { justBefore = env.qc() }, remediationEnd-time.Second)
	env.RegisterDelayedCallback(func() { atEnd = env.qc() }, remediationEnd+time.Millisecond)
	env.at(remediationEnd+qcDay, flow.UpdateInspect, qcInspect("fit", "복구 훈련 결과 확인", ""))
	env.ExecuteWorkflow(QualityCase, qcInput())

	require.Equal(t, models.QualityRemediating, justBefore.Status)
	require.Equal(t, models.QualityInspecting, atEnd.Status)
	require.Equal(t, 2, atEnd.Round)
	task, ok := atEnd.OpenInspectionTask()
	require.True(t, ok)
	require.Equal(t, "QC-2027-0001-T02", task.ID)
	require.Equal(t, models.ActionQualityReinspectionOpened, atEnd.Steps[len(atEnd.Steps)-1].Action)

	r := env.result()
	require.Equal(t, models.QualityFit, r.Status)
	require.Equal(t, 2, r.Rounds)
	require.Contains(t, env.notified, "quality-SVC-0001-2027/remediate-1")
	require.Empty(t, env.hooks)
}

// TestQualityCase_RemediationReportedOpensTheNextRoundAtOnce: the provider reports its
// remediation ten days into a thirty-day period; the next round opens at that moment, not
// at the due date, and its verdict closes the case the next day.
func TestQualityCase_RemediationReportedOpensTheNextRoundAtOnce(t *testing.T) {
	env := newQualityEnv(t)
	env.at(qcDay, flow.UpdateSubmitQualityReport, qcReport())
	env.at(2*qcDay, flow.UpdatePreReview, qcPreReview(true, ""))
	env.at(3*qcDay, flow.UpdateInspect, qcInspect("remediate", "백업 복구 훈련 미실시", qcDate(33*qcDay)))
	remediation := flow.QualityRemediationInput{Actor: qcProvider, Remediation: models.RemediationReportInput{Summary: "분기 복구 훈련을 시행했습니다"}}
	env.rejectAt(10*qcDay-time.Hour, flow.UpdateReportRemediation,
		flow.QualityRemediationInput{Actor: qcOperator, Remediation: remediation.Remediation}, models.EFORBIDDEN, "")
	env.at(10*qcDay, flow.UpdateReportRemediation, remediation)
	var after *models.QualityCase
	env.RegisterDelayedCallback(func() { after = env.qc() }, 10*qcDay+time.Minute)
	env.rejectAt(10*qcDay+time.Hour, flow.UpdateReportRemediation, remediation, models.ECONFLICT, "")
	env.at(11*qcDay, flow.UpdateInspect, qcInspect("fit", "복구 훈련 결과 확인", ""))
	env.ExecuteWorkflow(QualityCase, qcInput())

	require.Equal(t, models.QualityInspecting, after.Status)
	require.Equal(t, 2, after.Round)
	require.Len(t, after.Remediations, 1)
	require.Equal(t, 1, after.Remediations[0].Round)
	require.Equal(t, models.ActionQualityRemediationReported, after.Steps[len(after.Steps)-1].Action)
	require.Equal(t, qcOpen.Add(10*qcDay), after.Steps[len(after.Steps)-1].At.In(models.Seoul))

	r := env.result()
	require.Equal(t, models.QualityFit, r.Status)
	require.Equal(t, 2, r.Rounds)
	c := env.qc()
	require.Equal(t, qcOpen.Add(11*qcDay), c.ClosedAt.In(models.Seoul), "closed by the second round, not at the due date")
	require.NotContains(t, qcActions(c), models.ActionQualityReinspectionOpened)
	require.Empty(t, env.hooks)
}

func TestQualityCase_OnSiteThenRereview(t *testing.T) {
	env := newQualityEnv(t)
	env.at(qcDay, flow.UpdateSubmitQualityReport, qcReport())
	env.at(2*qcDay, flow.UpdatePreReview, qcPreReview(true, ""))
	env.at(3*qcDay, flow.UpdateInspect, flow.QualityInspectInput{Actor: qcOperator, Inspection: models.QualityInspectionInput{OnSite: true, Reason: "가용성 수치 확인"}})
	env.rejectAt(4*qcDay, flow.UpdateInspect, flow.QualityInspectInput{Actor: qcOperator, Inspection: models.QualityInspectionInput{OnSite: true}}, models.ECONFLICT, "")
	env.at(5*qcDay, flow.UpdateInspect, qcInspect("rereview", "운영 안정성 기준 미달, 재심사 사유", ""))
	env.ExecuteWorkflow(QualityCase, qcInput())

	require.Equal(t, models.QualityRereview, env.result().Status)
	require.Equal(t, []string{"rereview"}, env.hooks)
	require.Equal(t, "SVC-0001", env.outcomes[0].ServiceID)
	require.Contains(t, env.outcomes[0].Reason, "재심사 사유")
	c := env.qc()
	require.True(t, c.Inspections[0].OnSite)
	require.Contains(t, qcActions(c), models.ActionQualityOnSiteRequested)
}

func TestQualityCase_Unfit(t *testing.T) {
	env := newQualityEnv(t)
	env.at(qcDay, flow.UpdateSubmitQualityReport, qcReport())
	env.at(2*qcDay, flow.UpdatePreReview, qcPreReview(false, "CSAP 인증서 누락"))
	env.at(3*qcDay, flow.UpdateInspect, qcInspect("unfit", "CSAP 인증 취소 확인", ""))
	env.ExecuteWorkflow(QualityCase, qcInput())

	require.Equal(t, models.QualityUnfit, env.result().Status)
	require.Equal(t, []string{"unfit"}, env.hooks)
	out := env.outcomes[0]
	require.Equal(t, activities.QualityOutcomeInput{CaseID: "QC-2027-0001", WorkflowID: "quality-SVC-0001-2027",
		ServiceID: "SVC-0001", ServiceName: "한빛 클라우드 서버", ProviderOrg: "PV-0001",
		Reason: out.Reason, At: out.At, ReasonText: out.ReasonText}, out)
	require.Contains(t, out.Reason, "CSAP 인증 취소 확인")
	require.NotNil(t, out.ReasonText, "the operators read the reason in their language")
	require.Equal(t, "quality.inspected_reason", out.ReasonText.Key)
	require.Equal(t, qcOpen.Add(3*qcDay), out.At.In(models.Seoul))
}

func TestQualityCase_ValidatorsRefuseWithoutChangingState(t *testing.T) {
	env := newQualityEnv(t)
	pct := 100.5
	bad := qcReport()
	bad.Report.AvailabilityPct = &pct
	env.rejectAt(time.Hour, flow.UpdateSubmitQualityReport, flow.SubmitQualityReportInput{Actor: qcOtherProvider, Report: qcReport().Report}, models.ENOTFOUND, "")
	env.rejectAt(2*time.Hour, flow.UpdateSubmitQualityReport, flow.SubmitQualityReportInput{Actor: qcOperator, Report: qcReport().Report}, models.EFORBIDDEN, "")
	env.rejectAt(3*time.Hour, flow.UpdateSubmitQualityReport, bad, models.EINVALID, "availability_pct")
	env.rejectAt(4*time.Hour, flow.UpdatePreReview, qcPreReview(true, ""), models.ECONFLICT, "")
	env.rejectAt(5*time.Hour, flow.UpdateInspect, qcInspect("fit", "", ""), models.ECONFLICT, "")
	env.at(qcDay, flow.UpdateSubmitQualityReport, qcReport())
	env.rejectAt(qcDay+time.Hour, flow.UpdateSubmitQualityReport, qcReport(), models.ECONFLICT, "")
	env.rejectAt(qcDay+2*time.Hour, flow.UpdatePreReview, flow.QualityPreReviewInput{Actor: qcProvider, PreReview: qcPreReview(true, "").PreReview}, models.EFORBIDDEN, "")
	env.rejectAt(qcDay+3*time.Hour, flow.UpdatePreReview, qcPreReview(false, ""), models.EINVALID, "note")
	env.at(2*qcDay, flow.UpdatePreReview, qcPreReview(true, ""))
	env.rejectAt(2*qcDay+time.Hour, flow.UpdateInspect, qcInspect("remediate", "백업 미흡", ""), models.EINVALID, "due")
	env.rejectAt(2*qcDay+2*time.Hour, flow.UpdateInspect, qcInspect("remediate", "백업 미흡", qcDate(2*qcDay)), models.EINVALID, "due")
	env.rejectAt(2*qcDay+3*time.Hour, flow.UpdateInspect, qcInspect("unfit", "", ""), models.EINVALID, "reason")
	env.rejectAt(2*qcDay+4*time.Hour, flow.UpdateInspect, qcInspect("approve", "x", ""), models.EINVALID, "outcome")
	env.rejectAt(2*qcDay+5*time.Hour, flow.UpdateInspect, flow.QualityInspectInput{Actor: qcProvider, Inspection: qcInspect("fit", "", "").Inspection}, models.EFORBIDDEN, "")
	env.rejectAt(2*qcDay+6*time.Hour, flow.UpdateInspect, flow.QualityInspectInput{Actor: qcOperator,
		Inspection: models.QualityInspectionInput{TaskID: "QC-2027-0001-T07", Outcome: "fit"}}, models.ENOTFOUND, "")
	env.at(3*qcDay, flow.UpdateInspect, qcInspect("fit", "", ""))
	env.ExecuteWorkflow(QualityCase, qcInput())

	require.Equal(t, models.QualityFit, env.result().Status)
	// Only the accepted steps are in the trail and reached the projection.
	require.Equal(t, []string{models.ActionQualityReportRequested, models.ActionQualityReportSubmitted,
		models.ActionQualityPreReviewed, models.ActionQualityInspected}, qcActions(env.qc()))
	require.Len(t, env.saved, 4)
}
