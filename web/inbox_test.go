package web_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestInboxEveryoneAndOverdue: an operator's inbox offers every assignee's tasks (an
// expert's review among them, named as the registry names its expert) and the overdue ones only; an expert's inbox offers neither
// choice and shows the expert's own tasks whatever the address asks.
func TestInboxEveryoneAndOverdue(t *testing.T) {
	h := newHarness(t)
	_, review := h.inExpertReview()
	row := `data-task="` + review + `"`

	park := h.visitor()
	park.signIn("park.operator")
	r := park.get("/ui/inbox")
	require.Equal(t, http.StatusOK, r.status)
	require.Contains(t, r.body, `<select id="f-scope" name="scope">`)
	require.NotContains(t, r.body, row, "not the operator's own")
	r = park.get("/ui/inbox?scope=all")
	require.Contains(t, r.body, row)
	require.Contains(t, r.body, `<option value="all" selected>모든 담당자</option>`)
	require.Contains(t, r.body, `전문가 검토위원 · 조예린 <span class="muted">(cho.expert)</span>`, "whose it is, by name")
	r = park.get("/ui/inbox?scope=all&overdue=true")
	require.NotContains(t, r.body, row, "due in days, not overdue")
	require.Contains(t, r.body, "기한이 지난 작업이 없습니다.")

	cho := h.visitor()
	cho.signIn("cho.expert")
	r = cho.get("/ui/inbox?scope=all")
	require.Equal(t, http.StatusOK, r.status)
	require.NotContains(t, r.body, `name="scope"`)
	require.Contains(t, r.body, row)
}
