package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestTurnsOf_Pages: an agency's turns read a page at a time are the whole list read at
// once, each turn once, the deadlines first in their order and those without one last,
// with the count of all on every page.
func TestTurnsOf_Pages(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, models.Seoul)
	mine := map[string]bool{}
	for i := range 5 {
		id := fmt.Sprintf("ORD-2026-%06d", 900+i)
		o := newOrder(t, s, id, "SVC-0001", agencyKim, now)
		require.NoError(t, o.SubmitProposal(now.Add(time.Hour), providerPV1, models.ProposalInput{PriceKRW: 45_000_000, Summary: "3년 구독"}))
		if i < 3 { // evaluated: a negotiation to record by its deadline; the rest wait on an evaluation
			at := now.Add(time.Duration(2+i%2) * time.Hour) // two of them due at the same instant
			require.NoError(t, o.Evaluate(at, agencyKim, []models.ScoreInput{{Criterion: "기술", Score: 90, Max: 100}}))
		}
		require.NoError(t, s.SaveOrder(ctx, o))
		mine[id] = true
	}

	all, err := s.TurnsOf(ctx, models.RoleAgency, "AG-0001", 100, "")
	require.NoError(t, err)
	require.Empty(t, all.NextPageToken)
	require.EqualValues(t, len(all.Items), all.Total)
	found := 0
	for i, turn := range all.Items {
		if mine[turn.CaseID] {
			found++
		}
		if i > 0 && turn.DueAt != nil {
			prev := all.Items[i-1].DueAt
			require.NotNil(t, prev, "a turn with a deadline after one without: %v", all.Items)
			require.False(t, turn.DueAt.Before(*prev), "deadlines in order: %v", all.Items)
		}
	}
	require.Equal(t, 5, found, "the orders' turns: %v", all.Items)

	var paged []models.Turn
	token := ""
	for range len(all.Items) {
		page, err := s.TurnsOf(ctx, models.RoleAgency, "AG-0001", 2, token)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.Items), 2)
		require.Equal(t, all.Total, page.Total, "every page counts all")
		paged = append(paged, page.Items...)
		if token = page.NextPageToken; token == "" {
			break
		}
	}
	require.Equal(t, all.Items, paged)

	_, err = s.TurnsOf(ctx, models.RoleAgency, "AG-0001", 2, "not-a-token")
	require.Equal(t, models.EINVALID, models.ErrorCode(err))
}
