package workflows

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
)

// rereviewEnv is appEnv with the re-review's two outcome activities recorded.
type rereviewEnv struct {
	*appEnv
	confirmed []activities.RereviewOutcomeInput
	unfit     []activities.RequestUnfitInput
}

func newRereviewEnv(t *testing.T) *rereviewEnv {
	env := &rereviewEnv{appEnv: newAppEnv(t)}
	env.OnActivity(acts.ConfirmRereview, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.RereviewOutcomeInput) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.confirmed = append(env.confirmed, in)
			return nil
		})
	env.OnActivity(acts.RequestUnfitRemoval, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.RequestUnfitInput) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.unfit = append(env.unfit, in)
			return nil
		})
	return env
}

// testRereview is the re-review of SVC-0001, a cloud SaaS with a CSAP certificate, started
// by a credit downgrade on its watch.
func testRereview(t *testing.T) *flow.ApplicationInput {
	t.Helper()
	csap, _ := models.ParseDate("2027-12-31")
	founded, _ := models.ParseDate("2015-04-01")
	svc := models.Service{ID: "SVC-0001", Name: "한빛 전자결재 SaaS", Description: "기관용 전자결재·문서관리 SaaS",
		Type: models.TypeCloud, Subtype: models.SubSaaS, Status: models.ServiceRegistered, CSAPValidUntil: &csap,
		Provider: models.Provider{Org: "PV-0001", Name: "(주)한빛소프트", BusinessNo: "123-45-67890", Size: "sme", FoundedOn: &founded}}
	return &flow.ApplicationInput{ApplicationID: "APP-2026-000100", Request: models.RereviewRequest(svc), AppliedBy: models.SystemActor,
		Rereview: &models.RereviewRef{ServiceID: "SVC-0001", Ground: "credit rating CCC+ is below B-", From: models.RereviewFromInspection,
			CaseRef: "service-SVC-0001/rereview-1", CSAPValidUntil: &csap}}
}

// toCommitteeRereview schedules the re-review's steps from expert assignment to the agenda.
func (e *rereviewEnv) toCommitteeRereview() time.Duration {
	e.complete(time.Hour, operator, models.TaskAssignExperts, models.TaskCompletion{Experts: []string{"cho.expert", "yoo.expert"}})
	e.complete(24*time.Hour, expertA, models.TaskExpertReview, review(false))
	e.complete(48*time.Hour, expertB, models.TaskExpertReview, review(false))
	return 96 * time.Hour
}

func TestApplication_RereviewSelectedConfirmsTheService(t *testing.T) {
	env := newRereviewEnv(t)
	env.sessions = []*models.SessionRef{session("CS-2026-0001")}
	var first *models.Application
	env.RegisterDelayedCallback(func() { first = env.app() }, time.Minute)
	at := env.toCommitteeRereview()
	for i := range 3 {
		env.complete(at+time.Duration(i)*time.Minute, member(i), models.TaskCommitteeVote, vote(models.VoteSelect))
	}
	env.closeAt(at+time.Hour, "CS-2026-0001")
	env.ExecuteWorkflow(Application, testRereview(t))

	// The re-review opened at expert review with the operator's assignment task.
	require.Equal(t, models.AppExpertReview, first.Status)
	require.Len(t, first.Tasks, 1)
	require.Equal(t, models.TaskAssignExperts, first.Tasks[0].Kind)
	require.Equal(t, models.ActionRereviewOpened, first.Steps[0].Action)

	r := env.result()
	require.Equal(t, models.AppSelected, r.Status)
	require.Equal(t, "SVC-0001", r.ServiceID)
	require.Empty(t, r.NoticeNo, "no new selection notice")
	env.AssertNotCalled(t, "RegisterSelection", mock.Anything, mock.Anything)
	require.Equal(t, []activities.RereviewOutcomeInput{{ApplicationID: "APP-2026-000100", ServiceID: "SVC-0001",
		Outcome: models.RereviewConfirmed}}, env.confirmed)
	require.Empty(t, env.unfit)

	a := env.app()
	require.Equal(t, models.RereviewConfirmed, a.Rereview.Outcome)
	require.Equal(t, models.ActionRereviewConfirmed, a.Steps[len(a.Steps)-1].Action)
	require.NotNil(t, a.ClosedAt)
	require.Contains(t, a.ReviewReport, "security items skipped")
	require.Contains(t, env.notified, "application-APP-2026-000100/status-selected-"+strconv.Itoa(a.Version()))
	require.Equal(t, models.OutcomeSelected, env.answers[0].Decision.Outcome)
}

func TestApplication_RereviewNotSelectedAsksForUnfitRemoval(t *testing.T) {
	env := newRereviewEnv(t)
	// Deferred at the first session, not selected at the second: deferral works as for a
	// selection.
	env.sessions = []*models.SessionRef{session("CS-2026-0001"), session("CS-2026-0002")}
	at := env.toCommitteeRereview()
	for i := range 3 {
		env.complete(at+time.Duration(i)*time.Minute, member(i), models.TaskCommitteeVote, vote(models.VoteDefer))
	}
	env.closeAt(at+time.Hour, "CS-2026-0001")
	env.RegisterDelayedCallback(func() {
		env.SignalWorkflow(flow.SignalSessionOpened, flow.SessionOpenedSignal{SessionID: "CS-2026-0002"})
	}, at+2*time.Hour)
	next := at + 24*time.Hour
	env.complete(next, member(0), models.TaskCommitteeVote, models.TaskCompletion{Vote: "reject", Reason: "재무 건전성 회복 계획 부재"})
	env.complete(next+time.Minute, member(1), models.TaskCommitteeVote, vote(models.VoteReject))
	env.complete(next+2*time.Minute, member(2), models.TaskCommitteeVote, vote(models.VoteReject))
	env.closeAt(next+time.Hour, "CS-2026-0002")
	env.ExecuteWorkflow(Application, testRereview(t))

	r := env.result()
	require.Equal(t, models.AppNotSelected, r.Status)
	env.AssertNotCalled(t, "RegisterSelection", mock.Anything, mock.Anything)
	require.Empty(t, env.confirmed)
	require.Len(t, env.unfit, 1)
	require.Equal(t, "APP-2026-000100", env.unfit[0].ApplicationID)
	require.Equal(t, "SVC-0001", env.unfit[0].ServiceID)
	require.Contains(t, env.unfit[0].Reason, "credit rating CCC+")
	require.Contains(t, env.unfit[0].Reason, "재무 건전성 회복 계획 부재")
	// The removal it asks for reads in the visitor's language; its English is the Reason.
	require.NotNil(t, env.unfit[0].ReasonText)
	require.Equal(t, env.unfit[0].Reason, env.unfit[0].ReasonText.English())
	require.True(t, strings.HasPrefix(env.unfit[0].ReasonText.In(models.LangKO), "재심사 APP-2026-000100 미선정"),
		env.unfit[0].ReasonText.In(models.LangKO))

	a := env.app()
	require.Len(t, a.Decisions, 2)
	require.Equal(t, models.OutcomeDeferred, a.Decisions[0].Outcome)
	require.Equal(t, models.OutcomeNotSelected, a.Decisions[1].Outcome)
	require.Equal(t, models.RereviewUnfitRequested, a.Rereview.Outcome)
	require.Equal(t, models.ActionRereviewUnfit, a.Steps[len(a.Steps)-1].Action)
}

func TestApplication_RereviewCannotBeWithdrawn(t *testing.T) {
	env := newRereviewEnv(t)
	env.update(time.Hour, flow.UpdateWithdraw, flow.WithdrawInput{Actor: applicant, Withdraw: models.WithdrawInput{Reason: "철회"}}, models.ECONFLICT)
	env.RegisterDelayedCallback(func() {
		require.Equal(t, models.AppExpertReview, env.app().Status)
		env.CancelWorkflow()
	}, 2*time.Hour)
	env.ExecuteWorkflow(Application, testRereview(t))
	require.True(t, env.IsWorkflowCompleted())
}
