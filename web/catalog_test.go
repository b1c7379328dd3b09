package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestCatalogPricesInTheUI: the provider changes its price list and features in the
// change request form (one line each); once the operator approves, the service's page
// shows the new price table at the next version. The search narrows by a price ceiling.
func TestCatalogPricesInTheUI(t *testing.T) {
	h := newHarness(t)
	svc := h.ownService()
	p := h.visitor()
	p.signIn("jung.provider")
	form := func(prices string) url.Values {
		return url.Values{"prices": {prices}, "features": {"행정기관 SSO 연동\n\n웹 접근성 인증"}, "reason": {"가격 인하"}}
	}
	r := p.post("/ui/services/"+svc+"/change-requests", form("표준 요금제 | user-month | 만원"))
	require.Equal(t, http.StatusUnprocessableEntity, r.status, "a unit price that is not a number")
	require.Contains(t, r.body, `id="e-prices"`)
	r = p.post("/ui/services/"+svc+"/change-requests", form("표준 요금제 | user-month"))
	require.Equal(t, http.StatusUnprocessableEntity, r.status, "a line without its price")
	r = p.post("/ui/services/"+svc+"/change-requests", form("표준 요금제 | user-month | 9,500원 | 최소 10명\n특별 라이선스 | license-year | 9000000"))
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	crID := strings.TrimPrefix(strings.SplitN(r.location, "?", 2)[0], "/ui/changes/")

	o := h.visitor()
	o.signIn("park.operator")
	require.Eventually(t, func() bool {
		return strings.Contains(o.get("/ui/changes/"+crID).body, `action="/ui/changes/`+crID+`/decision"`)
	}, 15*time.Second, 50*time.Millisecond)
	r = o.post("/ui/changes/"+crID+"/decision", url.Values{"approve": {"true"}})
	require.Equal(t, http.StatusSeeOther, r.status, r.body)
	require.Eventually(t, func() bool {
		s, err := h.store.GetService(context.Background(), svc)
		return err == nil && s.Version == 2
	}, 15*time.Second, 50*time.Millisecond, "the approved change is applied to the catalog")
	page := h.visitor().get("/ui/services/" + svc).body
	for _, want := range []string{`<td class="num">9,500원</td>`, `<td>최소 10명</td>`, `<td class="num">9,000,000원</td>`,
		`<li>웹 접근성 인증</li>`, `id="service-version">2 <a href="/api/v1/ocds/records/ocds-xxxxxx-` + svc + `"`} {
		require.Contains(t, page, want)
	}

	search := h.visitor()
	r = search.get("/ui/services?price_item=" + url.QueryEscape("특별 라이선스") + "&max_unit_price_krw=" + url.QueryEscape("9,000,000원"))
	require.Equal(t, http.StatusOK, r.status)
	require.Contains(t, r.body, `data-service="`+svc+`"`)
	r = search.get("/ui/services?price_item=" + url.QueryEscape("특별 라이선스") + "&max_unit_price_krw=8999999")
	require.Equal(t, http.StatusOK, r.status)
	require.NotContains(t, r.body, `data-service="`+svc+`"`)
	require.Equal(t, http.StatusUnprocessableEntity, search.get("/ui/services?max_unit_price_krw=-1").status)
}
