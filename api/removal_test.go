package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

func TestOrders_StoppedWhenServiceLeavesCatalog(t *testing.T) {
	h := newHarness(t)
	open := h.newOrder()
	negotiating := h.newOrder()
	h.do("POST", "/api/v1/orders/"+negotiating+"/proposal", h.provider(), validProposal)
	h.do("POST", "/api/v1/orders/"+negotiating+"/evaluation", h.agency(), score90)
	done := h.newOrder()
	h.do("POST", "/api/v1/orders/"+done+"/cancel", h.agency(), map[string]any{"reason": "중복 요청"})

	ctx := context.Background()
	require.NoError(t, h.store.SetServiceStatus(ctx, "SVC-0001", models.ServiceRemoved))
	n, err := h.app.Orders.StopOrdersOnService(ctx, "SVC-0001", "CSAP 인증 취소 (CSAP cancelled)")
	require.NoError(t, err)
	require.Equal(t, 2, n, "both orders in flight, not the cancelled one")
	for _, id := range []string{open, negotiating} {
		require.Eventually(t, func() bool { return h.orderStatus(id) == "cancelled" }, 10*time.Second, 50*time.Millisecond)
		o := h.do("GET", "/api/v1/orders/"+id, h.agency(), nil).json(t)
		require.Contains(t, o["reason"], "CSAP cancelled")
	}
	require.Equal(t, "중복 요청", h.do("GET", "/api/v1/orders/"+done, h.agency(), nil).json(t)["reason"])
	// A removed service cannot be ordered any more.
	h.do("POST", "/api/v1/orders", h.agency(), orderBody("SVC-0001")).problem(t, 409)
}
