package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestRecordContractChangeDocumentsHistory registers a direct contract, then a change of it
// with its details and its file (the amended contract, by document_id). With -record it
// writes the history of the running case for the replay test (`go test ./api -run
// TestRecordContractChangeDocumentsHistory -record`): the first whose change carries files,
// beside the contracts recorded before a change could carry any.
func TestRecordContractChangeDocumentsHistory(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	id := h.newContract(contractBody("SVC-0001", 3))
	change := map[string]any{"changed_on": day(0), "reason": "과업 범위 조정", "amount_krw": 52_000_000,
		"documents": h.uploadedDocuments(h.agency(), models.DocContract)}
	r := h.do("PATCH", "/api/v1/contracts/"+id, h.agency(), change)
	require.Equal(t, http.StatusOK, r.status, r.String())
	c, err := h.app.Contracts.Get(ctx, models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"}, id)
	require.NoError(t, err)
	require.Len(t, c.Changes, 1)
	require.Len(t, c.Changes[0].Documents, 1)

	h.recordHistory(t, ctx, flow.DirectContractWorkflowID(id), "contract_change_registered_with_documents", contractEventBudget)
}
