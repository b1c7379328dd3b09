package activities_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
	"github.com/dsmarket/dsmarket/temporalerr"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// selectionNow is the activities' clock; the demo data is seeded on the same day, so its
// declared relations hold.
var selectionNow = time.Date(2026, 3, 4, 10, 0, 0, 0, models.Seoul)

var (
	operator  = models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"}
	expert    = models.Actor{Sub: "cho.expert", Role: models.RoleExpert, Org: "ETRI"}
	committee = []string{"song.committee", "jang.committee", "kwon.committee"}
)

func setupSelection(t *testing.T) (*testsuite.TestActivityEnvironment, *store.Store) {
	t.Helper()
	st := storetest.New(t)
	_, err := store.Seed(context.Background(), st, selectionNow)
	require.NoError(t, err)
	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	env.RegisterActivity(&activities.Activities{Store: st, Logger: slog.New(slog.DiscardHandler),
		Clock: func() time.Time { return selectionNow }})
	return env, st
}

// application opens a complete cloud application of PV-0001 and takes it as far as
// status: awaiting_committee or selected.
func application(t *testing.T, st *store.Store, id string, status models.ApplicationStatus) *models.Application {
	t.Helper()
	p, err := st.GetProvider(context.Background(), "PV-0001")
	require.NoError(t, err)
	kinds := models.RequiredDocuments(models.TypeCloud, false, false)
	docs := make([]models.DocumentInput, len(kinds))
	for i, k := range kinds {
		docs[i] = models.DocumentInput{Kind: string(k), Filename: string(k) + ".pdf", SHA256: strings.Repeat(fmt.Sprintf("%x", i), 64)}
	}
	req, err := models.ParseApplication(models.ApplicationInput{
		Service: models.ApplicationServiceInput{Name: "한빛 스마트 민원함 " + id, Type: "cloud", Subtype: "saas", Description: "민원 접수와 처리"},
		Provider: models.ApplicantInput{BusinessNo: p.BusinessNo, Name: p.Name, FoundedOn: "2010-05-01",
			CreditRating: "BBB", BusinessStatus: "active", Size: "sme"},
		Documents: docs,
	}, "PV-0001", "jung.provider", selectionNow)
	require.NoError(t, err)
	now := selectionNow
	a := models.NewApplication(id, flow.ApplicationWorkflowID(id), req, models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: "PV-0001"}, now)
	complete := func(x models.Actor, kind models.TaskKind, body models.TaskCompletion, cands ...models.ExpertCandidate) {
		t.Helper()
		for _, task := range a.OpenTasks(now) {
			if task.Kind == kind && task.AssignedTo(x) {
				require.NoError(t, a.CompleteTask(now, x, models.CompleteTaskInput{TaskID: task.ID, Body: body, Candidates: cands}))
				return
			}
		}
		t.Fatalf("no open %s task for %s", kind, x.Sub)
	}
	complete(operator, models.TaskDocumentCheck, models.TaskCompletion{Outcome: "accept"})
	complete(operator, models.TaskAssignExperts, models.TaskCompletion{Experts: []string{expert.Sub}},
		models.ExpertCandidate{Sub: expert.Sub, IsExpert: true})
	no := false
	complete(expert, models.TaskExpertReview, models.TaskCompletion{Opinion: "suitable", SiteVisit: &no,
		Criteria: &models.ReviewCriteria{Eligibility: "pass", Management: "pass", Security: "na", Stability: "pass", Support: "pass"}})
	require.Equal(t, models.AppAwaitingCommittee, a.Status)
	if status == models.AppSelected {
		members := []string{"song.committee", "kwon.committee", "hwang.committee"}
		ref := models.SessionRef{ID: "CS-2026-0001", WorkflowID: "committee-CS-2026-0001", HeldOn: models.DateOf(now), Members: members}
		a.JoinSession(now, ref, nil)
		for _, m := range members {
			complete(models.Actor{Sub: m, Role: models.RoleCommittee, Org: "MSIT"}, models.TaskCommitteeVote, models.TaskCompletion{Vote: "select"})
		}
		a.DecideSession(now, ref.ID)
		require.Equal(t, models.AppSelected, a.Status)
	}
	return a
}

func session(id string, heldOn time.Time, status models.SessionStatus) *models.CommitteeSession {
	return &models.CommitteeSession{ID: id, WorkflowID: "committee-" + id, HeldOn: models.DateOf(heldOn),
		Members: committee, Status: status, OpenedBy: operator.Sub, OpenedAt: selectionNow,
		Steps: []models.Step{{At: selectionNow, Actor: operator, Action: "opened", Status: string(status)}}}
}

func TestSaveApplicationAndNotify_WritesBothOnceAcrossRetries(t *testing.T) {
	env, st := setupSelection(t)
	var a *activities.Activities
	app := application(t, st, "APP-2026-000001", models.AppAwaitingCommittee)
	n := models.Notification{Key: app.WorkflowID + "/status-awaiting_committee-3", ToRole: models.RoleProvider,
		ToOrg: app.Provider.Org, CaseType: "application", CaseID: app.ID, Subject: "심사위원회 상정 Awaiting the committee"}
	before := countRows(t, st, "notifications")
	for range 2 {
		_, err := env.ExecuteActivity(a.SaveApplicationAndNotify, activities.ApplicationSave{Application: app, Notifications: []models.Notification{n}})
		require.NoError(t, err)
	}
	got, err := st.GetApplication(context.Background(), app.ID)
	require.NoError(t, err)
	require.Equal(t, models.AppAwaitingCommittee, got.Status)
	require.Equal(t, before+1, countRows(t, st, "notifications"), "the notification is queued once")
}

func TestSaveApplication_RetryOfOlderVersion(t *testing.T) {
	env, st := setupSelection(t)
	var a *activities.Activities
	newer := application(t, st, "APP-2026-000001", models.AppAwaitingCommittee)
	older := *newer
	older.Steps = older.Steps[:2]
	older.Status = models.AppDocumentCheck
	for _, app := range []*models.Application{newer, &older, newer} {
		_, err := env.ExecuteActivity(a.SaveApplication, app)
		require.NoError(t, err)
	}
	got, err := st.GetApplication(context.Background(), newer.ID)
	require.NoError(t, err)
	require.Equal(t, models.AppAwaitingCommittee, got.Status)
	require.Equal(t, newer.Version(), got.Version())
	require.EqualValues(t, len(newer.Tasks), countRows(t, st, "tasks"))

	v, err := env.ExecuteActivity(a.AwaitingApplications)
	require.NoError(t, err)
	var ids []string
	require.NoError(t, v.Get(&ids))
	require.Equal(t, []string{newer.WorkflowID}, ids)
}

func TestNextSession(t *testing.T) {
	env, st := setupSelection(t)
	var a *activities.Activities
	bn := application(t, st, "APP-2026-000001", models.AppAwaitingCommittee).Provider.BusinessNo
	next := func(skip ...string) activities.NextSessionResult {
		t.Helper()
		v, err := env.ExecuteActivity(a.NextSession, activities.NextSessionInput{ApplicationID: "APP-2026-000001", BusinessNo: bn, Skip: skip})
		require.NoError(t, err)
		var res activities.NextSessionResult
		require.NoError(t, v.Get(&res))
		return res
	}

	require.Nil(t, next().Session, "no session yet")
	for _, cs := range []*models.CommitteeSession{
		session("CS-2026-0002", selectionNow.AddDate(0, 1, 0), models.SessionOpen),
		session("CS-2026-0001", selectionNow.AddDate(0, 0, 7), models.SessionOpen),
		session("CS-2026-0003", selectionNow.AddDate(0, 0, 1), models.SessionClosed),
	} {
		_, err := env.ExecuteActivity(a.SaveSession, cs)
		require.NoError(t, err)
	}

	res := next()
	require.NotNil(t, res.Session)
	require.Equal(t, "CS-2026-0001", res.Session.ID)
	require.Equal(t, "committee-CS-2026-0001", res.Session.WorkflowID)
	require.Equal(t, models.DateOf(selectionNow.AddDate(0, 0, 7)).String(), res.Session.HeldOn.String())
	require.Equal(t, committee, res.Session.Members)
	// jang.committee advises PV-0001 (seed.go): recused on joining; the others vote.
	require.Len(t, res.Conflicts, 1)
	require.Contains(t, res.Conflicts["jang.committee"], "용역")

	require.Equal(t, "CS-2026-0002", next("CS-2026-0001").Session.ID)
	require.Nil(t, next("CS-2026-0001", "CS-2026-0002").Session)
}

func TestRegisterSelection_IdempotentRetry(t *testing.T) {
	env, st := setupSelection(t)
	var a *activities.Activities
	app := application(t, st, "APP-2026-000001", models.AppSelected)
	var first activities.RegisterSelectionResult
	for i := range 2 {
		v, err := env.ExecuteActivity(a.RegisterSelection, app)
		require.NoError(t, err)
		var res activities.RegisterSelectionResult
		require.NoError(t, v.Get(&res))
		if i == 0 {
			first = res
			continue
		}
		require.Equal(t, first, res)
	}
	require.Regexp(t, `^DS-2026-\d{4}$`, first.NoticeNo)
	require.EqualValues(t, 1, countRows(t, st, "selection_notices"))
	svc, err := st.GetService(context.Background(), first.ServiceID)
	require.NoError(t, err)
	require.Equal(t, models.ServiceRegistered, svc.Status)
	require.Equal(t, "2026-03-04", svc.SelectedOn.String())
	require.Equal(t, "PV-0001", svc.Provider.Org)

	// The workflow records the registration on the application and saves it.
	app.Register(selectionNow, first.NoticeNo, first.ServiceID)
	_, err = env.ExecuteActivity(a.SaveApplication, app)
	require.NoError(t, err)
	got, err := st.GetApplication(context.Background(), app.ID)
	require.NoError(t, err)
	require.Equal(t, first.ServiceID, got.ServiceID)
}

func TestRegisterSelection_NotSelectedIsNotRetried(t *testing.T) {
	env, st := setupSelection(t)
	var a *activities.Activities
	_, err := env.ExecuteActivity(a.RegisterSelection, application(t, st, "APP-2026-000001", models.AppAwaitingCommittee))
	require.Error(t, err)
	me := temporalerr.ModelError(err)
	require.NotNil(t, me, "%v", err)
	require.Equal(t, models.ECONFLICT, me.Code)
	require.EqualValues(t, 0, countRows(t, st, "selection_notices"))
}
