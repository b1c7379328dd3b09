package api_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// After PostgreSQL is restored from a backup older than Temporal's cases, the numbers its
// sequences draw are already workflows'. A new order then gets the next free number: it is
// never answered as the older case that holds its number, and that case is left as it was.
func TestOrders_NumbersBehindTemporalAreDrawnPast(t *testing.T) {
	h := newHarness(t)
	first := h.newOrder()
	second := h.newOrder()
	n, err := strconv.ParseInt(first[strings.LastIndex(first, "-")+1:], 10, 64)
	require.NoError(t, err)
	// The restore: the sequence goes back to before both orders.
	require.NoError(t, h.store.DB().Exec("SELECT setval('order_id_seq', ?, false)", n).Error)

	body := orderBody("SVC-0001")
	body["title"] = "복원 이후의 주문"
	r := h.do("POST", "/api/v1/orders", h.agency(), body, "Idempotency-Key", "after-restore")
	require.Equal(t, http.StatusCreated, r.status, r)
	id := r.json(t)["id"].(string)
	require.NotContains(t, []string{first, second}, id)
	require.Equal(t, "order-"+id, r.json(t)["workflow_id"])

	for _, c := range []struct{ id, title string }{{first, "민원포털 클라우드 전환"}, {second, "민원포털 클라우드 전환"}, {id, "복원 이후의 주문"}} {
		got := h.do("GET", "/api/v1/orders/"+c.id, h.agency(), nil)
		require.Equal(t, http.StatusOK, got.status, got)
		require.Equal(t, c.title, got.json(t)["title"], c.id)
	}
	// The key names the order that was started: its retry answers that order, no other.
	again := h.do("POST", "/api/v1/orders", h.agency(), body, "Idempotency-Key", "after-restore")
	require.Equal(t, http.StatusOK, again.status, again)
	require.Equal(t, id, again.json(t)["id"])
}
