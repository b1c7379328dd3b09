package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/internal/oidctest"
	"github.com/dsmarket/dsmarket/models"
)

func TestSignInDevelopment(t *testing.T) {
	h := newHarness(t)
	v := h.visitor()

	r := v.get("/ui/inbox")
	require.Equal(t, http.StatusSeeOther, r.status)
	require.Equal(t, "/ui/login?next=%2Fui%2Finbox", r.location)

	r = h.visitor().get("/ui/login") // a first visit: the anonymous session starts here
	require.Equal(t, http.StatusOK, r.status)
	require.Contains(t, r.body, `<html lang="ko">`)
	for _, sub := range []string{"park.operator", "cho.expert", "song.committee", "kim.agency", "jung.provider", "lee.auditor"} {
		require.Contains(t, r.body, `data-sub="`+sub+`"`, "every role has a seeded user to pick")
	}
	cookie := r.header.Get("Set-Cookie")
	require.Contains(t, cookie, "dsmarket_session=")
	for _, flag := range []string{"HttpOnly", "Secure", "SameSite=Lax", "Path=/ui/"} {
		require.Contains(t, cookie, flag)
	}

	t.Run("ErrCSRFTokenWrong", func(t *testing.T) {
		r := v.post("/ui/login/dev", url.Values{"sub": {"park.operator"}, "csrf_token": {"forged"}})
		require.Equal(t, http.StatusForbidden, r.status)
		require.Equal(t, http.StatusSeeOther, v.get("/ui/inbox").status, "still signed out")
	})
	t.Run("ErrCrossSite", func(t *testing.T) {
		form := url.Values{"sub": {"park.operator"}, "csrf_token": {v.csrf()}}
		req, err := http.NewRequest(http.MethodPost, h.url+"/ui/login/dev", strings.NewReader(form.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		res, err := v.c.Do(req)
		require.NoError(t, err)
		require.Equal(t, http.StatusForbidden, read(t, res).status)
	})
	t.Run("ErrUnknownUser", func(t *testing.T) {
		require.Equal(t, http.StatusUnprocessableEntity, v.post("/ui/login/dev", url.Values{"sub": {"nobody"}}).status)
	})
	t.Run("ErrOpenRedirect", func(t *testing.T) {
		w := h.visitor()
		r := w.post("/ui/login/dev", url.Values{"sub": {"park.operator"}, "next": {"//evil.example/x"}})
		require.Equal(t, "/ui/", r.location)
	})

	v.signIn("park.operator")
	r = v.get("/ui/")
	require.Equal(t, "/ui/inbox", r.location, "an operator starts in the inbox")
	r = v.get("/ui/inbox")
	require.Equal(t, http.StatusOK, r.status)
	require.Contains(t, r.body, "박지훈")

	t.Run("EnglishSwitch", func(t *testing.T) {
		r := v.get("/ui/lang?to=en&back=%2Fui%2Finbox")
		require.Equal(t, "/ui/inbox", r.location)
		r = v.get("/ui/inbox")
		require.Contains(t, r.body, `<html lang="en">`)
		require.Contains(t, r.body, "<h1>Inbox</h1>")
		v.get("/ui/lang?to=ko&back=%2Fui%2Finbox")
	})

	t.Run("BrowsersLanguage", func(t *testing.T) {
		// A first visit reads the browser's language; a switch outlasts it.
		w := h.visitor()
		visit := func(accept string) pageResp {
			req, err := http.NewRequest(http.MethodGet, h.url+"/ui/login", nil)
			require.NoError(t, err)
			req.Header.Set("Accept-Language", accept)
			res, err := w.c.Do(req)
			require.NoError(t, err)
			return read(t, res)
		}
		for accept, lang := range map[string]string{"en-US,en;q=0.9": "en", "ko-KR,ko;q=0.9,en;q=0.5": "ko", "fr-FR": "ko", "": "ko", "not a header": "ko"} {
			r := visit(accept)
			require.Contains(t, r.body, `<html lang="`+lang+`">`, "Accept-Language %q", accept)
			require.Contains(t, r.header.Values("Vary"), "Accept-Language")
		}
		w.get("/ui/lang?to=ko&back=%2Fui%2Flogin")
		require.Contains(t, visit("en").body, `<html lang="ko">`, "the visitor's switch wins over the browser's language")
	})

	// Someone keeps a copy of the signed-in cookie (a shared computer, a proxy's log).
	kept := h.visitor()
	kept.jar.SetCookies(nil, v.jar.Cookies(nil))
	require.Equal(t, http.StatusOK, kept.get("/ui/inbox").status, "the copy works while the session lives")

	r = v.post("/ui/logout", url.Values{})
	require.Equal(t, http.StatusSeeOther, r.status)
	require.Equal(t, http.StatusSeeOther, v.get("/ui/inbox").status, "signed out")
	r = kept.get("/ui/inbox")
	require.Equal(t, http.StatusSeeOther, r.status, "signing out revokes the session on the server, not only the cookie")
	require.True(t, strings.HasPrefix(r.location, "/ui/login"), r.location)
}

func TestSignInOIDC(t *testing.T) {
	iss := oidctest.New(t)
	h := newHarness(t, withCodeFlow(t, iss, false))
	// The issuer signs the person in at once and sends the browser back.
	throughIssuer := func(v *visitor) pageResp {
		r := v.get("/ui/login/oidc?next=%2Fui%2Finbox")
		require.Equal(t, http.StatusFound, r.status)
		require.True(t, strings.HasPrefix(r.location, iss.URL+"/authorize?"), r.location)
		res, err := v.c.Get(r.location) // the issuer's own cookies do not matter here
		require.NoError(t, err)
		back := read(t, res)
		require.Equal(t, http.StatusFound, back.status)
		require.True(t, strings.HasPrefix(back.location, h.url+"/ui/auth/callback?"), back.location)
		cb, err := url.Parse(back.location)
		require.NoError(t, err)
		return v.get(cb.RequestURI())
	}

	t.Run("OK", func(t *testing.T) {
		iss.SignInAs("park.operator", "operator", "NIA")
		v := h.visitor()
		login := v.get("/ui/login")
		require.Contains(t, login.body, `id="oidc-signin"`)
		require.NotContains(t, login.body, `data-sub=`, "no development sign-in with OIDC configured")
		r := throughIssuer(v)
		require.Equal(t, http.StatusSeeOther, r.status, r.body)
		require.Equal(t, "/ui/inbox", r.location)
		inbox := v.get("/ui/inbox")
		require.Equal(t, http.StatusOK, inbox.status)
		require.Contains(t, inbox.body, "박지훈", "the seeded name of the issuer's subject")
	})
	t.Run("ErrDevSignInOff", func(t *testing.T) {
		require.Equal(t, http.StatusNotFound, h.visitor().post("/ui/login/dev", url.Values{"sub": {"lee.auditor"}}).status)
	})
	t.Run("ErrNonce", func(t *testing.T) {
		iss.SignInAs("park.operator", "operator", "NIA")
		iss.TamperNonce()
		v := h.visitor()
		r := throughIssuer(v)
		require.Equal(t, http.StatusUnauthorized, r.status)
		require.Equal(t, http.StatusSeeOther, v.get("/ui/inbox").status, "not signed in")
	})
	t.Run("ErrCallbackWithoutLogin", func(t *testing.T) {
		r := h.visitor().get("/ui/auth/callback?code=x&state=y")
		require.Equal(t, http.StatusUnauthorized, r.status)
	})
}

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

func TestOrdersAreTheirOrganizations(t *testing.T) {
	h := newHarness(t)
	orderID := h.newOrder()
	for _, tc := range []struct {
		sub    string
		status int
	}{{"kim.agency", http.StatusOK}, {"jung.provider", http.StatusOK}, {"choi.agency", http.StatusNotFound}, {"han.provider", http.StatusNotFound}} {
		v := h.visitor()
		v.signIn(tc.sub)
		require.Equal(t, tc.status, v.get("/ui/orders/"+orderID).status, tc.sub)
		list := v.get("/ui/orders")
		require.Equal(t, tc.status == http.StatusOK, strings.Contains(list.body, orderID), "%s's list", tc.sub)
	}
	v := h.visitor()
	v.signIn("choi.agency")
	r := v.post("/ui/orders/"+orderID+"/cancel", url.Values{"reason": {"남의 주문"}})
	require.Equal(t, http.StatusNotFound, r.status, "another agency's order is not found, even to act on")
	o, err := h.orders.Get(context.Background(), kimAgency, orderID)
	require.NoError(t, err)
	require.Equal(t, models.OrderProposalRequested, o.Status)
	_ = choiAgency
}

func TestNewOrderFormErrors(t *testing.T) {
	h := newHarness(t)
	v := h.visitor()
	v.signIn("kim.agency")
	page := v.get("/ui/orders/new?service=SVC-0001")
	require.Equal(t, http.StatusOK, page.status)
	require.Contains(t, page.body, `value="SVC-0001"`)
	r := v.post("/ui/orders", url.Values{"service_id": {"SVC-0001"}, "title": {""}, "budget_krw": {"1억"}, "proposal_due": {inDays(3)}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, `id="e-budget_krw">원 단위의 정수 금액이어야 합니다<`)
	// The same refusal on an English page reads in English, beside the field as in the summary.
	v.get("/ui/lang?to=en&back=%2Fui%2Forders")
	r = v.post("/ui/orders", url.Values{"service_id": {"SVC-0001"}, "title": {""}, "budget_krw": {"-5"}, "proposal_due": {inDays(3)}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, `id="e-budget_krw">must be a positive whole amount in KRW<`)
	require.Contains(t, r.body, `id="e-title">is required<`)
	v.get("/ui/lang?to=ko&back=%2Fui%2Forders")
	list, _, err := h.orders.List(context.Background(), kimAgency, "", 50, "")
	require.NoError(t, err)
	require.Empty(t, list, "a refused form opens no order")

	r = v.post("/ui/orders", url.Values{"service_id": {"SVC-0001"}, "title": {"민원포털"}, "budget_krw": {"120,000,000"},
		"proposal_due": {inDays(3)}, "idempotency_key": {"ui-fixed-key-1"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	again := v.post("/ui/orders", url.Values{"service_id": {"SVC-0001"}, "title": {"민원포털"}, "budget_krw": {"120,000,000"},
		"proposal_due": {inDays(3)}, "idempotency_key": {"ui-fixed-key-1"}})
	require.Equal(t, r.location, again.location, "a double submission is one order")
	list, _, err = h.orders.List(context.Background(), kimAgency, "", 50, "")
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Equal(t, models.KRW(120_000_000), list[0].BudgetKRW)
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

// TestServiceInspectionToUnfitNotice: an operator records a closure on a service's page;
// the service leaves the catalog, its order in flight is stopped with the reason, and the
// public notice board shows it. Auditors read the record and may not record.
func TestServiceInspectionToUnfitNotice(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService()
	orderID := h.newOrderOn(svc)

	anon := h.visitor().get("/ui/services/" + svc)
	require.Equal(t, http.StatusOK, anon.status)
	require.NotContains(t, anon.body, `id="inspect-h"`, "the inspection record is not public")

	v := h.visitor()
	v.signIn("park.operator")
	page := v.get("/ui/services/" + svc)
	require.Contains(t, page.body, `action="/ui/services/`+svc+`/events"`)
	r := v.post("/ui/services/"+svc+"/events", url.Values{"kind": {"business_status"}, "value": {"closed"},
		"effective_on": {inDays(0)}, "source": {""}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Regexp(t, `id="e-source">[^<]+<`, r.body, "the error beside the field")
	svcRow, err := h.store.GetService(context.Background(), svc)
	require.NoError(t, err)
	require.Equal(t, models.ServiceRegistered, svcRow.Status, "a refused fact changes nothing")

	r = v.post("/ui/services/"+svc+"/events", url.Values{"kind": {"business_status"}, "value": {"closed"},
		"effective_on": {inDays(0)}, "source": {"국세청 휴폐업 조회"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.Eventually(t, func() bool {
		s, err := h.store.GetService(context.Background(), svc)
		return err == nil && s.Status == models.ServiceRemoved
	}, 15*time.Second, 50*time.Millisecond, "the unfit service leaves the catalog")
	require.Eventually(t, func() bool {
		o, err := h.orders.Get(context.Background(), kimAgency, orderID)
		return err == nil && o.Status == models.OrderCancelled
	}, 15*time.Second, 50*time.Millisecond, "the order in flight is stopped")
	page = v.get("/ui/services/" + svc)
	require.Contains(t, page.body, `data-status="removed"`)
	require.NotContains(t, page.body, `action="/ui/services/`+svc+`/events"`, "nothing more to record on a removed service")

	board := h.visitor().get("/ui/notices")
	require.Equal(t, http.StatusOK, board.status)
	require.Contains(t, board.body, `data-service="`+svc+`"`, "the public notice")
	require.Contains(t, board.body, inDays(20), "shown at least 20 days")

	a := h.visitor()
	a.signIn("lee.auditor")
	page = a.get("/ui/services/" + svc)
	require.Contains(t, page.body, `id="findings"`)
	require.NotContains(t, page.body, `/events"`, "no form for auditors")
	require.Equal(t, http.StatusForbidden, a.post("/ui/services/"+svc+"/events", url.Values{"kind": {"csap"}}).status)
	require.Equal(t, http.StatusOK, a.get("/ui/cases/service-"+svc).status, "the auditor's timeline of the service")
}

// TestDirectContractPages: an agency registers a direct contract 40 days after its date
// (late), announces a change and registers its details, from the pages; another agency
// does not find it; the auditor reads it without forms.
func TestDirectContractPages(t *testing.T) {
	h := newHarness(t)
	v := h.visitor()
	v.signIn("kim.agency")
	page := v.get("/ui/contracts/new?service=SVC-0001")
	require.Equal(t, http.StatusOK, page.status)
	require.Contains(t, page.body, `value="SVC-0001"`)

	form := url.Values{"service_id": {"SVC-0001"}, "title": {"민원포털 유지관리 수의계약"}, "contracted_on": {inDays(-40)},
		"amount_krw": {"abc"}, "period_from": {inDays(-40)}, "period_to": {inDays(300)}}
	r := v.post("/ui/contracts", form)
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, `id="e-amount_krw">원 단위의 정수 금액이어야 합니다<`)
	list, _, err := h.contracts.List(context.Background(), kimAgency, "", 50, "")
	require.NoError(t, err)
	require.Empty(t, list, "a refused form registers nothing")

	form.Set("amount_krw", "48,000,000")
	r = v.post("/ui/contracts", form)
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	id := strings.TrimPrefix(strings.SplitN(r.location, "?", 2)[0], "/ui/contracts/")
	page = v.get(r.location)
	require.Contains(t, page.body, `id="contract-late"`, "registered after its 30 days: late")
	require.Contains(t, page.body, inDays(-10), "registration was due 30 days after the contract date")

	r = v.post("/ui/contracts/"+id+"/changes", url.Values{"changed_on": {inDays(0)}, "reason": {"계약 기간 연장 합의"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	k, err := h.contracts.Get(context.Background(), kimAgency, id)
	require.NoError(t, err)
	require.Equal(t, models.ContractChangePending, k.Status, "a change without values is announced")

	// The details come with the amended contract: a refused form keeps its file, and the
	// form sent again with it registers the change and the file together.
	details := url.Values{"changed_on": {inDays(0)}, "reason": {"계약 기간 연장"}, "period_to": {"abc"},
		"documents[0].kind": {"contract"}}
	amended := map[string]upload{"documents[0].file": {"변경계약서.pdf", minimalPDF("변경계약서")}}
	r = v.postFiles("/ui/contracts/"+id+"/changes", details, amended)
	require.Equal(t, http.StatusUnprocessableEntity, r.status, r.body)
	kept := hiddenFields(t, r.body)
	require.NotEmpty(t, kept.Get("documents[0].document_id"), "the refused form keeps its file")
	for k, vs := range kept {
		details[k] = vs
	}
	details.Set("period_to", inDays(400))
	r = v.postFiles("/ui/contracts/"+id+"/changes", details, nil)
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	k, err = h.contracts.Get(context.Background(), kimAgency, id)
	require.NoError(t, err)
	require.Equal(t, models.ContractRegistered, k.Status)
	require.Len(t, k.Changes, 1)
	require.False(t, k.Changes[0].Late, "details in time")
	require.Len(t, k.Changes[0].Documents, 1, "the change keeps the amended contract")
	require.Equal(t, "변경계약서.pdf", k.Changes[0].Documents[0].Filename)
	require.Equal(t, kept.Get("documents[0].document_id"), k.Changes[0].Documents[0].DocumentID)
	require.Contains(t, v.get("/ui/contracts/"+id).body, `>변경계약서.pdf</a>`, "the contract's page lists it")

	w := h.visitor()
	w.signIn("choi.agency")
	require.Equal(t, http.StatusNotFound, w.get("/ui/contracts/"+id).status, "another agency's contract")

	a := h.visitor()
	a.signIn("lee.auditor")
	page = a.get("/ui/contracts/" + id)
	require.Equal(t, http.StatusOK, page.status)
	require.NotContains(t, page.body, `action="/ui/contracts/`, "no forms for auditors")
	timeline := a.get("/ui/cases/contract-" + id)
	require.Equal(t, http.StatusOK, timeline.status)
	require.Contains(t, timeline.body, "수의계약 등록")
}

// TestQualityCaseInTheUI: the year's cycle opens a case; the provider reports from the
// case's page with a file (a bad number first, the file kept), the operator opens the
// file and pre-reviews it, and completes the
// quality_inspection task from the inbox; the auditor reads it all without forms.
func TestQualityCaseInTheUI(t *testing.T) {
	h := newHarness(t)
	svc := h.ownQualityService()
	year := time.Now().In(models.Seoul).Year()
	qcID := models.QualityCaseID(svc, year)
	_, err := h.quality.StartCycle(context.Background(), parkOperator)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		items, _, err := h.quality.List(context.Background(), parkOperator, app.QualityCaseQuery{ServiceID: svc})
		return err == nil && len(items) == 1
	}, 30*time.Second, 100*time.Millisecond, "the cycle opens the case of %s", svc)

	p := h.visitor()
	p.signIn("jung.provider")
	require.Contains(t, p.get("/ui/quality").body, `href="/ui/quality/`+qcID+`"`)
	page := p.get("/ui/quality/" + qcID)
	require.Contains(t, page.body, `action="/ui/quality/`+qcID+`/report"`)
	require.Contains(t, page.body, `enctype="multipart/form-data"`, "the report carries its files")
	// A refused report keeps the file it uploaded; the corrected one references it.
	sent := hiddenFields(t, page.body)
	sent.Set("summary", "연간 가용성 99.95%, 장애 2건")
	sent.Set("availability_pct", "abc")
	sent.Set("incidents", "2")
	sent.Set("documents[0].kind", "sla_policy")
	sla := minimalPDF("가용성 측정 보고")
	r := p.postFiles("/ui/quality/"+qcID+"/report", sent, map[string]upload{"documents[0].file": {"가용성.pdf", sla}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, `id="e-availability_pct">숫자여야 합니다<`)
	require.Contains(t, r.body, `id="kept-0"`, "the uploaded file is kept")
	kept := hiddenFields(t, r.body)
	docID := kept.Get("documents[0].document_id")
	require.NotEmpty(t, docID)
	kept.Set("summary", "연간 가용성 99.95%, 장애 2건")
	kept.Set("availability_pct", "99.95")
	kept.Set("incidents", "2")
	kept.Set("documents[0].kind", "sla_policy")
	r = p.postFiles("/ui/quality/"+qcID+"/report", kept, nil)
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	qc, err := h.quality.Get(context.Background(), parkOperator, qcID)
	require.NoError(t, err)
	require.Len(t, qc.Report.Documents, 1)
	require.Equal(t, docID, qc.Report.Documents[0].DocumentID)
	require.Equal(t, "가용성.pdf", qc.Report.Documents[0].Filename)

	o := h.visitor()
	o.signIn("park.operator")
	page = o.get("/ui/quality/" + qcID)
	require.Contains(t, page.body, `action="/ui/quality/`+qcID+`/prereview"`)
	require.Contains(t, page.body, `href="/ui/documents/`+docID+`"`, "the operator opens the report's file from the case")
	got := o.get("/ui/documents/" + docID)
	require.Equal(t, http.StatusOK, got.status)
	require.Equal(t, string(sla), got.body)
	r = o.post("/ui/quality/"+qcID+"/prereview", url.Values{"accepted": {"true"}, "note": {"보고서 완비"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	taskID := h.openTask(parkOperator, qcID, models.TaskQualityInspection)
	// The case names the service as the catalog does in each language: an English inbox
	// reads the English name, a Korean one the Korean name.
	catalog, err := h.store.GetService(context.Background(), svc)
	require.NoError(t, err)
	require.NotEmpty(t, catalog.NameEn, "the seed names SVC-0001 in English")
	require.Contains(t, o.get("/ui/inbox").body, html.EscapeString(fmt.Sprintf("품질점검 %d년 1차: %s", year, catalog.Name)))
	o.get("/ui/lang?to=en&back=%2Fui%2Finbox")
	require.Contains(t, o.get("/ui/inbox").body, html.EscapeString(fmt.Sprintf("Quality inspection %d/1: %s", year, catalog.NameEn)))
	p.get("/ui/lang?to=en&back=%2Fui%2Fnotifications")
	require.Contains(t, p.get("/ui/notifications").body, html.EscapeString(fmt.Sprintf("Quality report request %d: %s", year, catalog.NameEn)))
	o.get("/ui/lang?to=ko&back=%2Fui%2Finbox")
	task := o.get("/ui/tasks/" + taskID)
	require.Contains(t, task.body, `id="quality-summary"`, "the task opens the quality case")
	require.Contains(t, task.body, `name="on_site"`)
	r = o.post("/ui/tasks/"+taskID, url.Values{"outcome": {"fit"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	qc, err = h.quality.Get(context.Background(), leeAuditor, qcID)
	require.NoError(t, err)
	require.Equal(t, models.QualityFit, qc.Status)

	a := h.visitor()
	a.signIn("lee.auditor")
	page = a.get("/ui/quality/" + qcID)
	require.Equal(t, http.StatusOK, page.status)
	require.NotContains(t, page.body, `action="/ui/quality/`, "no forms for auditors")
	require.Equal(t, http.StatusOK, a.get("/ui/cases/"+qc.WorkflowID).status)
	require.Equal(t, http.StatusForbidden, a.post("/ui/quality/"+qcID+"/prereview", url.Values{"accepted": {"true"}}).status)
}

// TestInformationChangeInTheUI: the provider asks for a description change on its
// service's page, and to empty its key features; the operator approves it; the catalog
// shows the new description, no features and the history of the change. A CSAP change goes to re-review instead.
func TestInformationChangeInTheUI(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService()
	require.NoError(t, h.store.DB().Exec(`UPDATE services SET features = '["민원 접수", "처리 현황 안내"]' WHERE id = ?`, svc).Error)
	p := h.visitor()
	p.signIn("jung.provider")
	page := p.get("/ui/services/" + svc)
	require.Contains(t, page.body, `action="/ui/services/`+svc+`/change-requests"`)
	require.Contains(t, page.body, `name="features_clear"`, "a list the service has may be emptied")
	require.NotContains(t, page.body, `name="prices_clear"`, "the service has no price list to empty")
	r := p.post("/ui/services/"+svc+"/change-requests", url.Values{"reason": {"기능 추가"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status, "no change at all")
	r = p.post("/ui/services/"+svc+"/change-requests", url.Values{"features_clear": {"true"}, "features": {"새 기능"}, "reason": {"기능 정리"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status, "remove all beside new lines")
	require.Contains(t, r.body, `id="e-features">모두 지우기를 고르셨으면 이 칸은 비워 두십시오<`)
	// The new service overview goes with the request, as the form uploads it.
	r = p.postFiles("/ui/services/"+svc+"/change-requests", url.Values{"description": {"민원 접수와 처리 현황 안내 SaaS"},
		"features_clear": {"true"}, "reason": {"기능 정리"}, "documents[0].kind": {"service_overview"}},
		map[string]upload{"documents[0].file": {"서비스 개요서 v2.pdf", minimalPDF("개요서 v2")}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	crID := strings.TrimPrefix(strings.SplitN(r.location, "?", 2)[0], "/ui/changes/")
	page = p.get("/ui/changes/" + crID)
	require.Contains(t, page.body, `id="change-documents"`)
	require.Contains(t, page.body, `">서비스 개요서 v2.pdf</a>`, "the request lists its file")

	w := h.visitor()
	w.signIn("han.provider")
	require.Equal(t, http.StatusNotFound, w.get("/ui/changes/"+crID).status, "another provider's request")
	require.NotContains(t, w.get("/ui/services/"+svc).body, `/change-requests"`, "only the service's provider may ask")

	o := h.visitor()
	o.signIn("park.operator")
	require.Eventually(t, func() bool {
		return strings.Contains(o.get("/ui/changes/"+crID).body, `action="/ui/changes/`+crID+`/decision"`)
	}, 15*time.Second, 50*time.Millisecond)
	doc := regexp.MustCompile(`data-document="(DOC-[0-9a-f]{32})"`).FindStringSubmatch(o.get("/ui/changes/" + crID).body)
	require.NotNil(t, doc, "the operator's page links the request's file")
	require.Equal(t, http.StatusOK, o.get("/ui/documents/"+doc[1]).status, "the operator opens it before deciding")
	r = o.post("/ui/changes/"+crID+"/decision", url.Values{"approve": {"false"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status, "a rejection needs its reason")
	r = o.post("/ui/changes/"+crID+"/decision", url.Values{"approve": {"true"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.Eventually(t, func() bool {
		s, err := h.store.GetService(context.Background(), svc)
		return err == nil && s.Description == "민원 접수와 처리 현황 안내 SaaS" && len(s.Features) == 0
	}, 15*time.Second, 50*time.Millisecond, "the approved change is applied to the catalog, its features emptied")
	require.Contains(t, h.visitor().get("/ui/services/"+svc).body, `id="service-changes"`, "the public history of changes")

	r = p.post("/ui/services/"+svc+"/change-requests", url.Values{"csap_valid_until": {inDays(400)}, "reason": {"CSAP 갱신"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	rereview := strings.TrimPrefix(strings.SplitN(r.location, "?", 2)[0], "/ui/changes/")
	require.Eventually(t, func() bool {
		cr, err := h.changes.Get(context.Background(), parkOperator, rereview)
		return err == nil && cr.Status == models.ChangeRereviewStarted
	}, 15*time.Second, 50*time.Millisecond, "a selection criterion goes to re-review")
	require.Contains(t, o.get("/ui/changes/"+rereview).body, `id="change-awaits-rereview"`, "the request tells what it waits for")
}
