package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/mocks"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

func contracts(t *testing.T) (*app.Contracts, *mocks.Client) {
	a, tc := seededApp(t)
	return a.Contracts, tc
}

func contractRequest(daysAgo int) models.DirectContractInput {
	d := models.DateOf(time.Now()).AddDate(0, 0, -daysAgo)
	return models.DirectContractInput{ServiceID: "SVC-0001", Title: "민원포털 운영", ContractedOn: d.Format(time.DateOnly),
		AmountKRW: 10_000_000, PeriodFrom: d.Format(time.DateOnly), PeriodTo: d.AddDate(1, 0, 0).Format(time.DateOnly), Method: "direct"}
}

// TestContractCreate_TemporalDownIsUnavailable: the caller is told to try again (503), and
// a retry with the same key starts the same workflow, so no second contract can appear.
func TestContractCreate_TemporalDownIsUnavailable(t *testing.T) {
	c, tc := contracts(t)
	tc.On("ExecuteWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything).
		Return(nil, serviceerror.NewUnavailable("connection refused")).Twice()
	_, err := c.Create(context.Background(), agency, contractRequest(3), "k1")
	require.Equal(t, models.EUNAVAILABLE, models.ErrorCode(err), err)
	first := lastStartedID(tc)
	require.Regexp(t, `^contract-CT-\d{4}-\d{6}$`, first)
	_, err = c.Create(context.Background(), agency, contractRequest(3), "k1")
	require.Equal(t, models.EUNAVAILABLE, models.ErrorCode(err))
	require.Equal(t, first, lastStartedID(tc))
}

// TestContractCreate_SearchTakenByAnUnstartedContract: a registration that names a search
// takes the search when its number is drawn; when Temporal is down the caller hears 503,
// and a retry sent without that key (here: with none) registers the contract under the
// number the search names instead of finding the search taken for good. Once a case holds
// the number, a registration after the same search is refused on search_id, as before.
func TestContractCreate_SearchTakenByAnUnstartedContract(t *testing.T) {
	a, tc := seededApp(t)
	st := a.Store
	sr, err := a.Searches.Create(context.Background(), agency, models.SearchInput{Title: "민원 포털 수의계약 검토", Q: "한빛 클라우드 서버"}, "")
	require.NoError(t, err)
	req := contractRequest(3)
	req.SearchID = sr.Item.ID

	tc.On("ExecuteWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything).
		Return(nil, serviceerror.NewUnavailable("connection refused")).Once()
	_, err = a.Contracts.Create(context.Background(), agency, req, "")
	require.Equal(t, models.EUNAVAILABLE, models.ErrorCode(err), err)
	first := lastStartedID(tc)
	taken, err := st.GetSearch(context.Background(), sr.Item.ID)
	require.NoError(t, err)
	require.Equal(t, "contract-"+taken.ContractID, first)

	// The retry finds no case under that number, in the projection or in Temporal.
	tc.On("DescribeWorkflowExecution", mock.Anything, first, "").
		Return(nil, serviceerror.NewNotFound("workflow not found")).Once()
	run := &mocks.WorkflowRun{}
	tc.On("ExecuteWorkflow", mock.Anything, mock.Anything, mock.Anything, mock.Anything).Return(run, nil).Once()
	out, err := a.Contracts.Create(context.Background(), agency, req, "")
	require.NoError(t, err)
	require.True(t, out.Created)
	require.Equal(t, taken.ContractID, out.ID)
	require.Equal(t, first, lastStartedID(tc))

	// Now that a workflow holds it, the search is that contract's.
	tc.On("DescribeWorkflowExecution", mock.Anything, first, "").
		Return(&workflowservice.DescribeWorkflowExecutionResponse{}, nil).Once()
	_, err = a.Contracts.Create(context.Background(), agency, req, "")
	var me *models.Error
	require.ErrorAs(t, err, &me)
	require.Equal(t, "search_id", me.Fields[0].Field)
	require.Equal(t, first, lastStartedID(tc), "no second contract is started")
}

// TestContractChange_ClosedWorkflowAnswersFromTheProjection: once the workflow has ended,
// a change is a 409 naming the status the projection recorded, and another agency still
// learns nothing.
func TestContractChange_ClosedWorkflowAnswersFromTheProjection(t *testing.T) {
	c, tc := contracts(t)
	now := time.Now()
	req, err := models.ParseDirectContract(contractRequest(400), models.DateOf(now))
	require.NoError(t, err)
	svc, err := c.Store.GetService(context.Background(), "SVC-0001")
	require.NoError(t, err)
	ct := models.NewDirectContract("CT-2026-000007", "contract-CT-2026-000007", req, svc, agency, now)
	ct.Advance(now)
	require.Equal(t, models.ContractClosed, ct.Status)
	require.NoError(t, c.Store.SaveDirectContract(context.Background(), ct))

	gone := serviceerror.NewNotFound("workflow execution already completed")
	tc.On("UpdateWorkflow", mock.Anything, mock.Anything).Return(nil, gone).Twice()
	tc.On("QueryWorkflow", mock.Anything, "contract-CT-2026-000007", "", "contract").Return(nil, gone).Twice()
	change := models.ContractChangeInput{ChangedOn: models.DateOf(now).Format(time.DateOnly), Reason: "r"}
	_, err = c.RegisterChange(context.Background(), agency, ct.ID, "", change)
	require.Equal(t, models.ECONFLICT, models.ErrorCode(err), err)
	require.Contains(t, models.ErrorMessage(err), "closed")
	other := models.Actor{Sub: "lee", Role: models.RoleAgency, Org: "AG-0002"}
	_, err = c.RegisterChange(context.Background(), other, ct.ID, "", change)
	require.Equal(t, models.ENOTFOUND, models.ErrorCode(err), err)
}

func TestContractChange_MalformedIDNeverReachesTemporal(t *testing.T) {
	c, _ := contracts(t) // the mock fails the test on any unexpected call
	for _, id := range []string{"../CT", "CT-ORD-2026-000001", "CT-2026-1"} {
		_, err := c.RegisterChange(context.Background(), agency, id, "", models.ContractChangeInput{})
		require.Equal(t, models.ENOTFOUND, models.ErrorCode(err), id)
		_, err = c.Get(context.Background(), agency, id)
		require.Equal(t, models.ENOTFOUND, models.ErrorCode(err), id)
	}
}

// TestContractCreate_RefusedBeforeAnything: what the app decides by itself (who may
// register is the routes'): a request that does not parse, a service not in the catalog and
// a removed service are refused before an ID is drawn or a workflow started.
func TestContractCreate_RefusedBeforeAnything(t *testing.T) {
	c, _ := contracts(t) // the mock fails the test on any unexpected call
	_, err := c.Create(context.Background(), agency, models.DirectContractInput{}, "")
	require.Equal(t, models.EINVALID, models.ErrorCode(err), err)
	unknown := contractRequest(3)
	unknown.ServiceID = "SVC-9999"
	_, err = c.Create(context.Background(), agency, unknown, "")
	var me *models.Error
	require.ErrorAs(t, err, &me)
	require.Equal(t, "service_id", me.Fields[0].Field)
	require.Contains(t, me.Fields[0].Message, "no service")
	require.NoError(t, c.Store.SetServiceStatus(context.Background(), "SVC-0001", models.ServiceRemoved))
	_, err = c.Create(context.Background(), agency, contractRequest(3), "")
	require.ErrorAs(t, err, &me)
	require.Equal(t, "service_id", me.Fields[0].Field)
	require.Contains(t, me.Fields[0].Message, "removed")
}
