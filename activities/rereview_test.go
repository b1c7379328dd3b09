package activities_test

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
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
