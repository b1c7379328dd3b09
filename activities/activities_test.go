package activities_test

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/testsuite"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

func setup(t *testing.T) (*testsuite.TestActivityEnvironment, *store.Store) {
	t.Helper()
	return setupAt(t, nil)
}

// setupAt is setup with the activities reading clock (nil: the wall clock).
func setupAt(t *testing.T, clock func() time.Time) (*testsuite.TestActivityEnvironment, *store.Store) {
	t.Helper()
	st := storetest.New(t)
	_, err := store.Seed(context.Background(), st, time.Now())
	require.NoError(t, err)
	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	env.RegisterActivity(&activities.Activities{Store: st, Logger: slog.New(slog.DiscardHandler), Clock: clock})
	return env, st
}

func order(t *testing.T, serviceID string) *models.Order {
	t.Helper()
	now := time.Now()
	req, err := models.ParseOrderRequest(serviceID, "전환", 1_000_000, models.DateOf(now).AddDate(0, 0, 3).Format(time.DateOnly), models.DateOf(now))
	require.NoError(t, err)
	svc := models.Service{ID: serviceID, Name: "svc", Type: models.TypeCloud, Provider: models.Provider{Org: "PV-0001"}}
	return models.NewOrder("ORD-2026-000042", "order-ORD-2026-000042", req, svc, "AG-0001",
		models.Actor{Sub: "kim", Role: models.RoleAgency, Org: "AG-0001"}, now)
}

func countRows(t *testing.T, st *store.Store, table string) int64 {
	var n int64
	require.NoError(t, st.DB().Table(table).Count(&n).Error)
	return n
}

// TestOpenOrder_IdempotentRetry: Temporal may run an activity again after a timeout; the
// second run finds the first one's writes and adds nothing.
func TestOpenOrder_IdempotentRetry(t *testing.T) {
	env, st := setup(t)
	in := activities.OpenOrderInput{Order: order(t, "SVC-0001"),
		Notification: models.Notification{Key: "order-ORD-2026-000042/proposal-requested", ToRole: models.RoleProvider,
			ToOrg: "PV-0001", CaseType: "order", CaseID: "ORD-2026-000042", Subject: "제안요청"}}
	var a *activities.Activities
	for range 2 {
		v, err := env.ExecuteActivity(a.OpenOrder, in)
		require.NoError(t, err)
		var status models.ServiceStatus
		require.NoError(t, v.Get(&status))
		require.Equal(t, models.ServiceRegistered, status)
	}
	require.EqualValues(t, 1, countRows(t, st, "orders"))
	require.EqualValues(t, 1, countRows(t, st, "notifications"))
}

func TestOpenOrder_ServiceNotOrderableWritesNothing(t *testing.T) {
	env, st := setup(t)
	require.NoError(t, st.SetServiceStatus(context.Background(), "SVC-0001", models.ServiceSuspended))
	var a *activities.Activities
	for id, want := range map[string]models.ServiceStatus{"SVC-0001": models.ServiceSuspended, "SVC-9999": models.ServiceRemoved} {
		v, err := env.ExecuteActivity(a.OpenOrder, activities.OpenOrderInput{Order: order(t, id)})
		require.NoError(t, err)
		var status models.ServiceStatus
		require.NoError(t, v.Get(&status))
		require.Equal(t, want, status)
	}
	require.EqualValues(t, 0, countRows(t, st, "orders"))
	require.EqualValues(t, 0, countRows(t, st, "notifications"))
}

func TestRegisterContract_Twice(t *testing.T) {
	env, st := setup(t)
	var a *activities.Activities
	o := order(t, "SVC-0001")
	price := models.KRW(900_000)
	now := time.Now()
	o.FinalPriceKRW, o.DeliveryRequestedAt = &price, &now
	_, err := env.ExecuteActivity(a.SaveOrder, o) // the contract refers to its order
	require.NoError(t, err)
	for range 2 {
		_, err := env.ExecuteActivity(a.RegisterContract, models.ContractFromOrder(o))
		require.NoError(t, err)
	}
	require.EqualValues(t, 1, countRows(t, st, "contracts"))
	c, err := st.GetContract(context.Background(), models.ContractIDForOrder(o.ID))
	require.NoError(t, err)
	require.EqualValues(t, 900_000, c.AmountKRW)
}

// delivered is the delivery request's writes of a fresh order.
func delivered(t *testing.T) activities.DeliveredOrder {
	o := order(t, "SVC-0001")
	price := models.KRW(900_000)
	now := time.Now()
	o.FinalPriceKRW, o.DeliveryRequestedAt = &price, &now
	return activities.DeliveredOrder{Order: o, Contract: models.ContractFromOrder(o),
		Notification: models.Notification{Key: "order-ORD-2026-000042/delivery-requested", ToRole: models.RoleProvider,
			ToOrg: "PV-0001", CaseType: "order", CaseID: o.ID, Subject: "납품요구"}}
}

// TestSaveDeliveredOrder_IdempotentRetry: the delivery request's writes in one activity
// (order, contract, notification) add nothing when retried.
func TestSaveDeliveredOrder_IdempotentRetry(t *testing.T) {
	env, st := setup(t)
	var a *activities.Activities
	in := delivered(t)
	for range 2 {
		_, err := env.ExecuteActivity(a.SaveDeliveredOrder, in)
		require.NoError(t, err)
	}
	require.EqualValues(t, 1, countRows(t, st, "orders"))
	require.EqualValues(t, 1, countRows(t, st, "contracts"))
	require.EqualValues(t, 1, countRows(t, st, "notifications"))
}

// TestSaveDeliveredOrder_NewerVersionStored: the order's row may hold a newer version
// already (a later step's write finished first); the contract and the notification of the
// delivery request are written all the same, once.
func TestSaveDeliveredOrder_NewerVersionStored(t *testing.T) {
	env, st := setup(t)
	var a *activities.Activities
	in := delivered(t)
	o := in.Order
	newer := *o
	newer.Steps = append(slices.Clone(o.Steps), models.Step{At: time.Now(), Actor: models.Actor{Sub: "system", Role: models.RoleSystem},
		Action: "note", Status: string(o.Status)})
	require.Greater(t, newer.Version(), o.Version())
	_, err := env.ExecuteActivity(a.SaveOrder, &newer)
	require.NoError(t, err)
	_, err = env.ExecuteActivity(a.SaveDeliveredOrder, in)
	require.NoError(t, err)
	got, err := st.GetOrder(context.Background(), o.ID)
	require.NoError(t, err)
	require.Equal(t, newer.Version(), got.Version(), "the newer version stays")
	require.EqualValues(t, 1, countRows(t, st, "contracts"))
	require.EqualValues(t, 1, countRows(t, st, "notifications"))
}
