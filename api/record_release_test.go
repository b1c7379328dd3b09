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

// TestRecordReleaseHistory runs an application whose expert is deactivated before
// reviewing (Update "release-expert"), replaced by the operator, and then withdrawn, and
// checks its history against a budget. With -record it writes it for workflows' replay
// test (`go test ./api -run TestRecordReleaseHistory -record`).
func TestRecordReleaseHistory(t *testing.T) {
	h := newHarness(t)
	r := h.do("POST", "/api/v1/people", h.operator(), map[string]any{"sub": "record.expert", "role": "expert",
		"name": "기록용", "email": "record@dsmarket.example"})
	require.Equal(t, http.StatusCreated, r.status, r.String())
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskDocumentCheck), map[string]any{"outcome": "accept"})
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskAssignExperts), map[string]any{"experts": []string{"cho.expert", "record.expert"}})
	r = h.do("PATCH", "/api/v1/people/record.expert", h.operator(), map[string]any{"active": false})
	require.Equal(t, http.StatusOK, r.status, r.String())
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskAssignExperts), map[string]any{"experts": []string{"yoo.expert"}})
	h.complete(h.expert("cho.expert"), h.openTask(h.expert("cho.expert"), id, models.TaskExpertReview), reviewBody("suitable", false))
	r = h.do("POST", "/api/v1/applications/"+id+"/withdraw", h.provider(), map[string]any{"reason": "일정 변경으로 철회"})
	require.Equal(t, http.StatusOK, r.status, r.String())

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	wid := flow.ApplicationWorkflowID(id)
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))
	h.recordHistory(t, ctx, wid, "application_expert_released_then_withdrawn", 48)
}
