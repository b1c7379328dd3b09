package activities_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

func qualitySetup(t *testing.T) (*testsuite.TestActivityEnvironment, *store.Store) {
	t.Helper()
	st := storetest.New(t)
	_, err := store.Seed(context.Background(), st, time.Date(2024, 2, 1, 9, 0, 0, 0, models.Seoul))
	require.NoError(t, err)
	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	env.RegisterActivity(&activities.Activities{Store: st, Logger: slog.New(slog.DiscardHandler)})
	return env, st
}

// TestQuality_IdempotentRetry: each activity run twice (a retry after a timeout)
// leaves what one run leaves.
func TestQuality_IdempotentRetry(t *testing.T) {
	env, st := qualitySetup(t)
	var a *activities.Activities
	now := time.Date(2025, 3, 2, 9, 0, 0, 0, models.Seoul)

	var page activities.QualityDuePage
	for range 2 {
		v, err := env.ExecuteActivity(a.ListQualityDueServices, activities.ListQualityDueInput{Cutoff: models.QualityCycleCutoff(2025), Limit: 3})
		require.NoError(t, err)
		require.NoError(t, v.Get(&page))
		require.Len(t, page.Services, 3)
		require.True(t, page.More)
		require.Equal(t, "SVC-0001", page.Services[0].ID)
	}

	c := models.NewQualityCase(page.Services[0], 2025, flow.QualityCaseWorkflowID(page.Services[0].ID, 2025), now)
	for range 2 {
		_, err := env.ExecuteActivity(a.SaveQualityCase, c)
		require.NoError(t, err)
		_, err = env.ExecuteActivity(a.RequestQualityReport, c)
		require.NoError(t, err)
	}
	require.EqualValues(t, 1, countRows(t, st, "quality_cases"))
	sent, err := st.ListNotifications(context.Background(), c.ProviderOrg, 10)
	require.NoError(t, err)
	require.Len(t, sent, 1)
	require.Contains(t, sent[0].Body, c.ReportDue.String())

	out := activities.QualityOutcomeInput{CaseID: c.ID, WorkflowID: c.WorkflowID, ServiceID: c.ServiceID,
		ServiceName: c.ServiceName, ProviderOrg: c.ProviderOrg, Reason: "CSAP 인증 취소", At: now}
	for range 2 {
		_, err := env.ExecuteActivity(a.RequestRereview, out)
		require.NoError(t, err)
	}
	toOperators, err := st.ListNotifications(context.Background(), "NIA", 10)
	require.NoError(t, err)
	require.Len(t, toOperators, 1, "one re-review request (DeclareUnfit: TestDeclareUnfit_RemovesThroughTheWatch)")
}

func TestQuality_ErrCutoffRequired(t *testing.T) {
	env, _ := qualitySetup(t)
	var a *activities.Activities
	_, err := env.ExecuteActivity(a.ListQualityDueServices, activities.ListQualityDueInput{Limit: 3})
	require.Error(t, err)
}
