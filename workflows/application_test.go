package workflows

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

func TestApplication_OK_SelectedWithSiteVisit(t *testing.T) {
	env := newAppEnv(t)
	env.sessions = []*models.SessionRef{session("CS-2026-0001")}
	at := env.toCommittee(true)
	for i := range 4 {
		env.complete(at+time.Duration(i)*time.Minute, member(i), models.TaskCommitteeVote, vote(models.VoteSelect))
	}
	var reviewing, visiting models.ApplicationStatus
	env.statusAt(30*time.Hour, &reviewing)
	env.statusAt(60*time.Hour, &visiting)
	env.closeAt(at+time.Hour, "CS-2026-0001")
	env.ExecuteWorkflow(Application, testApplication(t, allDocuments...))

	r := env.result()
	require.Equal(t, models.AppSelected, r.Status)
	require.Equal(t, "DS-2026-0001", r.NoticeNo)
	require.Equal(t, "SVC-9001", r.ServiceID)
	require.Equal(t, models.AppExpertReview, reviewing)
	require.Equal(t, models.AppSiteVisit, visiting)

	a := env.app()
	require.Equal(t, "2026-03-06", a.SelectedOn.String())
	require.NotNil(t, a.SiteVisit)
	require.Contains(t, a.ReviewReport, "2 of 2 experts")
	require.Len(t, a.Decisions, 1)
	require.Equal(t, models.OutcomeSelected, a.Decisions[0].Outcome)
	require.Equal(t, 4, a.Decisions[0].Present)
	require.Equal(t, []string{"APP-2026-000001"}, env.joined)
	require.Len(t, env.answers, 1)
	require.Equal(t, models.OutcomeSelected, env.answers[0].Decision.Outcome)
	// The fifth member did not vote: the task is cancelled, not left open.
	require.Empty(t, a.OpenTasks(start.Add(200*time.Hour)))
	// Every step says who took it.
	for _, s := range a.Steps {
		require.NotEmpty(t, s.Actor.Sub, s.Action)
	}
	require.Equal(t, models.AppSelected, env.saved[len(env.saved)-1])
	require.Contains(t, env.notified, "application-APP-2026-000001/status-selected-"+strconv.Itoa(a.Version()))
}

func TestApplication_Ineligible(t *testing.T) {
	env := newAppEnv(t)
	in := testApplication(t, allDocuments...)
	in.Request.Provider.CreditRating = "CCC"
	env.ExecuteWorkflow(Application, in)
	require.Equal(t, models.AppIneligible, env.result().Status)
	a := env.app()
	require.Contains(t, a.Reason, "CCC")
	require.Empty(t, a.Tasks)
	require.Equal(t, []models.ApplicationStatus{models.AppIneligible}, env.saved)
}

func TestApplication_SupplementTimeoutReturns(t *testing.T) {
	env := newAppEnv(t)
	in := testApplication(t, allDocuments[:5]...) // capability_proof, csap, sla missing
	var first models.ApplicationStatus
	env.statusAt(time.Minute, &first)
	// A partial supplement does not complete the set.
	env.update(time.Hour, flow.UpdateSupplement, flow.SupplementInput{Actor: applicant, Documents: []models.DocumentInput{
		{Kind: "sla_policy", Filename: "sla.pdf", SHA256: sum('a')}}}, "")
	env.ExecuteWorkflow(Application, in)
	require.Equal(t, models.AppSupplementRequested, first)
	require.Equal(t, models.AppReturned, env.result().Status)
	a := env.app()
	// Due 10 calendar days after 2 March, returned when that day ends in Seoul.
	require.Equal(t, "2026-03-12", a.SupplementDue.String())
	require.Equal(t, time.Date(2026, 3, 13, 0, 0, 0, 0, models.Seoul), a.ClosedAt.In(models.Seoul))
	require.Equal(t, []models.DocumentKind{models.DocCapabilityProof, models.DocCSAPCertificate}, a.MissingKinds)
	require.Equal(t, models.SystemActor, a.Steps[len(a.Steps)-1].Actor)
}

func TestApplication_SupplementThenDocumentCheck(t *testing.T) {
	env := newAppEnv(t)
	in := testApplication(t, allDocuments[:7]...) // sla_policy missing
	env.update(time.Hour, flow.UpdateSupplement, flow.SupplementInput{Actor: operator, Documents: []models.DocumentInput{
		{Kind: "sla_policy", Filename: "sla.pdf", SHA256: sum('a')}}}, models.EFORBIDDEN)
	env.update(2*time.Hour, flow.UpdateSupplement, flow.SupplementInput{Actor: applicant, Documents: []models.DocumentInput{
		{Kind: "sla_policy", Filename: "sla.pdf", SHA256: sum('a')}}}, "")
	// The operator finds the SLA defective and asks again; nothing comes: returned.
	env.complete(3*time.Hour, operator, models.TaskDocumentCheck, models.TaskCompletion{Outcome: "supplement", MissingKinds: []string{"sla_policy"}, Note: "SLA 가용성 수치 누락"})
	env.ExecuteWorkflow(Application, in)
	require.Equal(t, models.AppReturned, env.result().Status)
	a := env.app()
	require.Equal(t, "2026-03-12", a.SupplementDue.String())
	require.Len(t, a.Tasks, 1)
	require.Equal(t, models.TaskDone, a.Tasks[0].Status)
}

func TestApplication_DocumentCheckReturn(t *testing.T) {
	env := newAppEnv(t)
	env.complete(time.Hour, operator, models.TaskDocumentCheck, models.TaskCompletion{Outcome: "return", Note: "타 서비스 서류 제출"})
	env.ExecuteWorkflow(Application, testApplication(t, allDocuments...))
	require.Equal(t, models.AppReturned, env.result().Status)
	require.Equal(t, "타 서비스 서류 제출", env.app().Reason)
}

func TestApplication_TaskRules(t *testing.T) {
	env := newAppEnv(t)
	env.complete(time.Hour, operator, models.TaskDocumentCheck, accept())
	task := func(n int) string { return models.TaskID("APP-2026-000001", n) }
	// A second completion of the done document check is a conflict.
	env.update(90*time.Minute, flow.UpdateCompleteTask, flow.CompleteTaskInput{Actor: operator, Task: models.CompleteTaskInput{TaskID: task(1), Body: accept()}}, models.ECONFLICT)
	// An expert with a declared conflict of interest cannot be assigned.
	env.update(2*time.Hour, flow.UpdateCompleteTask, flow.CompleteTaskInput{Actor: operator, Task: models.CompleteTaskInput{TaskID: task(2),
		Body: models.TaskCompletion{Experts: []string{"kang.expert"}}, Candidates: candidates}}, models.EINVALID)
	env.complete(3*time.Hour, operator, models.TaskAssignExperts, models.TaskCompletion{Experts: []string{"cho.expert"}})
	// Another expert cannot complete cho's review; a security verdict is refused with CSAP.
	env.update(4*time.Hour, flow.UpdateCompleteTask, flow.CompleteTaskInput{Actor: expertB, Task: models.CompleteTaskInput{TaskID: task(3), Body: review(false)}}, models.EFORBIDDEN)
	bad := review(false)
	bad.Criteria.Security = "pass"
	env.update(5*time.Hour, flow.UpdateCompleteTask, flow.CompleteTaskInput{Actor: expertA, Task: models.CompleteTaskInput{TaskID: task(3), Body: bad}}, models.EINVALID)
	env.update(6*time.Hour, flow.UpdateCompleteTask, flow.CompleteTaskInput{Actor: expertA, Task: models.CompleteTaskInput{TaskID: "APP-2026-000001-T99", Body: review(false)}}, models.ENOTFOUND)
	env.update(7*time.Hour, flow.UpdateWithdraw, flow.WithdrawInput{Actor: applicant}, "")
	env.ExecuteWorkflow(Application, testApplication(t, allDocuments...))
	require.Equal(t, models.AppWithdrawn, env.result().Status)
	for _, tk := range env.app().Tasks {
		require.NotEqual(t, models.TaskOpen, tk.Status, tk.ID)
	}
}

func TestApplication_DeferredThenSelectedAtNextSession(t *testing.T) {
	env := newAppEnv(t)
	env.sessions = []*models.SessionRef{session("CS-2026-0001"), nil}
	at := env.toCommittee(false)
	// Two of five vote: no quorum, deferred. No session is open then; the next one opens.
	env.complete(at, member(0), models.TaskCommitteeVote, vote(models.VoteSelect))
	env.complete(at+time.Minute, member(1), models.TaskCommitteeVote, vote(models.VoteSelect))
	env.closeAt(at+time.Hour, "CS-2026-0001")
	var waiting *models.Application
	env.RegisterDelayedCallback(func() { waiting = env.app() }, at+2*time.Hour)
	env.RegisterDelayedCallback(func() {
		env.sessions = []*models.SessionRef{session("CS-2026-0002")}
		env.SignalWorkflow(flow.SignalSessionOpened, flow.SessionOpenedSignal{SessionID: "CS-2026-0002"})
	}, at+30*24*time.Hour)
	next := at + 31*24*time.Hour
	for i := range 3 {
		env.complete(next+time.Duration(i)*time.Minute, member(i), models.TaskCommitteeVote, vote(models.VoteSelect))
	}
	env.closeAt(next+time.Hour, "CS-2026-0002")
	env.ExecuteWorkflow(Application, testApplication(t, allDocuments...))

	require.Equal(t, models.AppSelected, env.result().Status)
	require.Equal(t, models.AppAwaitingCommittee, waiting.Status)
	require.Nil(t, waiting.Session)
	a := env.app()
	require.Len(t, a.Decisions, 2)
	require.Equal(t, models.OutcomeDeferred, a.Decisions[0].Outcome)
	require.Contains(t, a.Decisions[0].Reason, "no quorum")
	require.Equal(t, models.OutcomeSelected, a.Decisions[1].Outcome)
	require.Equal(t, []string{"APP-2026-000001", "APP-2026-000001"}, env.joined)
}

func TestApplication_RecusalAndNotSelected(t *testing.T) {
	env := newAppEnv(t)
	env.sessions = []*models.SessionRef{session("CS-2026-0001")}
	env.conflicts = map[string]string{"jang.committee": "did work for the provider since 2025-01-01 (용역·자문)"}
	at := env.toCommittee(false)
	env.complete(at, member(0), models.TaskCommitteeVote, models.TaskCompletion{Vote: "reject", Reason: "고객지원 체계 미흡"})
	env.complete(at+time.Minute, member(1), models.TaskCommitteeVote, vote(models.VoteReject))
	env.complete(at+2*time.Minute, member(3), models.TaskCommitteeVote, models.TaskCompletion{Recuse: true, Reason: "배우자 재직"})
	env.complete(at+3*time.Minute, member(4), models.TaskCommitteeVote, vote(models.VoteSelect))
	var joined *models.Application
	env.RegisterDelayedCallback(func() { joined = env.app() }, at-time.Minute)
	env.closeAt(at+time.Hour, "CS-2026-0001")
	env.ExecuteWorkflow(Application, testApplication(t, allDocuments...))

	require.Equal(t, models.AppNotSelected, env.result().Status)
	require.Contains(t, env.app().Reason, "reasons: 고객지원 체계 미흡")
	// The session hears the decision even though it ends the application's run.
	require.Len(t, env.answers, 1)
	require.Equal(t, models.OutcomeNotSelected, env.answers[0].Decision.Outcome)
	// The conflicted member got no vote task and is recorded as recused with the reason.
	for _, tk := range joined.Tasks {
		require.NotEqual(t, "jang.committee", tk.Assignee.Sub)
	}
	d := env.app().Decisions[0]
	require.Equal(t, models.CommitteeDecision{SessionID: "CS-2026-0001", Outcome: models.OutcomeNotSelected,
		Members: 5, Present: 3, Recused: 2, Select: 1, Reject: 2, Reason: d.Reason}, d)
}

func TestApplication_SessionRejectedJoinsNext(t *testing.T) {
	env := newAppEnv(t)
	env.sessions = []*models.SessionRef{session("CS-2026-0001"), session("CS-2026-0002")}
	env.replies["CS-2026-0001"] = flow.SignalSessionRejected
	at := env.toCommittee(false)
	var a *models.Application
	env.RegisterDelayedCallback(func() { a = env.app() }, at+time.Hour)
	env.update(at+2*time.Hour, flow.UpdateWithdraw, flow.WithdrawInput{Actor: applicant, Withdraw: models.WithdrawInput{Reason: "사업 재검토"}}, "")
	env.ExecuteWorkflow(Application, testApplication(t, allDocuments...))
	require.Equal(t, models.AppWithdrawn, env.result().Status)
	require.Equal(t, "CS-2026-0002", a.Session.ID)
	require.Equal(t, []string{"APP-2026-000001", "APP-2026-000001"}, env.joined)
}

func TestApplication_JoinFailsWhenSessionEnded(t *testing.T) {
	env := newAppEnv(t)
	env.sessions = []*models.SessionRef{session("CS-2026-0001")}
	env.joinErr = errors.New("workflow not found")
	at := env.toCommittee(false)
	var a *models.Application
	env.RegisterDelayedCallback(func() { a = env.app() }, at)
	env.update(at+time.Hour, flow.UpdateWithdraw, flow.WithdrawInput{Actor: applicant}, "")
	env.ExecuteWorkflow(Application, testApplication(t, allDocuments...))
	require.Equal(t, models.AppWithdrawn, env.result().Status)
	require.True(t, a.AwaitsSession(), "after a failed join the application waits for the next session")
	for _, tk := range a.Tasks {
		require.NotEqual(t, models.TaskOpen, tk.Status)
	}
}

func TestApplication_WithdrawInEveryState(t *testing.T) {
	for _, tc := range []struct {
		name  string
		kinds []models.DocumentKind
		steps func(e *appEnv) time.Duration
		want  models.ApplicationStatus
	}{
		{"document_check", allDocuments, func(*appEnv) time.Duration { return time.Hour }, models.AppDocumentCheck},
		{"supplement_requested", allDocuments[:3], func(*appEnv) time.Duration { return time.Hour }, models.AppSupplementRequested},
		{"expert_review", allDocuments, func(e *appEnv) time.Duration {
			e.complete(time.Hour, operator, models.TaskDocumentCheck, accept())
			return 2 * time.Hour
		}, models.AppExpertReview},
		{"site_visit", allDocuments, func(e *appEnv) time.Duration {
			e.complete(time.Hour, operator, models.TaskDocumentCheck, accept())
			e.complete(2*time.Hour, operator, models.TaskAssignExperts, models.TaskCompletion{Experts: []string{"cho.expert"}})
			e.complete(3*time.Hour, expertA, models.TaskExpertReview, review(true))
			return 4 * time.Hour
		}, models.AppSiteVisit},
		{"awaiting_committee without session", allDocuments, func(e *appEnv) time.Duration {
			return e.toCommittee(false)
		}, models.AppAwaitingCommittee},
		{"awaiting_committee on an agenda", allDocuments, func(e *appEnv) time.Duration {
			e.sessions = []*models.SessionRef{session("CS-2026-0001")}
			at := e.toCommittee(false)
			e.complete(at, member(0), models.TaskCommitteeVote, vote(models.VoteSelect))
			return at + time.Hour
		}, models.AppAwaitingCommittee},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newAppEnv(t)
			at := tc.steps(env)
			var before models.ApplicationStatus
			env.statusAt(at-time.Minute, &before)
			env.update(at, flow.UpdateWithdraw, flow.WithdrawInput{Actor: other}, models.ENOTFOUND)
			env.update(at+time.Minute, flow.UpdateWithdraw, flow.WithdrawInput{Actor: applicant, Withdraw: models.WithdrawInput{Reason: "자진 철회"}}, "")
			env.update(at+2*time.Minute, flow.UpdateWithdraw, flow.WithdrawInput{Actor: applicant}, models.ECONFLICT)
			env.ExecuteWorkflow(Application, testApplication(t, tc.kinds...))
			require.Equal(t, tc.want, before)
			require.Equal(t, models.AppWithdrawn, env.result().Status)
			a := env.app()
			require.Equal(t, "자진 철회", a.Reason)
			require.Equal(t, applicant.Sub, a.Steps[len(a.Steps)-1].Actor.Sub)
			require.Empty(t, a.OpenTasks(start))
		})
	}
}

func TestApplication_WithdrawnOnAgendaAnswersClose(t *testing.T) {
	env := newAppEnv(t)
	env.sessions = []*models.SessionRef{session("CS-2026-0001")}
	at := env.toCommittee(false)
	env.update(at, flow.UpdateWithdraw, flow.WithdrawInput{Actor: applicant}, "")
	// The close may arrive before the run ends; the answer says the application left.
	env.RegisterDelayedCallback(func() {
		env.SignalWorkflow(flow.SignalSessionClosing, flow.SessionClosingSignal{SessionID: "CS-2026-0001"})
	}, at)
	env.ExecuteWorkflow(Application, testApplication(t, allDocuments...))
	require.Equal(t, models.AppWithdrawn, env.result().Status)
	if len(env.answers) > 0 {
		require.Equal(t, models.OutcomeWithdrawn, env.answers[0].Decision.Outcome)
	}
}

func TestApplication_OverdueTaskIsRemindedAndStaysOpen(t *testing.T) {
	env := newAppEnv(t)
	// Nobody checks the documents for 7 days (due after 5); then the operator does and
	// returns the application.
	var late *models.Application
	env.RegisterDelayedCallback(func() { late = env.app() }, 6*24*time.Hour)
	env.complete(7*24*time.Hour, operator, models.TaskDocumentCheck, models.TaskCompletion{Outcome: "return", Note: "중복 신청"})
	env.ExecuteWorkflow(Application, testApplication(t, allDocuments...))
	require.Equal(t, models.AppReturned, env.result().Status)
	tk := late.Tasks[0]
	require.Equal(t, models.TaskOpen, tk.Status)
	require.True(t, tk.IsOverdue(start.Add(6*24*time.Hour)))
	require.NotNil(t, tk.RemindedAt)
	require.Equal(t, time.Date(2026, 3, 7, 10, 0, 0, 0, models.Seoul), tk.RemindedAt.In(models.Seoul))
	require.Contains(t, env.notified, "application-APP-2026-000001/reminder-"+tk.ID)
	n := 0
	for _, k := range env.notified {
		if strings.Contains(k, "reminder") {
			n++
		}
	}
	require.Equal(t, 1, n, "reminded once")
}

// A join the session never confirms (its workflow ended as the signal arrived) hands out
// no vote tasks; the application waits for the next session instead.
func TestApplication_UnconfirmedJoinWaitsForNextSession(t *testing.T) {
	env := newAppEnv(t)
	env.sessions = []*models.SessionRef{session("CS-2026-0001")}
	env.replies["CS-2026-0001"] = ""
	at := env.toCommittee(false)
	var waiting *models.Application
	env.RegisterDelayedCallback(func() { waiting = env.app() }, at+time.Hour)
	env.RegisterDelayedCallback(func() {
		env.sessions = []*models.SessionRef{session("CS-2026-0002")}
		env.SignalWorkflow(flow.SignalSessionOpened, flow.SessionOpenedSignal{SessionID: "CS-2026-0002"})
	}, at+2*time.Hour)
	var joined *models.Application
	env.RegisterDelayedCallback(func() { joined = env.app() }, at+3*time.Hour)
	env.update(at+4*time.Hour, flow.UpdateWithdraw, flow.WithdrawInput{Actor: applicant}, "")
	env.ExecuteWorkflow(Application, testApplication(t, allDocuments...))
	require.Equal(t, models.AppWithdrawn, env.result().Status)
	require.True(t, waiting.AwaitsSession())
	for _, tk := range waiting.Tasks {
		require.NotEqual(t, models.TaskCommitteeVote, tk.Kind, "no vote task for an unconfirmed session")
	}
	require.Equal(t, "CS-2026-0002", joined.Session.ID)
}
