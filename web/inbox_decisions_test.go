package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestInboxListsChangesAwaitingDecision: an information change waiting for the operators'
// approval holds no task, so the operators' inbox lists it beside their tasks, with a link
// to the request and the fields it changes, and an auditor's inbox reads it too; a filter
// for a kind of task or for overdue tasks leaves it out, and once decided it leaves the list.
func TestInboxListsChangesAwaitingDecision(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	desc := "민원 접수와 처리 현황 안내 SaaS"
	cr, err := h.changes.Create(ctx, jungProvider, h.ownService(), models.ChangeRequestInput{
		Changes: models.ChangeFields{Description: &desc}, Reason: "기능 추가"}, "")
	require.NoError(t, err)
	row := `data-change="` + cr.ID + `"`

	op := h.visitor()
	op.signIn("park.operator")
	var page pageResp
	require.Eventually(t, func() bool {
		page = op.get("/ui/inbox")
		return page.status == http.StatusOK && strings.Contains(page.body, row)
	}, 15*time.Second, 50*time.Millisecond, "the change waiting for a decision is in the operators' inbox")
	require.Contains(t, page.body, `<a href="/ui/changes/`+cr.ID+`">`+cr.ID+`</a>`)
	require.Contains(t, page.body, "승인을 기다리는 정보 변경 요청")
	require.Contains(t, page.body, "<td>설명</td>", "the field it changes")
	require.NotContains(t, op.get("/ui/inbox?overdue=true").body, row, "the overdue filter holds tasks alone")
	require.NotContains(t, op.get("/ui/inbox?kind=document_check").body, row, "a kind of task holds no change")

	aud := h.visitor()
	aud.signIn("lee.auditor")
	require.Contains(t, aud.get("/ui/inbox").body, row, "an auditor reads the queue")

	approve := true
	_, err = h.changes.Decide(ctx, parkOperator, cr.ID, "", models.DecideChangeInput{Approve: &approve})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		return !strings.Contains(op.get("/ui/inbox").body, row)
	}, 15*time.Second, 50*time.Millisecond, "decided: it leaves the list")
}
