package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/require"
)

// changeEventBudget bounds the history of an information change: a handful of local
// activities, at most one Update, and the activities that start its re-review and apply it.
const changeEventBudget = 40

// TestRecordChangeHistories runs information changes on the real server: approved and
// applied, and rejected (a change decided by its re-review is recorded by
// TestChangeRereview_SelectedMovesTheType). Each history is held to its budget; with
// -record they are written for workflows' replay test
// (`go test ./api -run TestRecordChangeHistories -record`).
func TestRecordChangeHistories(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	svc := h.ownService("2028-12-31")
	decide := func(id string, body map[string]any) {
		r := h.do("POST", "/api/v1/change-requests/"+id+"/decision", h.operator(), body)
		require.Equal(t, http.StatusOK, r.status, r.String())
	}
	cases := []struct {
		name    string
		changes map[string]any
		run     func(id string)
	}{
		{"change_approved_and_applied", map[string]any{"description": "가상서버와 백업을 제공합니다."},
			func(id string) { decide(id, map[string]any{"approve": true}) }},
		{"change_rejected", map[string]any{"name": "한빛 클라우드 서버 플러스"},
			func(id string) {
				decide(id, map[string]any{"approve": false, "reason": "변경 근거 자료가 없습니다."})
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			id := h.newChange(svc, c.changes)["id"].(string)
			c.run(id)
			wid := flow.ChangeRequestWorkflowID(id)
			require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))
			h.recordHistory(t, ctx, wid, c.name, changeEventBudget)
		})
	}
}
