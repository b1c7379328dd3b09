package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestMyNotifications: each caller reads the news addressed to their role and organization
// and to them by name, newest first, a page at a time; nobody reads another's.
func TestMyNotifications(t *testing.T) {
	h := newHarness(t)
	keys := func(token, query string) ([]string, string) {
		t.Helper()
		r := h.do("GET", "/api/v1/me/notifications"+query, token, nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
		page := r.json(t)
		var out []string
		for _, it := range page["items"].([]any) {
			out = append(out, it.(map[string]any)["key"].(string))
		}
		return out, page["next_page_token"].(string)
	}
	requested := func(order string) string { return flow.OrderWorkflowID(order) + "/proposal-requested" }
	// The proposal request reaches the order's provider when its workflow has told it. The
	// second order is placed only once the first one's news is written: two workflows run
	// side by side, so only then is "newer" well defined.
	told := func(order string) func() bool {
		return func() bool {
			got, _ := keys(h.provider(), "?page_size=100")
			return indexOf(got, requested(order)) >= 0
		}
	}
	first := h.newOrder()
	require.Eventually(t, told(first), 30*time.Second, 100*time.Millisecond)
	second := h.newOrder()
	require.Eventually(t, told(second), 30*time.Second, 100*time.Millisecond)
	got, _ := keys(h.provider(), "?page_size=100")
	require.Contains(t, got, requested(first))
	require.Contains(t, got, requested(second))
	require.Less(t, indexOf(got, requested(second)), indexOf(got, requested(first)),
		"newest first")

	// A page at a time: the first page's token reads on from its last item.
	page1, next := keys(h.provider(), "?page_size=1")
	require.Len(t, page1, 1)
	require.NotEmpty(t, next)
	page2, _ := keys(h.provider(), "?page_size=1&page_token="+url.QueryEscape(next))
	require.Len(t, page2, 1)
	require.NotEqual(t, page1[0], page2[0])
	require.Equal(t, got[:2], append(page1, page2...))

	// Another provider, the agency that ordered and an expert read none of them.
	for _, other := range []string{h.provider2(), h.agency(), h.expert("cho.expert")} {
		mine, _ := keys(other, "?page_size=100")
		require.NotContains(t, mine, requested(first))
	}

	// News addressed to one person by name reaches them alone.
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskDocumentCheck), map[string]any{"outcome": "accept"})
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskAssignExperts),
		map[string]any{"experts": []string{"cho.expert", "yoo.expert"}})
	assigned := func(token string) bool {
		mine, _ := keys(token, "?page_size=100")
		for _, k := range mine {
			if strings.HasPrefix(k, flow.ApplicationWorkflowID(id)+"/assigned-") {
				return true
			}
		}
		return false
	}
	require.Eventually(t, func() bool { return assigned(h.expert("cho.expert")) }, 30*time.Second, 100*time.Millisecond)
	require.False(t, assigned(h.expert("kang.expert")), "another expert does not read it")

	// What is unread: everything before the provider marks any; after it marks the newest
	// read, nothing; the marker does not go back.
	unread := func(token string) (float64, any) {
		t.Helper()
		r := h.do("GET", "/api/v1/me/notifications/unread", token, nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
		m := r.json(t)
		return m["unread"].(float64), m["read_through"]
	}
	n, through := unread(h.provider())
	require.GreaterOrEqual(t, n, float64(2))
	require.Nil(t, through)
	all := h.do("GET", "/api/v1/me/notifications?page_size=1", h.provider(), nil).json(t)
	newestAt := all["items"].([]any)[0].(map[string]any)["created_at"].(string)
	r := h.do("POST", "/api/v1/me/notifications/read", h.provider(), map[string]any{"read_through": newestAt})
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, float64(0), r.json(t)["unread"])
	n, through = unread(h.provider())
	require.Zero(t, n)
	at, err := time.Parse(time.RFC3339Nano, through.(string))
	require.NoError(t, err)
	sent, _ := time.Parse(time.RFC3339Nano, newestAt)
	require.True(t, at.Equal(sent), "read through %s, sent %s", at, sent)
	r = h.do("POST", "/api/v1/me/notifications/read", h.provider(), map[string]any{"read_through": "2026-01-01T00:00:00Z"})
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, through, r.json(t)["read_through"], "the marker only moves forward")
	third := h.newOrder()
	require.Eventually(t, told(third), 30*time.Second, 100*time.Millisecond)
	n, _ = unread(h.provider())
	require.Equal(t, float64(1), n, "the news since")
	other, _ := unread(h.expert("cho.expert"))
	require.NotZero(t, other, "an expert's marker is their own")
	h.do("POST", "/api/v1/me/notifications/read", h.provider(), map[string]any{}).problem(t, http.StatusUnprocessableEntity)

	h.do("GET", "/api/v1/me/notifications?page_size=0", h.provider(), nil).problem(t, http.StatusUnprocessableEntity)
	h.do("GET", "/api/v1/me/notifications?page_token=%21%21", h.provider(), nil).problem(t, http.StatusUnprocessableEntity)
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// TestOrderMovesReachTheOtherParty: the agency hears that the proposal is in, the provider
// how it was evaluated, each in its own news list, from the same write as the order's step.
func TestOrderMovesReachTheOtherParty(t *testing.T) {
	h := newHarness(t)
	subjects := h.newsOf
	id := h.newOrder()
	r := h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), validProposal)
	require.Equal(t, http.StatusOK, r.status, r.String())
	// The step's answer comes after its write, news included.
	require.Equal(t, []string{"notify.order_proposal_submitted.subject"}, subjects(h.agency(), id))
	r = h.do("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), score84)
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, []string{"notify.order_not_qualified.subject", "notify.proposal_requested.subject"}, subjects(h.provider(), id))
	require.Equal(t, []string{"notify.order_proposal_submitted.subject"}, subjects(h.agency(), id), "the agency is not told of its own move")
	// Another agency hears nothing of it.
	require.Empty(t, subjects(h.agency2(), id))
}

// newsOf is the subject keys of the news the holder of token has of one case, newest
// first as the inbox lists them.
func (h *harness) newsOf(token, caseID string) []string {
	h.t.Helper()
	r := h.do("GET", "/api/v1/me/notifications?page_size=100", token, nil)
	require.Equal(h.t, http.StatusOK, r.status, r.String())
	var out []string
	for _, it := range r.json(h.t)["items"].([]any) {
		n := it.(map[string]any)
		if n["case_id"] == caseID {
			out = append(out, n["subject_text"].(map[string]any)["key"].(string))
		}
	}
	return out
}

// TestContractRegistrationReachesTheProvider: an agency registers a direct contract, and
// its changes, alone; the provider whose service it names hears of each, in both
// languages, and no one else.
func TestContractRegistrationReachesTheProvider(t *testing.T) {
	h := newHarness(t)
	id := h.newContract(contractBody("SVC-0001", 40))
	// The news follows the registration's answer, in the workflow's first task.
	require.Eventually(t, func() bool { return len(h.newsOf(h.provider(), id)) > 0 }, 30*time.Second, 50*time.Millisecond)
	require.Equal(t, []string{"notify.contract_registered.subject"}, h.newsOf(h.provider(), id))
	require.Empty(t, h.newsOf(h.agency(), id), "the agency is not told of its own registration")
	require.Empty(t, h.newsOf(h.provider2(), id))

	r := h.do("GET", "/api/v1/me/notifications?page_size=100", h.provider(), nil)
	for _, it := range r.json(t)["items"].([]any) {
		if n := it.(map[string]any); n["case_id"] == id {
			require.Equal(t, "수의계약 등록 Direct contract registered: 민원포털 클라우드 운영", n["subject"])
			require.Contains(t, n["body"], "registered late")
			require.Contains(t, n["body"], "지연")
			// The workflow knows the agency's code; the provider reads its name.
			require.Contains(t, n["body"], "이용기관 행정안전부(AG-0001)에서")
			require.Contains(t, n["body"], "Agency Ministry of the Interior and Safety (AG-0001) registered")
		}
	}

	// A change: the announcement tells the provider nothing, its details do, before the
	// PATCH answers.
	r = h.do("PATCH", "/api/v1/contracts/"+id, h.agency(), announcement(day(0)))
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, []string{"notify.contract_registered.subject"}, h.newsOf(h.provider(), id))
	r = h.do("PATCH", "/api/v1/contracts/"+id, h.agency(), map[string]any{"changed_on": day(0), "reason": "과업 범위 조정 확정", "amount_krw": 52_000_000})
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, []string{"notify.contract_changed.subject", "notify.contract_registered.subject"}, h.newsOf(h.provider(), id))
	require.Empty(t, h.newsOf(h.provider2(), id))
}
