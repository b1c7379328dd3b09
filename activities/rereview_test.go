package activities_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/worker"
)

// TestRequestRereview_StartsOneRereview: a quality case's re-review ground starts the
// re-review, an Application run in re-review mode at expert review, keyed by the case: the
// hook run twice (a retry) starts one and tells the operators once which application it is.
func TestRequestRereview_StartsOneRereview(t *testing.T) {
	ctx, st, svc, tc := withUnwatchedService(t)
	logger := slog.New(slog.DiscardHandler)
	// The activity environment's task queue: the re-review runs there, on a real worker.
	w := worker.NewOn(tc, "default-test-taskqueue", &activities.Activities{Store: st, Logger: logger, Temporal: tc})
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)

	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	env.RegisterActivity(&activities.Activities{Store: st, Logger: logger, Temporal: tc})
	var a *activities.Activities
	c := models.NewQualityCase(models.QualityDueService{ID: svc.ID, Name: svc.Name, Type: svc.Type,
		ProviderOrg: svc.Provider.Org, SelectedOn: *svc.SelectedOn}, time.Now().Year(), flow.QualityCaseWorkflowID(svc.ID, time.Now().Year()), time.Now())
	out := activities.QualityOutcomeInput{CaseID: c.ID, WorkflowID: c.WorkflowID, ServiceID: c.ServiceID,
		ServiceName: c.ServiceName, ProviderOrg: c.ProviderOrg, Reason: "선정기준 변경 selection criteria touched", At: time.Now()}
	for range 2 {
		_, err := env.ExecuteActivity(a.RequestRereview, out)
		require.NoError(t, err)
	}

	var ids []string
	require.NoError(t, st.DB().Raw(`SELECT application_id FROM rereviews WHERE case_ref = ?`, c.WorkflowID).Scan(&ids).Error)
	require.Len(t, ids, 1)
	toOperators, err := st.ListNotifications(ctx, "NIA", 10)
	require.NoError(t, err)
	require.Len(t, toOperators, 1)
	require.True(t, strings.HasSuffix(toOperators[0].Body, "re-review "+ids[0]), toOperators[0].Body)
	// An input recorded before the workflow passed the keyed reason: the reason as it came.
	require.Equal(t, "정기 품질점검에서 재심사 사유가 확인되었습니다: "+out.Reason+". 재심사 신청 번호: "+ids[0],
		toOperators[0].BodyText.In(models.LangKO))

	var app models.Application
	require.Eventually(t, func() bool {
		v, err := tc.QueryWorkflow(ctx, flow.ApplicationWorkflowID(ids[0]), "", flow.QueryApplication)
		return err == nil && v.Get(&app) == nil
	}, 10*time.Second, 50*time.Millisecond)
	require.Equal(t, models.AppExpertReview, app.Status)
	require.Equal(t, &models.RereviewRef{ServiceID: svc.ID, Ground: out.Reason, From: models.RereviewFromQuality,
		CaseRef: c.WorkflowID, CSAPValidUntil: app.Rereview.CSAPValidUntil}, app.Rereview)
	require.Equal(t, svc.Provider.BusinessNo, app.Provider.BusinessNo)
	valid := svc.CSAPValidUntil != nil && !svc.CSAPValidUntil.Before(models.DateOf(time.Now()).Time)
	require.Equal(t, valid, app.HasCSAP(), "the catalog's valid CSAP certificate skips the security items")
	require.NoError(t, tc.TerminateWorkflow(ctx, flow.ApplicationWorkflowID(ids[0]), "", "test done"))
}

// TestRequestRereview_GroundKeyed: the re-review a quality case starts carries the case's
// keyed reason as its ground, so that its pages read it in the visitor's language (the
// English of Ground stays for the REST API).
func TestRequestRereview_GroundKeyed(t *testing.T) {
	ctx, st, svc, tc := withUnwatchedService(t)
	acts := &activities.Activities{Store: st, Logger: slog.New(slog.DiscardHandler), Temporal: tc}
	w := worker.NewOn(tc, "default-test-taskqueue", acts)
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)
	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	env.RegisterActivity(acts)
	wid := flow.QualityCaseWorkflowID(svc.ID, time.Now().Year())
	ground := models.Msg("quality.on_site_continues")
	out := activities.QualityOutcomeInput{CaseID: "QC-ground", WorkflowID: wid, ServiceID: svc.ID,
		ServiceName: svc.Name, ProviderOrg: svc.Provider.Org, Reason: ground.English(), ReasonText: ground, At: time.Now()}
	var a *activities.Activities
	_, err := env.ExecuteActivity(a.RequestRereview, out)
	require.NoError(t, err)

	var id string
	require.NoError(t, st.DB().Raw(`SELECT application_id FROM rereviews WHERE case_ref = ?`, wid).Scan(&id).Error)
	var app models.Application
	require.Eventually(t, func() bool {
		v, err := tc.QueryWorkflow(ctx, flow.ApplicationWorkflowID(id), "", flow.QueryApplication)
		return err == nil && v.Get(&app) == nil
	}, 10*time.Second, 50*time.Millisecond)
	require.NotNil(t, app.Rereview)
	require.Equal(t, ground, app.Rereview.GroundText)
	require.Equal(t, ground.English(), app.Rereview.Ground)
	require.NoError(t, tc.TerminateWorkflow(ctx, flow.ApplicationWorkflowID(id), "", "test done"))
}

// TestConfirmRereview_ChangeRenewalRecordedOnce: a confirmed re-review of an information
// change records the renewed CSAP certificate on the watch once; a retry that finds the
// fact in the watch's record (the watch continued as new since, so the Update ID no longer
// tells) sends nothing. Without the fact the activity must reach Temporal, which this
// environment lacks: the refusal shows that the record is what spared the second Update.
func TestConfirmRereview_ChangeRenewalRecordedOnce(t *testing.T) {
	env, st := setup(t)
	ctx := context.Background()
	svc, err := st.GetService(ctx, "SVC-0001")
	require.NoError(t, err)
	renewed := models.DateOf(time.Now()).AddDate(3, 0, 0).Format(time.DateOnly)
	p, err := models.ParseChangeRequest(models.ChangeRequestInput{Changes: models.ChangeFields{CSAPValidUntil: &renewed},
		Reason: "CSAP 갱신"}, svc)
	require.NoError(t, err)
	require.Equal(t, models.ChangeRereview, p.Path)
	cr := models.NewChangeRequest("CR-2026-000901", flow.ChangeRequestWorkflowID("CR-2026-000901"), p, svc,
		models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: svc.Provider.Org}, time.Now())
	require.NoError(t, st.SaveChangeRequest(ctx, cr))
	appID, _, err := st.ClaimRereview(ctx, store.RereviewClaim{CaseRef: cr.WorkflowID, ServiceID: svc.ID,
		From: models.RereviewFromChange, Ground: "csap"}, time.Now())
	require.NoError(t, err)
	in := activities.RereviewOutcomeInput{ApplicationID: appID, ServiceID: svc.ID, Outcome: models.RereviewConfirmed}
	var a *activities.Activities

	_, err = env.ExecuteActivity(a.ConfirmRereview, in)
	require.ErrorContains(t, err, "no Temporal client", "without the fact on record the watch must be told")
	require.NotContains(t, err.Error(), "change request", "the watch is told before the request")

	w := models.NewServiceWatch(svc)
	w.Events = append(w.Events, models.InspectionEvent{Kind: models.InspectCSAP, Value: models.CSAPValidValue(renewed),
		Source: "정보 변경 " + cr.ID + " · 재심사 " + appID, RecordedBy: models.SystemActor.Sub, RecordedAt: time.Now()})
	w.Findings = append(w.Findings, models.InspectionFinding{At: time.Now(), Outcome: models.InspectionFit, By: models.SystemActor})
	require.NoError(t, st.SaveServiceWatch(ctx, w))
	// The watch is spared; what is left is to tell the request, which needs Temporal.
	_, err = env.ExecuteActivity(a.ConfirmRereview, in)
	require.ErrorContains(t, err, "no Temporal client to tell change request "+cr.WorkflowID)
}

// TestConfirmRereview_EndedChangeRequest: a re-review's decision on a change request that
// no longer runs (one that ended at its re-review's start, before requests waited for it)
// is done: selected or not, the outcome is recorded and nothing is retried.
func TestConfirmRereview_EndedChangeRequest(t *testing.T) {
	ctx, st, svc, tc := withUnwatchedService(t)
	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	env.RegisterActivity(&activities.Activities{Store: st, Logger: slog.New(slog.DiscardHandler), Temporal: tc})
	var a *activities.Activities
	sla := "가용성 99.9%"
	p, err := models.ParseChangeRequest(models.ChangeRequestInput{Changes: models.ChangeFields{SLA: &sla}, Reason: "SLA"}, svc)
	require.NoError(t, err)
	for i, outcome := range []string{models.RereviewConfirmed, models.RereviewUnfitRequested} {
		id := fmt.Sprintf("CR-2026-%06d", 950+i)
		// No workflow runs under this ID on the server: an ended request's history is gone.
		cr := models.NewChangeRequest(id, flow.ChangeRequestWorkflowID(id)+"-"+svc.ID, p, svc,
			models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: svc.Provider.Org}, time.Now())
		require.NoError(t, st.SaveChangeRequest(ctx, cr))
		appID, _, err := st.ClaimRereview(ctx, store.RereviewClaim{CaseRef: cr.WorkflowID, ServiceID: svc.ID,
			From: models.RereviewFromChange, Ground: "sla"}, time.Now())
		require.NoError(t, err)
		_, err = env.ExecuteActivity(a.ConfirmRereview, activities.RereviewOutcomeInput{ApplicationID: appID, ServiceID: svc.ID, Outcome: outcome})
		require.NoError(t, err)
		var got string
		require.NoError(t, st.DB().Raw(`SELECT outcome FROM rereviews WHERE application_id = ?`, appID).Scan(&got).Error)
		require.Equal(t, outcome, got)
	}
}
