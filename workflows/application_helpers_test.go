package workflows

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
)

var (
	applicant = models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: "PV-0001"}
	operator  = models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"}
	expertA   = models.Actor{Sub: "cho.expert", Role: models.RoleExpert, Org: "ETRI"}
	expertB   = models.Actor{Sub: "yoo.expert", Role: models.RoleExpert, Org: "KAIST"}
	members   = []string{"song.committee", "lim.committee", "jang.committee", "kwon.committee", "hwang.committee"}
)

func sum(c byte) string { return strings.Repeat(string(c), 64) }

// testApplication is a cloud SaaS application from PV-0001 carrying the documents of kinds.
func testApplication(t *testing.T, kinds ...models.DocumentKind) *flow.ApplicationInput {
	t.Helper()
	docs := make([]models.DocumentInput, len(kinds))
	for i, k := range kinds {
		docs[i] = models.DocumentInput{Kind: string(k), Filename: string(k) + ".pdf", SHA256: sum("0123456789abcdef"[i%16]), Size: 1024}
	}
	req, err := models.ParseApplication(models.ApplicationInput{
		Service: models.ApplicationServiceInput{Name: "한빛 전자결재 SaaS", Type: "cloud", Subtype: "saas", Description: "기관용 전자결재·문서관리 SaaS"},
		Provider: models.ApplicantInput{BusinessNo: "123-45-67890", Name: "(주)한빛소프트", FoundedOn: "2015-04-01",
			CreditRating: "BBB", BusinessStatus: "active", Size: "sme"},
		Documents: docs,
	}, applicant.Org, applicant.Sub, start)
	require.NoError(t, err)
	return &flow.ApplicationInput{ApplicationID: "APP-2026-000001", Request: req, AppliedBy: applicant}
}

// allDocuments is every kind a cloud application requires.
var allDocuments = models.RequiredDocuments(models.TypeCloud, false, false)

type appEnv struct {
	*testsuite.TestWorkflowEnvironment
	t *testing.T
	// mu guards what the mocks record: the test environment may run two activities at
	// once on goroutines of their own.
	mu       sync.Mutex
	saved    []models.ApplicationStatus
	notified []string
	// sessions are returned by NextSession in turn; nil entries mean "none open".
	sessions  []*models.SessionRef
	conflicts map[string]string
	// answers records the decisions sent to sessions.
	answers []flow.SessionResultSignal
	joined  []string
	// lookups are the NextSession inputs, the sessions to skip among them.
	lookups []activities.NextSessionInput
	// joinErr makes the join signal fail, as when the session's workflow has ended.
	joinErr error
	// replies is each session's answer to a join: joined unless set to rejected or "" (none).
	replies map[string]string
	// registerRefusals is how many registrations the catalog refuses for a business reason
	// before it accepts one; registrations counts the attempts.
	registerRefusals, registrations int
}

func newAppEnv(t *testing.T) *appEnv {
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	env := &appEnv{TestWorkflowEnvironment: s.NewTestWorkflowEnvironment(), t: t, replies: map[string]string{}}
	env.SetStartTime(start)
	env.RegisterWorkflow(Application)
	env.OnActivity(acts.SaveApplication, mock.Anything, mock.Anything).Return(
		func(_ context.Context, a *models.Application) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.saved = append(env.saved, a.Status)
			return nil
		})
	env.OnActivity(acts.Notify, mock.Anything, mock.Anything).Return(
		func(_ context.Context, n models.Notification) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.notified = append(env.notified, n.Key)
			return nil
		})
	env.OnActivity(acts.SaveApplicationAndNotify, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.ApplicationSave) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.saved = append(env.saved, in.Application.Status)
			for _, n := range in.Notifications {
				env.notified = append(env.notified, n.Key)
			}
			return nil
		})
	env.OnActivity(acts.NextSession, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.NextSessionInput) (activities.NextSessionResult, error) {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.lookups = append(env.lookups, in)
			if len(env.sessions) == 0 {
				return activities.NextSessionResult{}, nil
			}
			s := env.sessions[0]
			env.sessions = env.sessions[1:]
			return activities.NextSessionResult{Session: s, Conflicts: env.conflicts}, nil
		})
	env.OnActivity(acts.RegisterSelection, mock.Anything, mock.Anything).Return(
		func(context.Context, *models.Application) (activities.RegisterSelectionResult, error) {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.registrations++
			if env.registerRefusals > 0 {
				env.registerRefusals--
				return activities.RegisterSelectionResult{}, temporalerr.Wrap(models.Errorf(models.ECONFLICT,
					"business number 123-45-67890 is registered to another organization"))
			}
			return activities.RegisterSelectionResult{NoticeNo: "DS-2026-0001", ServiceID: "SVC-9001"}, nil
		})
	env.OnSignalExternalWorkflow(mock.Anything, mock.Anything, mock.Anything, flow.SignalJoinSession, mock.Anything).Return(
		func(_, wid, _, _ string, arg any) error {
			env.mu.Lock()
			env.joined = append(env.joined, arg.(flow.JoinSessionSignal).ApplicationID)
			env.mu.Unlock()
			if env.joinErr != nil {
				return env.joinErr
			}
			id := strings.TrimPrefix(wid, "committee-")
			reply, set := env.replies[id]
			if !set {
				reply = flow.SignalSessionJoined
			}
			switch reply {
			case flow.SignalSessionJoined:
				env.RegisterDelayedCallback(func() { env.SignalWorkflow(reply, flow.SessionJoinedSignal{SessionID: id}) }, time.Second)
			case flow.SignalSessionRejected:
				env.RegisterDelayedCallback(func() { env.SignalWorkflow(reply, flow.SessionRejectedSignal{SessionID: id}) }, time.Second)
			}
			return nil
		})
	env.OnSignalExternalWorkflow(mock.Anything, mock.Anything, mock.Anything, flow.SignalSessionResult, mock.Anything).Return(
		func(_, _, _, _ string, arg any) error {
			env.mu.Lock()
			defer env.mu.Unlock()
			env.answers = append(env.answers, arg.(flow.SessionResultSignal))
			return nil
		})
	return env
}

func session(id string) *models.SessionRef {
	held, _ := models.ParseDate("2026-04-15")
	return &models.SessionRef{ID: id, WorkflowID: flow.SessionWorkflowID(id), HeldOn: held, Members: members}
}

// complete schedules a task completion at d, found by kind and assignee at that moment.
func (e *appEnv) complete(d time.Duration, by models.Actor, kind models.TaskKind, body models.TaskCompletion) {
	e.RegisterDelayedCallback(func() {
		id := e.taskID(by, kind)
		e.UpdateWorkflow(flow.UpdateCompleteTask, "", &testsuite.TestUpdateCallback{
			OnReject:   func(err error) { e.t.Errorf("%s by %s rejected at %v: %v", kind, by.Sub, d, err) },
			OnAccept:   func() {},
			OnComplete: func(any, error) {},
		}, flow.CompleteTaskInput{Actor: by, Task: models.CompleteTaskInput{TaskID: id, Body: body, Candidates: candidates}})
	}, d)
}

var candidates = []models.ExpertCandidate{
	{Sub: "cho.expert", IsExpert: true}, {Sub: "yoo.expert", IsExpert: true},
	{Sub: "kang.expert", IsExpert: true, Conflict: "worked for the provider within 3 years (재직)"},
}

// update schedules an Update at d expecting rejection with code, or acceptance if code is "".
func (e *appEnv) update(d time.Duration, name string, arg any, code string) {
	e.RegisterDelayedCallback(func() {
		e.UpdateWorkflow(name, "", &testsuite.TestUpdateCallback{
			OnReject: func(err error) {
				if me := temporalerr.ModelError(err); code == "" || me == nil || me.Code != code {
					e.t.Errorf("%s at %v: want %q, got %v", name, d, code, err)
				}
			},
			OnAccept: func() {
				if code != "" {
					e.t.Errorf("%s at %v accepted, want %s", name, d, code)
				}
			},
			OnComplete: func(any, error) {},
		}, arg)
	}, d)
}

func (e *appEnv) taskID(by models.Actor, kind models.TaskKind) string {
	for _, t := range e.app().Tasks {
		if t.Kind == kind && t.Status == models.TaskOpen && t.AssignedTo(by) {
			return t.ID
		}
	}
	e.t.Errorf("no open %s task for %s", kind, by.Sub)
	return ""
}

func (e *appEnv) app() *models.Application {
	e.t.Helper()
	v, err := e.QueryWorkflow(flow.QueryApplication)
	require.NoError(e.t, err)
	var a models.Application
	require.NoError(e.t, v.Get(&a))
	return &a
}

func (e *appEnv) statusAt(d time.Duration, out *models.ApplicationStatus) {
	e.RegisterDelayedCallback(func() { *out = e.app().Status }, d)
}

func (e *appEnv) result() *flow.ApplicationResult {
	e.t.Helper()
	require.True(e.t, e.IsWorkflowCompleted())
	require.NoError(e.t, e.GetWorkflowError())
	var r flow.ApplicationResult
	require.NoError(e.t, e.GetWorkflowResult(&r))
	return &r
}

func accept() models.TaskCompletion {
	return models.TaskCompletion{Outcome: "accept", Note: "서류 완비"}
}

func review(siteVisit bool) models.TaskCompletion {
	return models.TaskCompletion{Opinion: "suitable", SiteVisit: &siteVisit, Comment: "가용성·백업 체계 양호",
		Criteria: &models.ReviewCriteria{Eligibility: "pass", Management: "pass", Security: "na", Stability: "pass", Support: "pass"}}
}

func vote(v models.VoteChoice) models.TaskCompletion { return models.TaskCompletion{Vote: string(v)} }

func member(i int) models.Actor {
	return models.Actor{Sub: members[i], Role: models.RoleCommittee, Org: "MSIT"}
}

// toCommittee schedules the steps from document check to the committee's agenda.
func (e *appEnv) toCommittee(siteVisit bool) time.Duration {
	e.complete(time.Hour, operator, models.TaskDocumentCheck, accept())
	e.complete(2*time.Hour, operator, models.TaskAssignExperts, models.TaskCompletion{Experts: []string{"cho.expert", "yoo.expert"}})
	e.complete(24*time.Hour, expertA, models.TaskExpertReview, review(siteVisit))
	e.complete(48*time.Hour, expertB, models.TaskExpertReview, review(false))
	if siteVisit {
		e.complete(72*time.Hour, operator, models.TaskSiteVisit, models.TaskCompletion{HeldOn: "2026-03-04", Report: "데이터센터 실사, 백업 복구 시연 확인"})
	}
	return 96 * time.Hour
}

// closeAt sends the session's closing signal at d.
func (e *appEnv) closeAt(d time.Duration, id string) {
	e.RegisterDelayedCallback(func() { e.SignalWorkflow(flow.SignalSessionClosing, flow.SessionClosingSignal{SessionID: id}) }, d)
}
