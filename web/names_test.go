package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// An order records the service's Korean name, as its documents use it; an English page
// names the service as the catalog does in English, on the case and in the list, and a
// Korean page keeps the recorded name.
func TestOrderPagesNameTheServiceInThePagesLanguage(t *testing.T) {
	h := newHarness(t)
	orderID := h.newOrder()
	svc, err := h.store.GetService(context.Background(), "SVC-0001")
	require.NoError(t, err)
	require.NotEmpty(t, svc.NameEn, "the seed names SVC-0001 in English")
	require.NotEqual(t, svc.Name, svc.NameEn)

	v := h.visitor()
	v.signIn("kim.agency")
	for _, path := range []string{"/ui/orders/" + orderID, "/ui/orders"} {
		ko := v.get(path)
		require.Equal(t, http.StatusOK, ko.status, path)
		require.Contains(t, ko.body, html.EscapeString(svc.Name), path)
		require.NotContains(t, ko.body, html.EscapeString(svc.NameEn), path)
	}
	v.get("/ui/lang?to=en&back=%2Fui%2Forders")
	for _, path := range []string{"/ui/orders/" + orderID, "/ui/orders"} {
		en := v.get(path)
		require.Equal(t, http.StatusOK, en.status, path)
		require.Contains(t, en.body, html.EscapeString(svc.NameEn)+` <span class="muted">SVC-0001</span>`, path)
		require.NotContains(t, en.body, html.EscapeString(svc.Name)+" ", path)
	}
}

// A direct contract keeps the catalog's English name of its service from its registration:
// the provider's news of it names the service in English on an English page and in Korean
// on a Korean one.
func TestContractNewsNamesTheServiceInThePagesLanguage(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	svc, err := h.store.GetService(ctx, "SVC-0001")
	require.NoError(t, err)
	require.NotEmpty(t, svc.NameEn, "the seed names SVC-0001 in English")
	k, err := h.contracts.Create(ctx, kimAgency, models.DirectContractInput{ServiceID: "SVC-0001", Title: "민원포털 유지관리 수의계약",
		ContractedOn: inDays(-3), AmountKRW: 48_000_000, PeriodFrom: inDays(-3), PeriodTo: inDays(300),
		Method: string(models.MethodDirect)}, "")
	require.NoError(t, err)

	v := h.visitor()
	v.signIn("jung.provider")
	news := func() string {
		t.Helper()
		var body string
		require.Eventually(t, func() bool {
			body = v.get("/ui/notifications").body
			return strings.Contains(body, k.ID)
		}, 30*time.Second, 100*time.Millisecond, "the provider's news of %s", k.ID)
		return body
	}
	require.Contains(t, news(), html.EscapeString("서비스 "+svc.Name+"에 대한 수의계약"))
	v.get("/ui/lang?to=en&back=%2Fui%2Fnotifications")
	require.Contains(t, news(), html.EscapeString("for your service "+svc.NameEn+":"))
}

// The catalog names its services and their providers, and describes its services, in the
// page's language: the English names and description the catalog has on an English page,
// the Korean ones on a Korean page.
func TestCatalogNamesProvidersInThePagesLanguage(t *testing.T) {
	h := newHarness(t)
	svc, err := h.store.GetService(context.Background(), "SVC-0001")
	require.NoError(t, err)
	require.NotEmpty(t, svc.Provider.NameEn, "the seed names PV-0001 in English")

	v := h.visitor()
	pages := []string{"/ui/services/SVC-0001", "/ui/services?q=" + url.QueryEscape(svc.Name)}
	for _, path := range pages {
		ko := v.get(path)
		require.Equal(t, http.StatusOK, ko.status, path)
		require.Contains(t, ko.body, html.EscapeString(svc.Provider.Name), path)
	}
	v.get("/ui/lang?to=en&back=%2Fui%2Fservices")
	for _, path := range pages {
		en := v.get(path)
		require.Equal(t, http.StatusOK, en.status, path)
		require.Contains(t, en.body, html.EscapeString(svc.NameEn), path)
		require.Contains(t, en.body, html.EscapeString(svc.Provider.NameEn)+` <span class="muted">`, path)
		require.NotContains(t, en.body, html.EscapeString(svc.Provider.Name), path)
	}
	en := v.get(pages[0])
	require.Contains(t, en.body, "<title>SVC-0001 · "+html.EscapeString(svc.NameEn)+" · ")
	require.NotEmpty(t, svc.DescriptionEn, "the seed describes SVC-0001 in English")
	require.Contains(t, en.body, html.EscapeString(svc.DescriptionEn))
}
