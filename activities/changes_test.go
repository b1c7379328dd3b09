package activities_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
)

// TestApplyChangeRequest_IdempotentRetry: an approved change applied twice (a retried
// activity) changes the catalog once and records one history row per field.
func TestApplyChangeRequest_IdempotentRetry(t *testing.T) {
	env, st := setup(t)
	ctx := context.Background()
	svc, err := st.GetService(ctx, "SVC-0001")
	require.NoError(t, err)
	name, desc := svc.Name+" 2", "새 소개"
	p, err := models.ParseChangeRequest(models.ChangeRequestInput{
		Changes: models.ChangeFields{Name: &name, Description: &desc}, Reason: "갱신"}, svc)
	require.NoError(t, err)
	require.Equal(t, models.ChangeApproval, p.Path)
	now := time.Now()
	cr := models.NewChangeRequest("CR-2026-000042", "change-CR-2026-000042", p, svc,
		models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: "PV-0001"}, now)
	var a *activities.Activities
	_, err = env.ExecuteActivity(a.SaveChangeRequest, cr)
	require.NoError(t, err)
	yes := true
	require.NoError(t, cr.Decide(now, models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"},
		models.DecideChangeInput{Approve: &yes}))
	for range 2 {
		_, err = env.ExecuteActivity(a.ApplyChangeRequest, cr)
		require.NoError(t, err)
	}
	after, err := st.GetService(ctx, "SVC-0001")
	require.NoError(t, err)
	require.Equal(t, name, after.Name)
	require.Equal(t, desc, after.Description)
	require.EqualValues(t, 2, countRows(t, st, "service_changes"))
}
