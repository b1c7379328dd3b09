package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestInboxListsTheOrganizationsTurns: an order's proposal request is its provider's turn
// and not another provider's nor the agency's; once the proposal is in, the evaluation is
// the agency's turn and no longer the provider's, as is a saved search without its outcome;
// an agency's person starts from the inbox.
func TestInboxListsTheOrganizationsTurns(t *testing.T) {
	h := newHarness(t)
	order := h.newOrder()
	row := `data-turn="` + order + `"`

	provider, other, agency := h.visitor(), h.visitor(), h.visitor()
	provider.signIn("jung.provider")
	other.signIn("han.provider")
	agency.signIn("kim.agency")
	require.Equal(t, "/ui/inbox", agency.get("/ui/").location)

	page := provider.get("/ui/inbox").body
	require.Contains(t, page, row)
	require.Contains(t, page, `<a href="/ui/orders/`+order+`">`+order+`</a>`)
	require.Contains(t, page, "제안서 제출")
	require.NotContains(t, other.get("/ui/inbox").body, row, "another provider's order")
	require.NotContains(t, agency.get("/ui/inbox").body, row, "the agency waits for the proposal")

	_, err := h.orders.SubmitProposal(context.Background(), jungProvider, order, "", models.ProposalInput{PriceKRW: 110_000_000, Summary: "IaaS 36개월"})
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		page = agency.get("/ui/inbox").body
		return strings.Contains(page, row)
	}, 15*time.Second, 50*time.Millisecond, "the evaluation is the agency's turn")
	require.Contains(t, page, "제안서 평가")
	require.NotContains(t, provider.get("/ui/inbox").body, row, "the provider's part is done")

	// A saved search whose outcome is not recorded waits on the agency too; it names no
	// one service.
	search := h.newSearch(kimAgency)
	page = agency.get("/ui/inbox").body
	require.Contains(t, page, `<a href="/ui/searches/`+search+`">`+search+`</a>`)
	require.Contains(t, page, "검색 결과 평가·결과 기록")
}
