package api_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/dsmarket/dsmarket/internal/temporaltest"
	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/require"
)

// contractEventBudget bounds the history of a direct contract: a registration, a change or
// two and the close stay well within it (the workflow continues as new only at 2,000).
const contractEventBudget = 100

// TestRecordContractHistories runs direct contracts on the real server through the REST
// API and checks each history against the budget. With -record it writes them for
// workflows' replay test (`go test ./api -run TestRecordContractHistories -record`).
// Deadlines a day or more away cannot pass on a real server, so these histories hold the
// timers as started and cancelled, a change overdue at its announcement and a close at
// once; the timers firing are covered by the time-skipping tests of workflows. A name ends
// in _v2 since the provider is told of the registration (change "contract-provider-news"),
// in _v3 since it is told of each change registered too (its version 2); the
// histories recorded before stand beside them.
func TestRecordContractHistories(t *testing.T) {
	h := newHarness(t)
	patch := func(id string, body map[string]any) {
		t.Helper()
		r := h.do("PATCH", "/api/v1/contracts/"+id, h.agency(), body)
		require.Equal(t, http.StatusOK, r.status, r.String())
	}
	cases := []struct {
		name string
		// complete: the workflow has ended by the end of run (else it waits for its close).
		complete bool
		run      func() string
	}{
		{"contract_late_change_announced_then_registered_v3", false, func() string {
			id := h.newContract(contractBody("SVC-0001", 40))
			patch(id, announcement(day(0)))
			patch(id, map[string]any{"changed_on": day(0), "reason": "과업 범위 조정 확정", "amount_krw": 52_000_000})
			return id
		}},
		{"contract_change_overdue_at_announcement_then_late_v3", false, func() string {
			body := contractBody("SVC-0001", 60)
			body["period_to"] = day(-20) // closes in about ten days
			id := h.newContract(body)
			patch(id, announcement(day(-35)))
			patch(id, map[string]any{"changed_on": day(-35), "reason": "기간 단축 확정", "period_to": day(-25)})
			return id
		}},
		{"contract_closed_after_period_v2", true, func() string {
			return h.closedContract()
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			id := tc.run()
			wid := flow.DirectContractWorkflowID(id)
			ctx := context.Background()
			if tc.complete {
				require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))
			}
			events := temporaltest.History(ctx, t, h.tc, wid, "")
			require.Less(t, len(events), contractEventBudget, "history events of a direct contract")
			t.Logf("%s: %d history events", tc.name, len(events))
			if !*record {
				return
			}
			temporaltest.WriteHistory(t, tc.name, events)
		})
	}
}
