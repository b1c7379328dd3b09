package web_test

import (
	"context"
	"html"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
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
