package activities_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestRemoveServiceAndPublishNotice_IdempotentRetry: both steps of a removal may run again
// after a crash; the second run finds the first one's work.
func TestRemoveServiceAndPublishNotice_IdempotentRetry(t *testing.T) {
	env, st := setup(t)
	ctx := context.Background()
	var a *activities.Activities
	svc, err := st.GetService(ctx, "SVC-0001")
	require.NoError(t, err)
	f := models.InspectionFinding{At: time.Now(), Outcome: models.InspectionUnfit, Reason: "폐업 (business closed)"}
	n := models.NewUnfitNotice(svc, f)
	for range 2 {
		_, err := env.ExecuteActivity(a.RemoveService, "SVC-0001")
		require.NoError(t, err)
		_, err = env.ExecuteActivity(a.PublishUnfitNotice, n)
		require.NoError(t, err)
	}
	svc, err = st.GetService(ctx, "SVC-0001")
	require.NoError(t, err)
	require.Equal(t, models.ServiceRemoved, svc.Status)
	require.EqualValues(t, 1, countRows(t, st, "unfit_notices"))
	shown, err := st.CurrentUnfitNotices(ctx)
	require.NoError(t, err)
	require.Equal(t, []models.UnfitNotice{n}, shown)

	// An unknown service is a business error, not retried for ever.
	_, err = env.ExecuteActivity(a.RemoveService, "SVC-9999")
	var ae *temporal.ApplicationError
	require.True(t, errors.As(err, &ae), "%v", err)
	require.True(t, ae.NonRetryable())
}

func TestUnwatchedServicesAndStart(t *testing.T) {
	env, st := setup(t)
	var a *activities.Activities
	v, err := env.ExecuteActivity(a.UnwatchedServices, activities.UnwatchedServicesInput{After: "SVC-0001", Limit: 2})
	require.NoError(t, err)
	var ids []string
	require.NoError(t, v.Get(&ids))
	require.Equal(t, []string{"SVC-0002", "SVC-0003"}, ids)
	// Without a Temporal client nothing can be started: a configuration error, not retried.
	_, err = env.ExecuteActivity(a.StartServiceWatches, ids)
	var ae *temporal.ApplicationError
	require.True(t, errors.As(err, &ae), "%v", err)
	require.True(t, ae.NonRetryable())
	require.EqualValues(t, 0, countRows(t, st, "service_watches"))
}

func TestSetServiceCSAPAndInFlightOrders(t *testing.T) {
	env, st := setup(t)
	ctx := context.Background()
	var a *activities.Activities
	until, err := models.ParseDate("2031-01-31")
	require.NoError(t, err)
	_, err = env.ExecuteActivity(a.SetServiceCSAP, activities.SetServiceCSAPInput{ServiceID: "SVC-0001", ValidUntil: until})
	require.NoError(t, err)
	svc, err := st.GetService(ctx, "SVC-0001")
	require.NoError(t, err)
	require.Equal(t, "2031-01-31", svc.CSAPValidUntil.String())

	require.NoError(t, st.SaveOrder(ctx, order(t, "SVC-0001")))
	v, err := env.ExecuteActivity(a.InFlightOrders, "SVC-0001")
	require.NoError(t, err)
	var wids []string
	require.NoError(t, v.Get(&wids))
	require.Equal(t, []string{"order-ORD-2026-000042"}, wids)
}

func TestWatchedServiceKeepsHistoriesSmall(t *testing.T) {
	csap, _ := models.ParseDate("2029-06-30")
	svc := models.Service{ID: "SVC-0001", Name: "n", Description: "a long description", DescriptionEn: "more",
		Type: models.TypeCloud, Subtype: models.SubIaaS, Status: models.ServiceRegistered, CSAPValidUntil: &csap,
		Provider: models.Provider{Org: "PV-0001", Name: "p", BusinessNo: "101-81-12341", Size: models.SizeSME}}
	w := flow.WatchedService(svc)
	require.Empty(t, w.Description+w.DescriptionEn+w.Provider.BusinessNo)
	require.Equal(t, "SVC-0001", w.ID)
	require.Equal(t, "PV-0001", w.Provider.Org)
	require.Equal(t, &csap, w.CSAPValidUntil)
}
