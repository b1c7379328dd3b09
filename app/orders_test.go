package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/mocks"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

var agency = models.Actor{Sub: "kim", Role: models.RoleAgency, Org: "AG-0001"}

// seededApp is the app over a seeded database; Temporal is a mock that fails the test on
// any call not expected.
func seededApp(t *testing.T) (*app.App, *mocks.Client) {
	t.Helper()
	st := storetest.New(t)
	_, err := store.Seed(context.Background(), st, time.Now())
	require.NoError(t, err)
	tc := &mocks.Client{}
	t.Cleanup(func() { tc.AssertExpectations(t) })
	return app.New(app.Deps{Store: st, Temporal: tc}), tc
}

func orders(t *testing.T) (*app.Orders, *mocks.Client) {
	a, tc := seededApp(t)
	return a.Orders, tc
}

func request() app.CreateOrderInput {
	return app.CreateOrderInput{ServiceID: "SVC-0001", Title: "전환", BudgetKRW: 1_000_000,
		ProposalDue: models.DateOf(time.Now()).AddDate(0, 0, 3).Format(time.DateOnly)}
}

// TestCreate_TemporalDownIsUnavailable: when Temporal cannot be reached the caller is told
// to try again (503), and a retry with the same key reuses the reserved order number.
func TestCreate_TemporalDownIsUnavailable(t *testing.T) {
	o, tc := orders(t)
	tc.On("ExecuteWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything).
		Return(nil, serviceerror.NewUnavailable("connection refused")).Twice()
	_, err := o.Create(context.Background(), agency, request(), "k1")
	require.Equal(t, models.EUNAVAILABLE, models.ErrorCode(err), err)
	first := lastStartedID(tc)
	require.Regexp(t, `^order-ORD-\d{4}-\d{6}$`, first)
	_, err = o.Create(context.Background(), agency, request(), "k1")
	require.Equal(t, models.EUNAVAILABLE, models.ErrorCode(err))
	require.Equal(t, first, lastStartedID(tc), "the retry starts the same workflow")
}

func TestUpdate_TemporalDownIsUnavailable(t *testing.T) {
	o, tc := orders(t)
	tc.On("UpdateWorkflow", mock.Anything, mock.Anything).Return(nil, serviceerror.NewUnavailable("down")).Once()
	_, err := o.Cancel(context.Background(), agency, "ORD-2026-000001", "", models.CancelInput{Reason: "x"})
	require.Equal(t, models.EUNAVAILABLE, models.ErrorCode(err), err)
}

func TestUpdate_MalformedIDNeverReachesTemporal(t *testing.T) {
	o, _ := orders(t) // the mock fails the test on any unexpected call
	_, err := o.Cancel(context.Background(), agency, "../ORD", "", models.CancelInput{Reason: "x"})
	require.Equal(t, models.ENOTFOUND, models.ErrorCode(err))
}

func lastStartedID(tc *mocks.Client) string {
	var id string
	for _, c := range tc.Calls {
		if c.Method == "ExecuteWorkflow" {
			id = c.Arguments.Get(1).(client.StartWorkflowOptions).ID
		}
	}
	return id
}
