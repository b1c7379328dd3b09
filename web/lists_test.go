package web_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestListStatusFilter: a list page shows the cases of the status its filter picks, and
// its next page keeps the filter; a status the list does not have is refused, naming the
// field, as the REST list refuses it.
func TestListStatusFilter(t *testing.T) {
	h := newHarness(t)
	checking := h.newApplication()
	reviewed, _ := h.inExpertReview()
	require.Eventually(t, func() bool {
		a, err := h.store.GetApplication(context.Background(), reviewed)
		return err == nil && a.Status == models.AppExpertReview
	}, 15*time.Second, 50*time.Millisecond)

	v := h.visitor()
	v.signIn("park.operator")
	page := v.get("/ui/applications?status=expert_review")
	require.Equal(t, http.StatusOK, page.status, page.body)
	require.Contains(t, page.body, `<tr data-application="`+reviewed+`">`)
	require.NotContains(t, page.body, `<tr data-application="`+checking+`">`)
	require.Contains(t, page.body, `<option value="expert_review" selected>전문가 검토</option>`)
	require.Contains(t, v.get("/ui/applications").body, `<tr data-application="`+checking+`">`, "no filter: every status")

	bad := v.get("/ui/applications?status=approved")
	require.Equal(t, http.StatusUnprocessableEntity, bad.status)
	require.Contains(t, bad.body, `<code>status</code>`)
}
