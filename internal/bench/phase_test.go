package bench

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestRunPhase_CountsCompletedAndFailuresByKind(t *testing.T) {
	p := runPhase(context.Background(), 10, 3, func(_ context.Context, rec *recorder, i int) (string, error) {
		rec.observe("step", time.Duration(i)*time.Millisecond)
		switch {
		case i%5 == 1:
			return "", fmt.Errorf("case %d: %w", i, fail("proposal: HTTP 404", errors.New("not found")))
		case i == 9:
			return "", errors.New("boom")
		}
		return "wf-" + strconv.Itoa(i), nil
	})
	require.Equal(t, 10, p.Cases)
	require.Equal(t, 7, p.Completed)
	require.Equal(t, 3, p.Failed)
	require.Equal(t, map[string]int{"proposal: HTTP 404": 2, "other": 1}, p.FailuresBy)
	require.Len(t, p.Errors, 3)
	require.ElementsMatch(t, []string{"wf-0", "wf-2", "wf-3", "wf-4", "wf-5", "wf-7", "wf-8"}, p.WorkflowIDs)
	require.Len(t, p.Latencies["step"], 10)
	require.Positive(t, p.CasesPerSecond())
}

func TestRunPhase_CancelledCountsUnstarted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p := runPhase(ctx, 5, 1, func(ctx context.Context, _ *recorder, _ int) (string, error) {
		return "", ctx.Err()
	})
	require.Equal(t, 5, p.Failed)
	require.Zero(t, p.Completed)
}

func TestMerge_AddsRoundsAsThoughBackToBack(t *testing.T) {
	one := func(failAt int) Phase {
		return runPhase(context.Background(), 4, 2, func(_ context.Context, rec *recorder, i int) (string, error) {
			rec.observe("step", time.Millisecond)
			if i == failAt {
				return "", fail("step: HTTP 503", errors.New("unavailable"))
			}
			return "wf-" + strconv.Itoa(failAt) + "-" + strconv.Itoa(i), nil
		})
	}
	a, b := one(0), one(-1)
	m := merge(merge(Phase{}, a), b)
	require.Equal(t, 8, m.Cases)
	require.Equal(t, 7, m.Completed)
	require.Equal(t, 1, m.Failed)
	require.Equal(t, map[string]int{"step: HTTP 503": 1}, m.FailuresBy)
	require.Equal(t, a.Wall+b.Wall, m.Wall)
	require.Len(t, m.Latencies["step"], 8)
	require.Len(t, m.WorkflowIDs, 7)
	require.InDelta(t, 7/(a.Wall+b.Wall).Seconds(), m.CasesPerSecond(), 1e-9)
}
