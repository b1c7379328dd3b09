package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

var idempotencyPattern = regexp.MustCompile(`name="idempotency_key" value="([^"]+)"`)

// TestCompleteTaskInTheInbox: a refused form changes nothing and shows the error beside
// its field; a valid one completes the task through the case's workflow; a double
// submission acts once; a task completed elsewhere shows so, without a crash.
func TestCompleteTaskInTheInbox(t *testing.T) {
	h := newHarness(t)
	appID := h.newApplication()
	taskID := h.openTask(parkOperator, appID, models.TaskDocumentCheck)
	v := h.visitor()
	v.signIn("park.operator")

	inbox := v.get("/ui/inbox?kind=document_check")
	require.Contains(t, inbox.body, `href="/ui/tasks/`+taskID+`"`)
	page := v.get("/ui/tasks/" + taskID)
	require.Equal(t, http.StatusOK, page.status)
	require.Contains(t, page.body, `action="/ui/tasks/`+taskID+`"`)
	require.Contains(t, page.body, appID, "the case summary")

	r := v.post("/ui/tasks/"+taskID, url.Values{"outcome": {"supplement"}, "note": {"보완 필요"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Regexp(t, `id="e-missing_kinds">보완할 서류 종류를 하나 이상 지정해야 합니다<`, r.body, "the error beside its field, in Korean")
	require.Contains(t, r.body, `class="error-summary"`)
	require.Contains(t, r.body, `value="supplement" checked`, "the form comes back filled in")
	a, err := h.apps.Get(context.Background(), leeAuditor, appID)
	require.NoError(t, err)
	require.Equal(t, models.AppDocumentCheck, a.Status, "a refused form changes nothing")

	form := url.Values{"outcome": {"accept"}, "note": {"서류 완비"},
		"idempotency_key": {idempotencyPattern.FindStringSubmatch(page.body)[1]}}
	r = v.post("/ui/tasks/"+taskID, form)
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.Equal(t, "/ui/inbox?done="+taskID, r.location)
	r = v.post("/ui/tasks/"+taskID, form)
	require.Equal(t, http.StatusSeeOther, r.status, "the same submission again is answered by the first: %s", r.body)

	a, err = h.apps.Get(context.Background(), leeAuditor, appID)
	require.NoError(t, err)
	require.NotEqual(t, models.AppDocumentCheck, a.Status)
	accepted := 0
	for _, s := range a.Steps {
		if s.Action == models.ActionDocumentsAccepted {
			accepted++
			require.Equal(t, "park.operator", s.Actor.Sub)
		}
	}
	require.Equal(t, 1, accepted, "a double submission acts once")

	// Another operator's tab still shows the form; its submission finds the task done.
	r = v.post("/ui/tasks/"+taskID, url.Values{"outcome": {"return"}, "note": {"늦은 제출"}})
	require.Equal(t, http.StatusConflict, r.status)
	require.Contains(t, r.body, "이 작업은 이미 처리되었거나")
	require.NotContains(t, r.body, `action="/ui/tasks/`+taskID+`"`, "no form for a task that is done")
}

func TestAuditorReadsEverythingChangesNothing(t *testing.T) {
	h := newHarness(t)
	appID := h.newApplication()
	taskID := h.openTask(parkOperator, appID, models.TaskDocumentCheck)
	orderID := h.newOrder()
	v := h.visitor()
	v.signIn("lee.auditor")
	require.Equal(t, "/ui/audit", v.get("/ui/").location)

	audit := v.get("/ui/audit")
	require.Equal(t, http.StatusOK, audit.status)
	require.Contains(t, audit.body, `href="/ui/cases/order-`+orderID+`"`)
	require.Contains(t, audit.body, `href="/ui/cases/application-`+appID+`"`)

	for _, path := range []string{"/ui/tasks/" + taskID, "/ui/orders/" + orderID, "/ui/applications/" + appID, "/ui/inbox"} {
		r := v.get(path)
		require.Equal(t, http.StatusOK, r.status, path)
		require.NotRegexp(t, `action="/ui/(tasks|orders|applications)/`, r.body, "no forms for auditors on %s", path)
	}
	for _, path := range []string{"/ui/tasks/" + taskID, "/ui/orders/" + orderID + "/cancel", "/ui/applications/" + appID + "/withdraw", "/ui/orders"} {
		r := v.post(path, url.Values{"outcome": {"accept"}, "reason": {"x"}})
		require.Equal(t, http.StatusForbidden, r.status, path)
	}
	o, err := h.orders.Get(context.Background(), leeAuditor, orderID)
	require.NoError(t, err)
	require.Equal(t, models.OrderProposalRequested, o.Status)

	r := v.get("/ui/cases/order-" + orderID)
	require.Equal(t, http.StatusOK, r.status)
	require.Contains(t, r.body, `href="http://localhost:8233/namespaces/default/workflows/order-`+orderID+`"`)
	require.Contains(t, r.body, `href="/api/v1/cases/order-`+orderID+`/history"`)
	require.Contains(t, r.body, "kim.agency", "who")
	require.Contains(t, r.body, "제안요청", "what")
	require.Equal(t, http.StatusNotFound, v.get("/ui/cases/order-ORD-2026-999999").status)

	w := h.visitor()
	w.signIn("kim.agency")
	require.Equal(t, http.StatusForbidden, w.get("/ui/cases/order-"+orderID).status, "the timeline is the auditor's")
}

// A NUL in a form or a search reaches neither a case nor PostgreSQL: the page answers 422
// naming the field, and nothing is opened.
func TestControlCharactersAreRefused(t *testing.T) {
	h := newHarness(t)
	v := h.visitor()
	v.signIn("kim.agency")
	r := v.post("/ui/orders", url.Values{"service_id": {"SVC-0001"}, "title": {"probe\x00title"}, "budget_krw": {"120,000,000"},
		"proposal_due": {inDays(3)}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, "<code>title</code>: 제어 문자(U&#43;0000)를 포함할 수 없습니다")
	require.Contains(t, r.body, `<p class="detail">하나 이상의 항목이 올바르지 않습니다</p>`, "the refusal in the page's language")
	list, _, err := h.orders.List(context.Background(), kimAgency, "", 50, "")
	require.NoError(t, err)
	require.Empty(t, list, "a refused form opens no order")

	for _, path := range []string{"/ui/services?q=%00", "/ui/services/SVC-0001%00"} {
		r = v.get(path)
		require.Equal(t, http.StatusUnprocessableEntity, r.status, path)
	}
}

func TestUnknownPage(t *testing.T) {
	h := newHarness(t)
	r := h.visitor().get("/ui/nowhere")
	require.Equal(t, http.StatusNotFound, r.status)
	require.Contains(t, r.header.Get("Content-Type"), "text/html")
	require.Contains(t, r.body, "찾을 수 없습니다")
	require.Contains(t, r.body, `<p class="detail">없는 자원입니다: /ui/nowhere</p>`, "a Korean page says why in Korean")
	api := h.visitor().get("/api/v1/nowhere")
	require.Equal(t, "application/problem+json", api.header.Get("Content-Type"), "the API keeps its problem documents")
}
