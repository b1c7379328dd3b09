package api_test

import (
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestSelection_OK_ApplicationToCatalogOrder walks one application of PV-0001 through the
// REST API only, from the application to its selection, and orders the selected service:
// document check → expert assignment (a conflicted expert refused) → two reviews, one
// asking for a site visit → the site visit report → a committee session of the seeded
// members (a conflicted member recused at once) → votes → close → selected with a notice
// and a catalog entry → a catalog order.
func TestSelection_OK_ApplicationToCatalogOrder(t *testing.T) {
	h := newHarness(t)
	svc := h.do("GET", "/api/v1/services/SVC-0001", "", nil).json(t)
	businessNo := svc["provider"].(map[string]any)["business_no"].(string)

	// 1. The provider applies with every document a cloud service needs, the CSAP
	//    certificate with its expiry.
	docs := allDocuments(models.TypeCloud)
	csapUntil := models.DateOf(time.Now().AddDate(2, 0, 0)).String()
	for i := range docs {
		if docs[i].Kind == string(models.DocCSAPCertificate) {
			docs[i].ValidUntil = csapUntil
		}
	}
	r := h.do("POST", "/api/v1/applications", h.provider(), applicationInput(businessNo, docs...),
		"Idempotency-Key", "e2e-apply")
	require.Equal(t, http.StatusCreated, r.status, r.String())
	id := r.json(t)["id"].(string)
	require.Equal(t, "document_check", r.json(t)["status"])

	// 2. An operator accepts the documents from the operators' queue.
	a := h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskDocumentCheck),
		map[string]any{"outcome": "accept", "note": "서류 완비"})
	require.Equal(t, "expert_review", a["status"])

	// 3. Experts are assigned: kang.expert has a conflict of interest with PV-0001.
	assign := h.openTask(h.operator2(), id, models.TaskAssignExperts)
	p := h.do("POST", "/api/v1/tasks/"+assign+"/complete", h.operator2(),
		map[string]any{"experts": []string{"kang.expert", "cho.expert"}}).problem(t, 422)
	require.Equal(t, "experts[0]", p.Errors[0].Field)
	h.complete(h.operator2(), assign, map[string]any{"experts": []string{"cho.expert", "yoo.expert"}})

	// 4. Each expert reviews; cho asks for a site visit and company interview.
	a = h.complete(h.expert("cho.expert"), h.openTask(h.expert("cho.expert"), id, models.TaskExpertReview), reviewBody("suitable", true))
	require.Equal(t, "expert_review", a["status"])
	require.Equal(t, true, a["site_visit_requested"])
	a = h.complete(h.expert("yoo.expert"), h.openTask(h.expert("yoo.expert"), id, models.TaskExpertReview), reviewBody("suitable", false))
	require.Equal(t, "site_visit", a["status"])

	// 5. The operator reports the site visit; the review closes.
	a = h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskSiteVisit),
		map[string]any{"held_on": today(), "report": "데이터센터, 백업 설비와 고객지원 조직 확인"})
	require.Equal(t, "awaiting_committee", a["status"])
	require.Contains(t, a["review_report"], "site visit held on "+today())

	// 6. The operator opens a session of the seeded committee; the application joins it.
	r = h.do("POST", "/api/v1/committee/sessions", h.operator(), sessionBody(committeeMembers...), "Idempotency-Key", "e2e-session")
	require.Equal(t, http.StatusCreated, r.status, r.String())
	sid := r.json(t)["id"].(string)
	require.Eventually(t, func() bool {
		s, ok := h.application(id)["session"].(map[string]any)
		return ok && s["id"] == sid
	}, 10e9, 50e6, "the application joins the open session")

	// 7. jang.committee did work for PV-0001 last year: he is recused at once, without a
	// task. The others vote in their inboxes: two select, one rejects, one recuses.
	a = h.application(id)
	require.True(t, slices.ContainsFunc(a["votes"].([]any), func(v any) bool {
		vote := v.(map[string]any)
		return vote["member"] == "jang.committee" && vote["recused"] == true
	}), "jang.committee is recused: %v", a["votes"])
	votes := map[string]map[string]any{
		"song.committee":  {"vote": "select"},
		"lim.committee":   {"vote": "select", "reason": "운영 안정성 확인"},
		"kwon.committee":  {"vote": "reject", "reason": "지원 인력 부족"},
		"hwang.committee": {"recuse": true, "reason": "최근 자문 수행"},
	}
	r = h.do("GET", "/api/v1/tasks?status=open", h.member("jang.committee"), nil)
	require.Empty(t, r.json(t)["items"])
	for _, m := range committeeMembers {
		if votes[m] == nil {
			continue
		}
		task := h.openTask(h.member(m), id, models.TaskCommitteeVote)
		a = h.complete(h.member(m), task, votes[m])
		require.Equal(t, "awaiting_committee", a["status"])
		h.do("POST", "/api/v1/tasks/"+task+"/complete", h.member(m), votes[m]).problem(t, 409)
	}

	// 8. The operator closes the session: a quorum, and a majority of those present select.
	r = h.do("POST", "/api/v1/committee/sessions/"+sid+"/close", h.operator(), nil, "Idempotency-Key", "e2e-close")
	require.Equal(t, 200, r.status, r.String())
	s := r.json(t)
	require.Equal(t, "closed", s["status"])
	d := s["agenda"].([]any)[0].(map[string]any)["decision"].(map[string]any)
	require.Equal(t, "selected", d["outcome"], d["reason"])
	require.EqualValues(t, 3, d["present"])
	require.EqualValues(t, 2, d["select"])
	require.EqualValues(t, 2, d["recused"])

	// 9. The application is selected, with its notice and its catalog entry.
	require.Eventually(t, func() bool {
		a = h.application(id)
		return a["status"] == "selected" && a["service_id"] != nil
	}, 10e9, 50e6, "the selection is registered")
	require.Regexp(t, `^DS-\d{4}-\d+$`, a["notice_no"])
	require.Equal(t, today(), a["selected_on"])
	require.Empty(t, a["open_tasks"])
	r = h.do("GET", "/api/v1/applications/"+id, h.provider(), nil)
	require.Equal(t, 200, r.status, r.String())
	require.Equal(t, "selected", r.json(t)["status"])
	serviceID := a["service_id"].(string)

	// 10. The service is in the catalog, registered, and can be ordered.
	r = h.do("GET", "/api/v1/services/"+serviceID, "", nil)
	require.Equal(t, 200, r.status, r.String())
	listed := r.json(t)
	require.Equal(t, "registered", listed["status"])
	require.Equal(t, "한빛 민원 접수 클라우드", listed["name"])
	require.Equal(t, "PV-0001", listed["provider"].(map[string]any)["org"])
	require.Equal(t, today(), listed["selected_on"])
	require.Equal(t, csapUntil, listed["csap_valid_until"])
	order := h.orderOn(serviceID)
	r = h.do("POST", "/api/v1/orders/"+order+"/proposal", h.provider(), validProposal)
	require.Equal(t, 200, r.status, r.String())

	// 11. The auditor reads every decision with who, when and why.
	r = h.do("GET", "/api/v1/cases/application-"+id+"/history", h.auditor(), nil)
	require.Equal(t, 200, r.status, r.String())
	var actions []string
	for _, st := range r.json(t)["decisions"].([]any) {
		actions = append(actions, st.(map[string]any)["action"].(string))
	}
	for _, want := range []string{"applied", "eligibility_checked", "documents_accepted", "experts_assigned", "expert_reviewed",
		"site_visit_requested", "site_visit_reported", "review_closed", "joined_session", "voted", "recused", "committee_decided", "registered"} {
		require.True(t, slices.Contains(actions, want), "history lacks %s: %v", want, actions)
	}
	require.Equal(t, "registered", actions[len(actions)-1])
}
