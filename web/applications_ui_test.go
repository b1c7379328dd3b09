package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestProviderSupplementsAndWithdraws: an application missing its SLA policy waits for a
// supplement; the provider sends it from the application's page (a bad digest first), and
// withdraws another application.
func TestProviderSupplementsAndWithdraws(t *testing.T) {
	h := newHarness(t)
	kinds := models.RequiredDocuments(models.TypeCloud, false, false)
	appID := h.newApplication(documents(kinds[:len(kinds)-1]...)...) // without the SLA policy
	require.Eventually(t, func() bool {
		a, err := h.apps.Get(context.Background(), jungProvider, appID)
		return err == nil && a.Status == models.AppSupplementRequested
	}, 15*time.Second, 50*time.Millisecond)
	v := h.visitor()
	v.signIn("jung.provider")
	require.Equal(t, "/ui/inbox", v.get("/ui/").location, "a provider starts from what waits on it")
	inbox := v.get("/ui/inbox").body
	require.Contains(t, inbox, `<a href="/ui/applications/`+appID+`">`+appID+`</a>`, "the supplement is the provider's turn")
	require.Contains(t, inbox, "보완 서류 제출")
	list := v.get("/ui/applications")
	require.Contains(t, list.body, `href="/ui/applications/`+appID+`"`)

	page := v.get("/ui/applications/" + appID)
	require.Equal(t, http.StatusOK, page.status)
	require.Contains(t, page.body, `action="/ui/applications/`+appID+`/documents"`)
	require.Contains(t, page.body, `<option value="sla_policy">`, "the missing kind is offered")

	sla := documents(models.DocSLAPolicy)[0]
	r := v.post("/ui/applications/"+appID+"/documents", url.Values{"documents[0].kind": {"sla_policy"},
		"documents[0].filename": {"SLA.pdf"}, "documents[0].sha256": {"not-a-digest"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Regexp(t, `id="e-documents\[0\]\.sha256">[^<]+<`, r.body, "the error beside the digest")
	require.Contains(t, r.body, `value="SLA.pdf"`, "the form comes back filled in")

	r = v.post("/ui/applications/"+appID+"/documents", url.Values{"documents[0].kind": {"sla_policy"},
		"documents[0].filename": {"SLA.pdf"}, "documents[0].sha256": {sla.SHA256}, "documents[0].size": {"2048"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	a, err := h.apps.Get(context.Background(), jungProvider, appID)
	require.NoError(t, err)
	require.Equal(t, models.AppDocumentCheck, a.Status, "supplemented: back to the document check")
	require.Contains(t, v.get(r.location).body, "보완 서류를 제출했습니다")

	other := h.newApplication()
	r = v.post("/ui/applications/"+other+"/withdraw", url.Values{"reason": {"사업 계획 변경"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	a, err = h.apps.Get(context.Background(), jungProvider, other)
	require.NoError(t, err)
	require.Equal(t, models.AppWithdrawn, a.Status)
	r = v.post("/ui/applications/"+other+"/withdraw", url.Values{"reason": {"두 번"}})
	require.Equal(t, http.StatusConflict, r.status, "a withdrawn application cannot be withdrawn again")

	w := h.visitor()
	w.signIn("han.provider")
	require.Equal(t, http.StatusNotFound, w.get("/ui/applications/"+appID).status, "another provider's application")
}

// TestAssignExpertsRefusesConflicts: the assignment form lists the experts; one with a
// declared conflict of interest with the applicant is refused beside the field, by the
// same check as the REST API, and nothing is assigned.
func TestAssignExpertsRefusesConflicts(t *testing.T) {
	h := newHarness(t)
	appID := h.newApplication()
	ctx := context.Background()
	_, err := h.tasks.Complete(ctx, parkOperator, h.openTask(parkOperator, appID, models.TaskDocumentCheck), "",
		models.TaskCompletion{Outcome: "accept"})
	require.NoError(t, err)
	taskID := h.openTask(parkOperator, appID, models.TaskAssignExperts)
	// yoo already reviews another application: the form says so, to spread the work.
	other := h.newApplication()
	_, err = h.tasks.Complete(ctx, parkOperator, h.openTask(parkOperator, other, models.TaskDocumentCheck), "",
		models.TaskCompletion{Outcome: "accept"})
	require.NoError(t, err)
	_, err = h.tasks.Complete(ctx, parkOperator, h.openTask(parkOperator, other, models.TaskAssignExperts), "",
		models.TaskCompletion{Experts: []string{"yoo.expert"}})
	require.NoError(t, err)
	v := h.visitor()
	v.signIn("seo.operator") // any operator: the task is in the operators' queue
	page := v.get("/ui/tasks/" + taskID)
	for _, sub := range []string{"kang.expert", "cho.expert", "yoo.expert"} {
		require.Contains(t, page.body, `name="experts" value="`+sub+`"`)
	}
	require.Regexp(t, `\(yoo\.expert · [^)]*· 검토 중 1건\)`, page.body)
	// kang's conflict is said before the form is sent, and kang has no box to tick.
	require.Regexp(t, `value="kang\.expert" disabled aria-describedby="f-experts-\d+-conflict">`, page.body)
	require.Regexp(t, `id="f-experts-\d+-conflict">이해충돌로 배정할 수 없음: 최근 3년 이내 공급자에 재직<`, page.body)
	require.NotRegexp(t, `value="cho\.expert"[^>]*disabled`, page.body)
	require.Regexp(t, `\(cho\.expert · [^)]*· 검토 중 0건\)`, page.body)
	// The form shows each expert's name, affiliation and conflict, which their relations
	// decide: each is a read of their record, as in the people list (개인정보 접속기록).
	for _, sub := range []string{"kang.expert", "cho.expert", "yoo.expert"} {
		reads, _, err := h.store.PersonReads(ctx, sub, 10, "")
		require.NoError(t, err)
		require.True(t, slices.ContainsFunc(reads, func(r models.PersonRead) bool {
			return r.Action == models.PersonReadAssignment && r.Sub == "seo.operator"
		}), "%s: the assignment form's read is not logged: %+v", sub, reads)
	}

	r := v.post("/ui/tasks/"+taskID, url.Values{"experts": {"cho.expert", "kang.expert"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	// The reason of the conflict is said in the visitor's language, like the refusal.
	require.Regexp(t, `id="e-experts">[^<]*kang\.expert[^<]*이해충돌이 있음: 최근 3년 이내 공급자에 재직<`, r.body)
	require.Contains(t, r.body, `value="cho.expert" checked`)
	a, err := h.apps.Get(ctx, leeAuditor, appID)
	require.NoError(t, err)
	require.Empty(t, a.Experts, "nothing assigned")

	r = v.post("/ui/tasks/"+taskID, url.Values{})
	require.Equal(t, http.StatusUnprocessableEntity, r.status, "no expert chosen")
	require.Contains(t, r.body, `id="e-experts">검토위원을 한 명 이상 지정해야 합니다<`)

	r = v.post("/ui/tasks/"+taskID, url.Values{"experts": {"cho.expert", "yoo.expert"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	a, err = h.apps.Get(ctx, leeAuditor, appID)
	require.NoError(t, err)
	require.ElementsMatch(t, []string{"cho.expert", "yoo.expert"}, a.Experts)
}
