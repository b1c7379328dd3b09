package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestCatalogPricesInTheUI: the provider changes its price list and features in the
// change request form (one line each); once the operator approves, the service's page
// shows the new price table at the next version. A catalog unit typed in Korean is kept as
// the unit, which each page writes in its own language; another unit stays as typed; the
// features and the price lines given in English too read in English on an English page.
// The search narrows by a price ceiling.
func TestCatalogPricesInTheUI(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService()
	p := h.visitor()
	p.signIn("jung.provider")
	form := func(prices string) url.Values {
		return url.Values{"prices": {prices}, "features": {"행정기관 SSO 연동\n\n웹 접근성 인증"},
			"features_en": {"Single sign-on with government systems\nWeb accessibility certified"}, "reason": {"가격 인하"}}
	}
	r := p.post("/ui/services/"+svc+"/change-requests", form("표준 요금제 | user-month | 만원"))
	require.Equal(t, http.StatusUnprocessableEntity, r.status, "a unit price that is not a number")
	require.Contains(t, r.body, `id="e-prices"`)
	r = p.post("/ui/services/"+svc+"/change-requests", form("표준 요금제 | user-month"))
	require.Equal(t, http.StatusUnprocessableEntity, r.status, "a line without its price")
	r = p.post("/ui/services/"+svc+"/change-requests", form("표준 요금제 | 사용자·월 | 9,500원 | 최소 10명 | Standard plan | At least 10 users\n특별 라이선스 | license-year | 9000000\n기술 지원 | 식 | 0"))
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	crID := strings.TrimPrefix(strings.SplitN(r.location, "?", 2)[0], "/ui/changes/")

	o := h.visitor()
	o.signIn("park.operator")
	require.Eventually(t, func() bool {
		return strings.Contains(o.get("/ui/changes/"+crID).body, `action="/ui/changes/`+crID+`/decision"`)
	}, 15*time.Second, 50*time.Millisecond)
	// Until it is decided, the service's page lists it for the operator and its provider,
	// not for a visitor.
	require.Contains(t, o.get("/ui/services/"+svc).body, `<tr data-change="`+crID+`"><td><a href="/ui/changes/`+crID+`">`)
	require.Contains(t, p.get("/ui/services/"+svc).body, `<tr data-change="`+crID+`">`)
	require.NotContains(t, h.visitor().get("/ui/services/"+svc).body, `id="service-pending-changes"`)
	r = o.post("/ui/changes/"+crID+"/decision", url.Values{"approve": {"true"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.Eventually(t, func() bool {
		s, err := h.store.GetService(context.Background(), svc)
		return err == nil && s.Version == 2
	}, 15*time.Second, 50*time.Millisecond, "the approved change is applied to the catalog")
	require.Eventually(t, func() bool { // the request's own record follows the catalog's
		return !strings.Contains(o.get("/ui/services/"+svc).body, `id="service-pending-changes"`)
	}, 15*time.Second, 50*time.Millisecond, "decided, it is pending no more")
	s, err := h.store.GetService(context.Background(), svc)
	require.NoError(t, err)
	var units []string
	for _, l := range s.Prices {
		units = append(units, l.Unit)
	}
	require.Equal(t, []string{"user-month", "license-year", "식"}, units, "the catalog's units as units, another as typed")
	page := h.visitor().get("/ui/services/" + svc).body
	for _, want := range []string{`<td class="num">9,500원</td>`, `<td>최소 10명</td>`, `<td class="num">9,000,000원</td>`,
		`<td>사용자·월</td>`, `<td>라이선스·년</td>`, `<td>식</td>`,
		`<li>웹 접근성 인증</li>`, `id="service-version">2 <a href="/api/v1/ocds/records/ocds-xxxxxx-` + svc + `"`} {
		require.Contains(t, page, want)
	}
	en := h.visitor()
	en.get("/ui/lang?to=en&back=/ui/")
	page = en.get("/ui/services/" + svc).body
	for _, want := range []string{`<td>user-month</td>`, `<td>license-year</td>`, `<td>식</td>`,
		`<td>Standard plan</td>`, `<td>At least 10 users</td>`, `<td>특별 라이선스</td>`, // a line without English stays Korean
		`<li>Web accessibility certified</li>`} {
		require.Contains(t, page, want, "the English page")
	}
	catalog := page[strings.Index(page, `id="service-catalog"`):]
	catalog = catalog[:strings.Index(catalog, `</section>`)]
	require.NotContains(t, catalog, `<li>웹 접근성 인증</li>`, "the English page lists the English features")
	// The history names the change of the Korean features too, as lines, not as JSON.
	require.Contains(t, page, `<td>Key features</td><td><span class="muted">None</span></td><td><ul class="changes"><li>행정기관 SSO 연동</li>`)
	require.NotContains(t, page, `[&#34;`, "a list is not shown as its JSON")
	require.NotContains(t, page, `href="/ui/changes/`, "a visitor is not linked to change requests it may not read")

	search := h.visitor()
	r = search.get("/ui/services?price_item=" + url.QueryEscape("특별 라이선스") + "&max_unit_price_krw=" + url.QueryEscape("9,000,000원"))
	require.Equal(t, http.StatusOK, r.status)
	require.Contains(t, r.body, `data-service="`+svc+`"`)
	r = search.get("/ui/services?price_item=" + url.QueryEscape("특별 라이선스") + "&max_unit_price_krw=8999999")
	require.Equal(t, http.StatusOK, r.status)
	require.NotContains(t, r.body, `data-service="`+svc+`"`)
	require.Equal(t, http.StatusUnprocessableEntity, search.get("/ui/services?max_unit_price_krw=-1").status)
}

// TestCatalogFiltersInTheUI: the catalog page filters as GET /api/v1/services does (type,
// subtype, SME, CSAP), refuses a value the API refuses, naming the field, and hands the
// filter to the search an agency saves from it.
func TestCatalogFiltersInTheUI(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	support, _, err := h.store.SearchServices(ctx, models.ServiceFilter{Type: models.TypeSupport, PageSize: 1})
	require.NoError(t, err)
	require.NotEmpty(t, support)
	cloud, _, err := h.store.SearchServices(ctx, models.ServiceFilter{Type: models.TypeCloud, PageSize: 1})
	require.NoError(t, err)
	require.NotEmpty(t, cloud)

	kim := h.visitor()
	kim.signIn("kim.agency")
	page := kim.get("/ui/services?type=support")
	require.Equal(t, http.StatusOK, page.status, page.body)
	require.Contains(t, page.body, `data-service="`+support[0].ID+`"`)
	require.NotContains(t, page.body, `data-service="`+cloud[0].ID+`"`)
	require.Contains(t, page.body, `<option value="support" selected>`)
	require.Contains(t, page.body, `<input type="hidden" name="type" value="support">`, "the search to save keeps the filter")

	bad := kim.get("/ui/services?type=cloud&subtype=consulting")
	require.Equal(t, http.StatusUnprocessableEntity, bad.status)
	require.Contains(t, bad.body, `<code>subtype</code>`)
	require.Equal(t, http.StatusUnprocessableEntity, kim.get("/ui/services?sme=maybe").status)

	r := kim.post("/ui/searches", url.Values{"title": {"지원서비스 검토"}, "type": {"support"}, "csap": {"false"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	saved, _, _ := strings.Cut(r.location, "?")
	sr, err := h.store.GetSearch(ctx, saved[strings.LastIndex(saved, "/")+1:])
	require.NoError(t, err)
	require.Equal(t, models.TypeSupport, sr.Query.Type)
	require.NotNil(t, sr.Query.CSAP)
	require.False(t, *sr.Query.CSAP)
}

// TestCatalogSearchByNumber: a service's number typed into the search box (as pasted
// from a document, in any case) offers that service above the results, which no name
// holds; a number of no service offers nothing.
func TestCatalogSearchByNumber(t *testing.T) {
	h := newHarness(t)
	v := h.visitor()
	r := v.get("/ui/services?q=" + url.QueryEscape(" svc-0001 "))
	require.Equal(t, http.StatusOK, r.status)
	require.Contains(t, r.body, `<p class="notice" id="exact">`)
	require.Contains(t, r.body, `<a href="/ui/services/SVC-0001">SVC-0001 `)
	r = v.get("/ui/services?q=SVC-9999")
	require.Equal(t, http.StatusOK, r.status)
	require.NotContains(t, r.body, `id="exact"`)
}
