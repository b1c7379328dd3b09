package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// A provider moving a service to another type waits for its re-review; once the committee
// selects the service again the change request is approved by the system, applied to the
// catalog (type and subtype together) and kept in the service's public history. The
// history is recorded for the workflows' replay test
// (`go test ./api -run TestChangeRereview_SelectedMovesTheType -record`).
func TestChangeRereview_SelectedMovesTheType(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService(dayOffset(700)) // a valid CSAP certificate: the security items are skipped
	crID := h.newChange(svc, map[string]any{"type": "convergence", "subtype": "convergence"})["id"].(string)
	cr := h.awaitRereview(crID)
	require.Equal(t, []any{"type"}, cr["criteria"])
	id := cr["rereview_application_id"].(string)
	opened := h.application(id)["steps"].([]any)[0].(map[string]any)
	require.Contains(t, opened["note"], "type cloud → convergence", "the re-review names what the service would become")

	h.decideRereview(svc, id, h.openTask(h.operator(), id, models.TaskAssignExperts), "suitable", map[string]any{"vote": "select"})

	cr = h.awaitChange(crID)
	require.Equal(t, "approved", cr["status"])
	require.Equal(t, models.SystemActor.Sub, cr["decided_by"])
	require.NotEmpty(t, cr["applied_at"])
	var after models.Service
	require.NoError(t, decodeChangeJSON(h.do("GET", "/api/v1/services/"+svc, "", nil).body, &after))
	require.Equal(t, models.TypeConvergence, after.Type)
	require.Equal(t, models.Subtype("convergence"), after.Subtype)
	r := h.do("GET", "/api/v1/services/"+svc+"/changes", "", nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	var ch struct{ Items []models.ServiceChange }
	require.NoError(t, decodeChangeJSON(r.body, &ch))
	var fields []string
	for _, c := range ch.Items {
		require.Equal(t, crID, c.ChangeRequestID)
		fields = append(fields, c.Field)
	}
	require.ElementsMatch(t, []string{"type", "subtype"}, fields)

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	h.recordHistory(t, ctx, flow.ChangeRequestWorkflowID(crID), "change_rereview_ground_selected_and_applied", changeEventBudget)
}

// A re-review that does not select the service rejects the change: the catalog keeps its
// information, the provider reads why, and the service goes to removal through its watch.
func TestChangeRereview_NotSelectedRejects(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService(dayOffset(700)) // a valid CSAP certificate: the security items are skipped
	crID := h.newChange(svc, map[string]any{"sla": "가용성 99.5%, 장애 복구 4시간"})["id"].(string)
	id := h.awaitRereview(crID)["rereview_application_id"].(string)

	h.decideRereview(svc, id, h.openTask(h.operator(), id, models.TaskAssignExperts), "unsuitable",
		map[string]any{"vote": "reject", "reason": "가용성 근거 부족"})

	cr := h.awaitChange(crID)
	require.Equal(t, "rejected", cr["status"])
	require.Empty(t, cr["applied_at"])
	require.NotEmpty(t, cr["closed_at"])
	r := h.do("GET", "/api/v1/services/"+svc+"/changes", "", nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Empty(t, r.json(t)["items"], "nothing applied")
	require.True(t, h.notified("PV-0001", flow.ChangeRequestWorkflowID(crID)+"/rejected"), "the provider is told")
}
