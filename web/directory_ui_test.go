package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
)

// TestOrganizationPages: the operator registers a provider (a mistyped business number is
// refused beside its field and registers nothing), corrects it, and finds it by kind;
// auditors read it and may not register.
func TestOrganizationPages(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	v := h.visitor()
	v.signIn("park.operator")

	provider := url.Values{"kind": {"provider"}, "org": {"PV-0800"}, "name": {"(주)가온클라우드"}, "name_en": {"Gaon Cloud"},
		"business_no": {"124-82-00269"}, "size": {"sme"}, "founded_on": {"2018-01-02"}}
	r := v.post("/ui/organizations", provider)
	require.Equal(t, http.StatusUnprocessableEntity, r.status, r.body)
	require.Regexp(t, `id="e-provider-business_no">[^<]*검증번호`, r.body, "the error beside its field, in the page's language")
	require.Contains(t, r.body, `id="f-provider-org" name="org" value="PV-0800"`, "the form comes back filled in")
	_, err := h.store.GetOrganization(ctx, "PV-0800")
	require.Equal(t, models.ENOTFOUND, models.ErrorCode(err), "a refused form registers nothing")

	provider.Set("business_no", "1248200262")
	r = v.post("/ui/organizations", provider)
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.Equal(t, "/ui/organizations/PV-0800?done=PV-0800", r.location)
	page := v.get("/ui/organizations/PV-0800")
	require.Equal(t, http.StatusOK, page.status)
	require.Contains(t, page.body, `<dd>124-82-00262</dd>`, "kept with its dashes")

	r = v.post("/ui/organizations/PV-0800", url.Values{"name": {"(주)가온클라우드"}, "name_en": {"Gaon Cloud"},
		"business_no": {"124-82-00262"}, "size": {"midsize"}, "founded_on": {""}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.Equal(t, "/ui/organizations/PV-0800?done=edit", r.location)
	o, err := h.store.GetOrganization(ctx, "PV-0800")
	require.NoError(t, err)
	require.Equal(t, models.SizeMidsize, o.Size)
	require.Equal(t, "2018-01-02", o.FoundedOn.String(), "a founding date left empty is kept")

	r = v.post("/ui/organizations", url.Values{"kind": {"agency"}, "org": {"AG-0800"}, "name": {"세종특별자치시교육청"},
		"agency_kind": {"bank"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, `id="e-agency-agency_kind"`, "the agency's form comes back with its error")

	agencies := v.get("/ui/organizations?kind=agency")
	require.Contains(t, agencies.body, `data-org="AG-0001"`)
	require.NotContains(t, agencies.body, `data-org="PV-0800"`)

	auditor := h.visitor()
	auditor.signIn("lee.auditor")
	require.Contains(t, auditor.get("/ui/organizations/PV-0800").body, "중견기업")
	require.Equal(t, http.StatusForbidden, auditor.post("/ui/organizations", url.Values{"kind": {"agency"}, "org": {"AG-0801"},
		"name": {"감사 시험"}, "agency_kind": {"school"}}).status)
	provider2 := h.visitor()
	provider2.signIn("jung.provider")
	require.Equal(t, http.StatusForbidden, provider2.get("/ui/organizations").status)
}

// TestPeoplePages: the operator adds an expert, declares a relation for them, and
// deactivates them while a review of theirs is open: the review goes back to the
// operators' queue as an assignment, and the expert is no longer offered for one.
func TestPeoplePages(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	v := h.visitor()
	v.signIn("park.operator")

	person := url.Values{"sub": {"oidc|7f3a"}, "role": {"expert"}, "name": {"문서윤"}, "affiliation": {"서울대학교"},
		"email": {"moon at snu"}, "language": {"ko"}}
	r := v.post("/ui/people", person)
	require.Equal(t, http.StatusUnprocessableEntity, r.status, r.body)
	require.Contains(t, r.body, `id="e-email">name@agency.go.kr 같은 전자우편 주소`)
	require.Contains(t, r.body, `<option value="expert" selected>`, "the form comes back filled in")

	person.Set("email", "moon@snu.example")
	r = v.post("/ui/people", person)
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.Equal(t, "/ui/people/oidc%7C7f3a?done=oidc%7C7f3a", r.location)
	list := v.get("/ui/people?role=expert&active=true")
	require.Contains(t, list.body, `data-sub="oidc|7f3a"`)
	require.NotContains(t, list.body, `data-sub="song.committee"`)

	r = v.post("/ui/people/oidc%7C7f3a/relations", url.Values{"business_no": {"124-82-00262"}, "kind": {"work"},
		"since": {inDays(30)}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, `id="e-rel-since">오늘(`)
	r = v.post("/ui/people/oidc%7C7f3a/relations", url.Values{"business_no": {"124-82-00262"}, "kind": {"work"},
		"since": {inDays(-30)}, "note": {"자문"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.Equal(t, "/ui/people/oidc%7C7f3a?done=relation", r.location)
	require.Contains(t, v.get(r.location).body, `<td>124-82-00262</td><td>용역·자문 수행</td>`)

	// An open review of theirs.
	appID := h.newApplication()
	_, err := h.tasks.Complete(ctx, parkOperator, h.openTask(parkOperator, appID, models.TaskDocumentCheck), "",
		models.TaskCompletion{Outcome: "accept"})
	require.NoError(t, err)
	_, err = h.tasks.Complete(ctx, parkOperator, h.openTask(parkOperator, appID, models.TaskAssignExperts), "",
		models.TaskCompletion{Experts: []string{"oidc|7f3a", "cho.expert"}})
	require.NoError(t, err)
	expert := models.Actor{Sub: "oidc|7f3a", Role: models.RoleExpert, Org: models.PoolOrg}
	h.openTask(expert, appID, models.TaskExpertReview)

	ex := h.visitor()
	ex.signIn("oidc|7f3a")
	require.Equal(t, http.StatusOK, ex.get("/ui/applications/"+appID).status)
	page := v.get("/ui/people/oidc%7C7f3a")
	require.Contains(t, page.body, "운영기관 작업함으로 돌아가", "the deactivation says what it does")
	r = v.post("/ui/people/oidc%7C7f3a/status", url.Values{"active": {"false"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.Contains(t, v.get(r.location).body, `data-active="false"`)
	// The expert's session, signed in before, is signed out: the application is not theirs
	// to read any more.
	r = ex.get("/ui/applications/" + appID)
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.True(t, strings.HasPrefix(r.location, "/ui/login"), r.location)
	replace := h.openTask(parkOperator, appID, models.TaskAssignExperts)
	a, err := h.apps.Get(ctx, leeAuditor, appID)
	require.NoError(t, err)
	require.Equal(t, []string{"oidc|7f3a"}, a.ReleasedExperts)
	tasks, _, err := h.tasks.List(ctx, expert, app.TaskQuery{Status: models.TaskOpen, Kind: models.TaskExpertReview}, 10, "")
	require.NoError(t, err)
	require.Empty(t, tasks, "the review left their inbox")
	require.NotContains(t, v.get("/ui/tasks/"+replace).body, `value="oidc|7f3a"`, "an inactive expert is not offered")

	r = v.post("/ui/people/oidc%7C7f3a", url.Values{"name": {"문서윤"}, "affiliation": {"KAIST"}, "email": {"moon@kaist.example"},
		"language": {"en"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	p, err := h.store.GetPerson(ctx, "oidc|7f3a")
	require.NoError(t, err)
	require.Equal(t, models.User{Sub: "oidc|7f3a", Name: "문서윤", Role: models.RoleExpert, Org: models.PoolOrg, Affiliation: "KAIST",
		Email: "moon@kaist.example", Language: "en", Active: false, EmailNotifications: models.EmailAll}, p)

	auditor := h.visitor()
	auditor.signIn("lee.auditor")
	page = auditor.get("/ui/people/oidc%7C7f3a")
	require.Contains(t, page.body, "KAIST")
	// The change log names each change and who made it, newest first.
	log := page.body[strings.Index(page.body, `id="changes"`):]
	require.Contains(t, log, `<li>소속: 서울대학교 → KAIST</li>`)
	require.Contains(t, log, `<li>활성: 예 → 아니오</li>`, "an enumerated value reads by its label")
	require.Contains(t, log, `<li>알림 언어: 한국어 → 영어</li>`)
	require.Less(t, strings.Index(log, "KAIST"), strings.Index(log, "활성: 예 → 아니오"), "newest first")
	require.Contains(t, log, `<li>비고: 자문</li>`, "the relation declared for them")
	require.Equal(t, http.StatusForbidden, auditor.post("/ui/people/oidc%7C7f3a/status", url.Values{"active": {"true"}}).status)
	page = auditor.get("/ui/people/nobody")
	require.Equal(t, http.StatusNotFound, page.status)
}

// TestMyRelationsPage: an expert declares a relation themselves; a refused one comes back
// beside its field; a provider has no such page.
func TestMyRelationsPage(t *testing.T) {
	h := newHarness(t)
	v := h.visitor()
	v.signIn("cho.expert")
	page := v.get("/ui/me/relations")
	require.Equal(t, http.StatusOK, page.status)
	require.Contains(t, page.body, `<a href="/ui/me/relations">`, "in the navigation")

	r := v.post("/ui/me/relations", url.Values{"business_no": {"124-82-00262"}, "kind": {"friend"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, `id="e-kind">self(본인), spouse(배우자), employment(재직), work(용역 수행) 중 하나여야 합니다<`)
	r = v.post("/ui/me/relations", url.Values{"business_no": {"124-82-00262"}, "kind": {"spouse"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.Equal(t, "/ui/me/relations?done=relation", r.location)
	require.Contains(t, v.get(r.location).body, `<td>124-82-00262</td><td>배우자</td>`)
	rels, err := h.store.ListRelations(context.Background(), "cho.expert")
	require.NoError(t, err)
	require.Contains(t, rels, models.Relation{PersonSub: "cho.expert", BusinessNo: "124-82-00262", Kind: models.RelationSpouse})

	provider := h.visitor()
	provider.signIn("jung.provider")
	require.Equal(t, http.StatusForbidden, provider.get("/ui/me/relations").status)
}
