package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestReplaceExpert: an operator takes a late expert off one application with a reason;
// the review task is cancelled, another expert is assigned from the operators' queue, and
// the expert who was taken off cannot be taken off again. Providers and experts may not.
func TestReplaceExpert(t *testing.T) {
	h := newHarness(t)
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	review := h.inExpertReview(id)
	path := "/api/v1/applications/" + id + "/release-expert"
	body := map[string]any{"expert": "cho.expert", "reason": "검토 기한 7일 경과, 연락 두절"}

	h.do("POST", path, h.provider(), body).problem(t, http.StatusForbidden)
	h.do("POST", path, h.expert("cho.expert"), body).problem(t, http.StatusForbidden)
	p := h.do("POST", path, h.operator(), map[string]any{}).problem(t, http.StatusUnprocessableEntity)
	require.ElementsMatch(t, []string{"expert", "reason"}, []string{p.Errors[0].Field, p.Errors[1].Field})
	h.do("POST", path, h.operator(), map[string]any{"expert": "yoo.expert", "reason": "x"}).problem(t, http.StatusConflict)

	r := h.do("POST", path, h.operator(), body, "Idempotency-Key", "replace-"+id)
	require.Equal(t, http.StatusOK, r.status, r.String())
	a := r.json(t)
	require.Equal(t, string(models.AppExpertReview), a["status"])
	require.Equal(t, []any{"cho.expert"}, a["released_experts"])
	steps := len(a["steps"].([]any))
	r = h.do("POST", path, h.operator(), body, "Idempotency-Key", "replace-"+id)
	require.Equal(t, http.StatusOK, r.status, "a retry answers the same")
	require.Len(t, r.json(t)["steps"], steps)
	task, err := h.store.GetTask(context.Background(), review)
	require.NoError(t, err)
	require.Equal(t, models.TaskCancelled, task.Status)
	h.do("POST", path, h.operator(), body).problem(t, http.StatusConflict)

	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskAssignExperts), map[string]any{"experts": []string{"yoo.expert"}})
	require.NotEmpty(t, h.openTask(h.expert("yoo.expert"), id, models.TaskExpertReview))
}
