package workflows

import (
	"context"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
)

type sessionEnv struct {
	*testsuite.TestWorkflowEnvironment
	t *testing.T
	// signalled records (workflow ID, signal name) of every signal the session sent.
	signalled [][2]string
	// gone lists application workflows that have ended: signals to them fail.
	gone  map[string]bool
	saved []models.SessionStatus
}

func newSessionEnv(t *testing.T, waiting ...string) *sessionEnv {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	env := &sessionEnv{TestWorkflowEnvironment: s.NewTestWorkflowEnvironment(), t: t, gone: map[string]bool{}}
	env.SetStartTime(start)
	env.RegisterWorkflow(CommitteeSession)
	env.OnActivity(acts.SaveSession, mock.Anything, mock.Anything).Return(
		func(_ context.Context, s *models.CommitteeSession) error {
			env.saved = append(env.saved, s.Status)
			return nil
		})
	env.OnActivity(acts.AwaitingApplications, mock.Anything).Return(waiting, nil)
	env.OnSignalExternalWorkflow(mock.Anything, mock.Anything, mock.Anything, mock.Anything, mock.Anything).Return(
		func(_, wid, _, name string, _ any) error {
			env.signalled = append(env.signalled, [2]string{wid, name})
			if env.gone[wid] {
				return errors.New("workflow not found")
			}
			return nil
		})
	return env
}

func sessionInput() *flow.SessionInput {
	held, _ := models.ParseDate("2026-03-20")
	return &flow.SessionInput{SessionID: "CS-2026-0001", Request: models.SessionRequest{HeldOn: held, Members: members}, OpenedBy: operator}
}

func (e *sessionEnv) join(d time.Duration, appID string) {
	e.RegisterDelayedCallback(func() {
		e.SignalWorkflow(flow.SignalJoinSession, flow.JoinSessionSignal{ApplicationID: appID, WorkflowID: flow.ApplicationWorkflowID(appID), ServiceName: "svc " + appID})
	}, d)
}

func (e *sessionEnv) answer(d time.Duration, appID string, outcome models.CommitteeOutcome) {
	e.RegisterDelayedCallback(func() {
		e.SignalWorkflow(flow.SignalSessionResult, flow.SessionResultSignal{ApplicationID: appID,
			Decision: models.CommitteeDecision{SessionID: "CS-2026-0001", Outcome: outcome}})
	}, d)
}

func (e *sessionEnv) closeAt(d time.Duration, by models.Actor, code string) {
	e.RegisterDelayedCallback(func() {
		e.UpdateWorkflow(flow.UpdateCloseSession, "", &testsuite.TestUpdateCallback{
			OnReject: func(err error) {
				if me := temporalerr.ModelError(err); code == "" || me == nil || me.Code != code {
					e.t.Errorf("close at %v: want %q, got %v", d, code, err)
				}
			},
			OnAccept: func() {
				if code != "" {
					e.t.Errorf("close at %v accepted, want %s", d, code)
				}
			},
			OnComplete: func(any, error) {},
		}, flow.CloseSessionInput{Actor: by})
	}, d)
}

func (e *sessionEnv) session() *models.CommitteeSession {
	e.t.Helper()
	v, err := e.QueryWorkflow(flow.QuerySession)
	require.NoError(e.t, err)
	var s models.CommitteeSession
	require.NoError(e.t, v.Get(&s))
	return &s
}

func TestCommitteeSession_OK_DecidesEveryAgendaItem(t *testing.T) {
	env := newSessionEnv(t, flow.ApplicationWorkflowID("APP-2026-000009"))
	env.join(time.Hour, "APP-2026-000001")
	env.join(2*time.Hour, "APP-2026-000002")
	env.join(3*time.Hour, "APP-2026-000001") // a repeated join changes nothing
	env.join(4*time.Hour, "APP-2026-000003")
	env.gone[flow.ApplicationWorkflowID("APP-2026-000003")] = true // withdrawn and ended before the close
	env.closeAt(5*time.Hour, expertA, models.EFORBIDDEN)
	env.closeAt(6*time.Hour, operator, "")
	env.answer(6*time.Hour+time.Minute, "APP-2026-000001", models.OutcomeSelected)
	env.answer(6*time.Hour+2*time.Minute, "APP-2026-000002", models.OutcomeDeferred)
	env.closeAt(7*time.Hour, operator, models.ECONFLICT)
	env.ExecuteWorkflow(CommitteeSession, sessionInput())

	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	s := env.session()
	require.Equal(t, models.SessionClosed, s.Status)
	require.Equal(t, "park.operator", s.ClosedBy)
	require.Len(t, s.Agenda, 3)
	outcomes := map[string]models.CommitteeOutcome{}
	for _, it := range s.Agenda {
		outcomes[it.ApplicationID] = it.Decision.Outcome
	}
	require.Equal(t, map[string]models.CommitteeOutcome{
		"APP-2026-000001": models.OutcomeSelected, "APP-2026-000002": models.OutcomeDeferred,
		"APP-2026-000003": models.OutcomeWithdrawn}, outcomes)
	require.Equal(t, [2]string{flow.ApplicationWorkflowID("APP-2026-000009"), flow.SignalSessionOpened}, env.signalled[0])
	require.Contains(t, s.Steps[len(s.Steps)-1].Note, "1 selected, 0 not selected, 1 deferred, 1 withdrawn")
	// A Korean page reads the session's notes in Korean.
	require.Equal(t, "선정 1건, 미선정 0건, 보류 1건, 철회 1건", s.Steps[len(s.Steps)-1].NoteText.In(models.LangKO))
	require.Regexp(t, `^개최일 \d{4}-\d{2}-\d{2}, 위원장 \S+, 위원 \d+명$`, s.Steps[0].NoteText.In(models.LangKO))
	require.Equal(t, models.SessionClosed, env.saved[len(env.saved)-1])
}

func TestCommitteeSession_JoinAfterCloseIsTurnedAway(t *testing.T) {
	env := newSessionEnv(t)
	env.join(time.Hour, "APP-2026-000001")
	env.closeAt(2*time.Hour, operator, "")
	// This join arrives while the session waits for the first application's answer.
	env.join(2*time.Hour+time.Minute, "APP-2026-000002")
	env.answer(2*time.Hour+2*time.Minute, "APP-2026-000001", models.OutcomeNotSelected)
	env.ExecuteWorkflow(CommitteeSession, sessionInput())
	require.NoError(t, env.GetWorkflowError())
	require.Contains(t, env.signalled, [2]string{flow.ApplicationWorkflowID("APP-2026-000002"), flow.SignalSessionRejected})
	require.Len(t, env.session().Agenda, 1)
}

func TestCommitteeSession_UnansweredItemDoesNotBlockForever(t *testing.T) {
	env := newSessionEnv(t)
	env.join(time.Hour, "APP-2026-000001")
	env.closeAt(2*time.Hour, operator, "")
	env.ExecuteWorkflow(CommitteeSession, sessionInput())
	require.NoError(t, env.GetWorkflowError())
	s := env.session()
	require.Equal(t, models.SessionClosed, s.Status)
	require.Nil(t, s.Agenda[0].Decision)
	require.Contains(t, s.Steps[len(s.Steps)-1].Note, "1 without an answer within 7 days")
	require.Contains(t, s.Steps[len(s.Steps)-1].NoteText.In(models.LangKO), "7일 안에 답하지 않은 신청 1건")
}
