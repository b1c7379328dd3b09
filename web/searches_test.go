package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// newSearch saves, as by, a search that finds SVC-0001 by its name, for the pages' fixtures.
func (h *harness) newSearch(by models.Actor) string {
	h.t.Helper()
	ctx := context.Background()
	q := models.SearchQuery{Q: "한빛 클라우드 서버"}
	results, err := h.store.FreezeSearchResults(ctx, q)
	require.NoError(h.t, err)
	id, err := h.store.NextSearchID(ctx)
	require.NoError(h.t, err)
	_, err = h.store.InsertSearch(ctx, models.NewSearch(id, "민원 포털 수의계약 검토", q, results, by, time.Now(), ""))
	require.NoError(h.t, err)
	return id
}

// The web flow of a direct award: save the catalog search, download the CSV, compare,
// evaluate and choose, then the contract form comes prefilled with the search, and the
// contract ends it as contracted.
func TestSearchesUI_SaveCompareEvaluateContract(t *testing.T) {
	h := newHarness(t)
	kim := h.visitor()
	kim.signIn("kim.agency")

	r := kim.post("/ui/searches", url.Values{"title": {"민원 포털 수의계약 검토"}, "q": {"한빛 클라우드 서버"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	page, _, _ := strings.Cut(r.location, "?")
	id := page[strings.LastIndex(page, "/")+1:]

	csv := kim.get(page + "/download?format=csv")
	require.Equal(t, http.StatusOK, csv.status)
	require.True(t, strings.HasPrefix(csv.body, "\ufeff"), "a BOM for Excel")
	require.Contains(t, csv.body, "한빛 클라우드 서버")

	p := kim.get(page + "?compare=SVC-0001")
	require.Equal(t, http.StatusOK, p.status, p.body)
	require.Contains(t, p.body, `id="search-compare"`)
	require.Contains(t, p.body, `name="score.SVC-0001.0"`)

	r = kim.post(page+"/evaluation", url.Values{"criteria[0].name": {"가격"}, "criteria[0].weight": {"70"},
		"criteria[1].name": {"보안"}, "criteria[1].weight": {"20"}, "score.SVC-0001.0": {"90"}, "score.SVC-0001.1": {"80"},
		"chosen": {"SVC-0001"}, "reason": {"가격 우위"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status, "weights sum to 90")
	require.Contains(t, r.body, "가중치의 합은 90이 아니라 100이어야 합니다", "the reason in the page's language")
	r = kim.post(page+"/evaluation", url.Values{"criteria[0].name": {"가격"}, "criteria[0].weight": {"80"},
		"criteria[1].name": {"보안"}, "criteria[1].weight": {"20"}, "score.SVC-0001.0": {"90"}, "score.SVC-0001.1": {"80"},
		"chosen": {"SVC-0001"}, "reason": {"가격 우위"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	p = kim.get(page)
	require.Contains(t, p.body, `id="search-ranking"`)
	require.Contains(t, p.body, `김민준 <span class="muted">(kim.agency)</span> · `, "the evaluator is named as the registry names them")
	require.Contains(t, p.body, `href="/ui/contracts/new?service_id=SVC-0001&amp;search_id=`+id+`"`)

	form := kim.get("/ui/contracts/new?service_id=SVC-0001&search_id=" + id)
	require.Contains(t, form.body, `<input type="hidden" name="search_id" value="`+id+`">`)
	r = kim.post("/ui/contracts", url.Values{"service_id": {"SVC-0001"}, "search_id": {id}, "title": {"민원포털 수의계약"},
		"contracted_on": {models.DateOf(time.Now()).String()}, "amount_krw": {"48,000,000"},
		"period_from": {models.DateOf(time.Now()).String()}, "period_to": {models.DateOf(time.Now().AddDate(1, 0, 0)).String()}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	sr, err := h.store.GetSearch(context.Background(), id)
	require.NoError(t, err)
	require.Equal(t, models.SearchContracted, sr.Outcome)
	require.Len(t, sr.Downloads, 1)
	// A second contract after the same search is refused beside the search, in Korean.
	r = kim.post("/ui/contracts", url.Values{"service_id": {"SVC-0001"}, "search_id": {id}, "title": {"민원포털 수의계약"},
		"contracted_on": {models.DateOf(time.Now()).String()}, "amount_krw": {"48,000,000"},
		"period_from": {models.DateOf(time.Now()).String()}, "period_to": {models.DateOf(time.Now().AddDate(1, 0, 0)).String()}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status, r.body)
	require.Contains(t, r.body, "저장한 검색: 검색이 이미 계약 체결 상태여서 다른 계약의 근거가 될 수 없습니다")

	// An auditor reads it without forms; another agency does not find it.
	lee := h.visitor()
	lee.signIn("lee.auditor")
	p = lee.get(page)
	require.Equal(t, http.StatusOK, p.status)
	require.False(t, bytes.Contains([]byte(p.body), []byte(`method="post" action="/ui/searches`)))
	choi := h.visitor()
	choi.signIn("choi.agency")
	require.Equal(t, http.StatusNotFound, choi.get(page).status)
}

// TestSearchesUI_PriceCeiling: the form keeps the catalog's price ceiling, written as
// people write amounts; the search page says it; a bad amount is named on its field, in
// the page's language, and saves nothing.
func TestSearchesUI_PriceCeiling(t *testing.T) {
	h := newHarness(t)
	kim := h.visitor()
	kim.signIn("kim.agency")

	// "Save this search" on the catalog page saves the ceiling the page was filtered by.
	catalog := kim.get("/ui/services?q=" + url.QueryEscape("클라우드") + "&price_item=vcpu&max_unit_price_krw=" + url.QueryEscape("30,000원"))
	require.Equal(t, http.StatusOK, catalog.status)
	require.Contains(t, catalog.body, `<input type="hidden" name="price_item" value="vcpu">`)
	require.Contains(t, catalog.body, `<input type="hidden" name="max_unit_price_krw" value="30,000원">`)

	r := kim.post("/ui/searches", url.Values{"title": {"vCPU 단가 검토"}, "q": {"클라우드"}, "price_item": {"vcpu"},
		"max_unit_price_krw": {"30,000원"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	page, _, _ := strings.Cut(r.location, "?")
	sr, err := h.store.GetSearch(context.Background(), page[strings.LastIndex(page, "/")+1:])
	require.NoError(t, err)
	require.Equal(t, "vcpu", sr.Query.PriceItem)
	require.Equal(t, models.KRW(30000), *sr.Query.MaxUnitPriceKRW)
	p := kim.get(page)
	require.Contains(t, p.body, "vcpu")
	require.Contains(t, p.body, "30,000")

	before, _, err := h.store.ListSearches(context.Background(), "AG-0001", 100, "")
	require.NoError(t, err)
	r = kim.post("/ui/searches", url.Values{"title": {"vCPU 단가 검토"}, "q": {"클라우드"}, "max_unit_price_krw": {"삼만 원"}})
	require.Equal(t, http.StatusUnprocessableEntity, r.status)
	require.Contains(t, r.body, `id="f-max_unit_price_krw"`)
	require.Contains(t, r.body, `aria-invalid="true"`)
	require.Contains(t, r.body, "0원 이상의 정수 금액이어야 합니다")
	after, _, err := h.store.ListSearches(context.Background(), "AG-0001", 100, "")
	require.NoError(t, err)
	require.Len(t, after, len(before), "a refused search saves nothing")
}
