package activities_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
)

// TestSaveDirectContract_IdempotentRetry: a retried projection write finds the first and
// adds nothing, neither to the projection nor to the contract register.
func TestSaveDirectContract_IdempotentRetry(t *testing.T) {
	env, st := setup(t)
	now := time.Now()
	req, err := models.ParseDirectContract(models.DirectContractInput{ServiceID: "SVC-0001", Title: "민원포털 운영",
		ContractedOn: models.DateOf(now).AddDate(0, 0, -3).Format(time.DateOnly), AmountKRW: 30_000_000,
		PeriodFrom: models.DateOf(now).Format(time.DateOnly), PeriodTo: models.DateOf(now).AddDate(1, 0, 0).Format(time.DateOnly),
		Method: "direct"}, models.DateOf(now))
	require.NoError(t, err)
	svc := models.Service{ID: "SVC-0001", Name: "svc", Type: models.TypeCloud, Provider: models.Provider{Org: "PV-0001"}}
	c := models.NewDirectContract("CT-2026-000042", "contract-CT-2026-000042", req, svc,
		models.Actor{Sub: "kim", Role: models.RoleAgency, Org: "AG-0001"}, now)
	var a *activities.Activities
	for range 2 {
		_, err := env.ExecuteActivity(a.SaveDirectContract, c)
		require.NoError(t, err)
	}
	require.EqualValues(t, 1, countRows(t, st, "direct_contracts"))
	require.EqualValues(t, 1, countRows(t, st, "contracts"))
	got, err := st.GetDirectContract(context.Background(), c.ID)
	require.NoError(t, err)
	require.False(t, got.Late)
}
