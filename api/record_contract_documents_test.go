package api_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestRecordContractDocumentsHistory registers a direct contract with its file (the
// contract, by document_id) whose period's window is over, so that its workflow closes it
// at once. With -record it writes the history for the replay test (`go test ./api -run
// TestRecordContractDocumentsHistory -record`): the first whose input carries files,
// beside the contracts recorded before a registration could carry any.
func TestRecordContractDocumentsHistory(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	body := contractBody("SVC-0001", 100)
	body["period_to"] = day(-60)
	body["documents"] = h.uploadedDocuments(h.agency(), models.DocContract)
	id := h.newContract(body)
	wid := flow.DirectContractWorkflowID(id)
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))
	c, err := h.app.Contracts.Get(ctx, models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"}, id)
	require.NoError(t, err)
	require.Equal(t, models.ContractClosed, c.Status)
	require.Len(t, c.Documents, 1)

	h.recordHistory(t, ctx, wid, "contract_closed_with_documents", contractEventBudget)
}
