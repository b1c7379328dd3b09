package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestRecordOrderProposalFilesHistory runs an order whose proposal carries its files (the
// proposal and its price sheet, by document_id) to the delivery request. With -record it
// writes the history for the replay test (`go test ./api -run
// TestRecordOrderProposalFilesHistory -record`): the first recorded with a proposal's
// files, beside the orders recorded before a proposal could carry any.
func TestRecordOrderProposalFilesHistory(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	id := h.newOrder()
	wid := flow.OrderWorkflowID(id)
	h.firstTaskDone(wid)
	docs := h.uploadedDocuments(h.provider(), models.DocProposal, models.DocPriceSheet)
	r := h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(),
		map[string]any{"price_krw": 110_000_000, "summary": "IaaS 4 vCPU x 20, 36개월", "documents": docs})
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, http.StatusOK, h.do("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), score90).status)
	require.Equal(t, http.StatusOK, h.do("POST", "/api/v1/orders/"+id+"/negotiation", h.agency(), agreed).status)
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))
	o, err := h.app.Orders.Get(ctx, models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"}, id)
	require.NoError(t, err)
	require.Equal(t, models.OrderDeliveryRequested, o.Status)
	require.Len(t, o.Proposal.Documents, 2)

	h.recordHistory(t, ctx, wid, "order_delivered_with_proposal_files", deliveredOrderEventBudget)
}
