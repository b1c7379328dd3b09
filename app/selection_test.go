package app_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/mocks"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

var (
	provider = models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: "PV-0001"}
	operator = models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"}
)

type selection struct {
	apps      *app.Applications
	tasks     *app.Tasks
	committee *app.Committee
	tc        *mocks.Client
}

func newSelection(t *testing.T) selection {
	t.Helper()
	a, tc := seededApp(t)
	return selection{apps: a.Applications, tasks: a.Tasks, committee: a.Committee, tc: tc}
}

func applicationRequest() models.ApplicationInput {
	return models.ApplicationInput{
		Service: models.ApplicationServiceInput{Name: "민원 접수", Type: "support", Subtype: "consulting", Description: "컨설팅"},
		Provider: models.ApplicantInput{BusinessNo: "101-81-12341", Name: "(주)한빛", FoundedOn: "2015-04-01",
			CreditRating: "BBB", BusinessStatus: "active", Size: "sme"},
	}
}

// TestApplicationsCreate_TemporalDownIsUnavailable: the caller is told to try again (503),
// and a retry with the same key starts the same workflow: one application, however often
// it is sent.
func TestApplicationsCreate_TemporalDownIsUnavailable(t *testing.T) {
	s := newSelection(t)
	s.tc.On("ExecuteWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything).
		Return(nil, serviceerror.NewUnavailable("connection refused")).Twice()
	_, err := s.apps.Create(context.Background(), provider, applicationRequest(), "k1")
	require.Equal(t, models.EUNAVAILABLE, models.ErrorCode(err), err)
	first := lastStartedID(s.tc)
	require.Regexp(t, `^application-APP-\d{4}-\d{6}$`, first)
	_, err = s.apps.Create(context.Background(), provider, applicationRequest(), "k1")
	require.Equal(t, models.EUNAVAILABLE, models.ErrorCode(err))
	require.Equal(t, first, lastStartedID(s.tc), "the retry starts the same workflow")
}

// TestSelection_RefusedBeforeTemporal: a request the app layer can refuse by itself never
// reaches Temporal.
func TestSelection_RefusedBeforeTemporal(t *testing.T) {
	s := newSelection(t) // the mock fails the test on any unexpected call
	ctx := context.Background()
	// Who may apply or open a session is the routes' to say; the app checks the business
	// number against the one registered for the applicant's organization.
	other, err := s.apps.Store.GetProvider(ctx, "PV-0002")
	require.NoError(t, err)
	foreign := applicationRequest()
	foreign.Provider.BusinessNo = other.BusinessNo
	for _, tc := range []struct {
		name string
		code string
		err  error
	}{
		{"create422_AnotherBusinessNo", models.EINVALID, second(s.apps.Create(ctx, provider, foreign, ""))},
		{"create422_Invalid", models.EINVALID, second(s.apps.Create(ctx, provider, models.ApplicationInput{}, ""))},
		{"supplement404_MalformedID", models.ENOTFOUND, second(s.apps.Supplement(ctx, provider, "../APP", "", nil))},
		{"withdraw404_MalformedID", models.ENOTFOUND, second(s.apps.Withdraw(ctx, provider, "APP-1", "", models.WithdrawInput{}))},
		{"complete404_MalformedID", models.ENOTFOUND, second(s.tasks.Complete(ctx, operator, "nonsense", "", models.TaskCompletion{}))},
		{"complete404_OrderTask", models.ENOTFOUND, second(s.tasks.Complete(ctx, operator, "ORD-2026-000001-T01", "", models.TaskCompletion{Outcome: "accept"}))},
		{"session422_NoDate", models.EINVALID, second(s.committee.Create(ctx, operator, models.SessionInput{Members: []string{"song.committee"}}, ""))},
		{"session422_NotAMember", models.EINVALID, second(s.committee.Create(ctx, operator, models.SessionInput{HeldOn: "2999-01-01", Members: []string{"kim.agency"}}, ""))},
		{"close404_MalformedID", models.ENOTFOUND, second(s.committee.Close(ctx, operator, "CS-1", ""))},
		{"tasks403_Agency", models.EFORBIDDEN, third(s.tasks.List(ctx, models.Actor{Role: models.RoleAgency}, app.TaskQuery{}, 10, ""))},
		{"applications403_Agency", models.EFORBIDDEN, third(s.apps.List(ctx, models.Actor{Role: models.RoleAgency}, "", 10, ""))},
	} {
		require.Equal(t, tc.code, models.ErrorCode(tc.err), "%s: %v", tc.name, tc.err)
	}
}

// TestTasksComplete_KeyIsScopedToTheTask: one Idempotency-Key sent for two tasks of the same
// application acts on both; it is the same caller's retry of one task that is deduplicated.
func TestTasksComplete_KeyIsScopedToTheTask(t *testing.T) {
	s := newSelection(t)
	s.tc.On("UpdateWorkflow", mock.Anything, mock.Anything).Return(nil, serviceerror.NewUnavailable("down")).Times(3)
	ctx := context.Background()
	body := models.TaskCompletion{Outcome: "accept"}
	for _, id := range []string{"APP-2026-000001-T01", "APP-2026-000001-T02", "APP-2026-000001-T01"} {
		_, err := s.tasks.Complete(ctx, operator, id, "same-key", body)
		require.Equal(t, models.EUNAVAILABLE, models.ErrorCode(err), err)
	}
	var ids []string
	for _, c := range s.tc.Calls {
		opts := c.Arguments.Get(1).(client.UpdateWorkflowOptions)
		require.Equal(t, "application-APP-2026-000001", opts.WorkflowID)
		ids = append(ids, opts.UpdateID)
	}
	require.NotEqual(t, ids[0], ids[1])
	require.Equal(t, ids[0], ids[2])
}

func second[T any](_ T, err error) error { return err }

func third[A, B any](_ A, _ B, err error) error { return err }
