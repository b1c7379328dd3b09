package workflows

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
)

// TestSnapshotIsTheCaseAsItWas: a projection write gets the case as the step left it, all
// of it, and what the workflow changes afterwards does not reach it.
func TestSnapshotIsTheCaseAsItWas(t *testing.T) {
	o := models.NewOrder("ORD-2026-000001", "order-ORD-2026-000001", testOrderInput().Request,
		testService(models.ServiceRegistered), agency.Org, agency, start)
	require.NoError(t, o.SubmitProposal(start.Add(time.Hour), provider, models.ProposalInput{PriceKRW: 90_000_000, Summary: "제안"}))
	in := activities.OrderWithNews{Order: o, News: models.OrderNews(o, models.OrderProposalRequested)}
	before, err := json.Marshal(in)
	require.NoError(t, err)

	c := snapshot(in)
	require.NotSame(t, in.Order, c.Order)
	copied, err := json.Marshal(c)
	require.NoError(t, err)
	require.JSONEq(t, string(before), string(copied))

	require.NoError(t, o.Cancel(start.Add(2*time.Hour), agency, models.CancelInput{Reason: "예산 삭감"}))
	require.Equal(t, models.OrderProposalSubmitted, c.Order.Status)
	require.Len(t, c.Order.Steps, 2)
	require.Equal(t, "order.price", c.Order.Steps[1].NoteText.Key)
}
