package api_test

import (
	"context"
	"flag"
	"testing"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"google.golang.org/protobuf/encoding/protojson"
)

var record = flag.Bool("record", false, "record order workflow histories into workflows/testdata for the replay test")

// TestRecordOrderHistories runs orders on the real server and, with -record, writes their
// histories for workflows' replay test. The names end in _step_results since Updates answer
// a flow.StepResult; the histories recorded before, under the bare names, stay beside them. Without -record it still runs and checks that
// each history stays within the size budget of an order (40 events).
func TestRecordOrderHistories(t *testing.T) {
	h := newHarness(t)
	cases := map[string]func(id string){
		"order_delivery_requested_step_results": func(id string) {
			h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), validProposal)
			h.do("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), score90)
			h.do("POST", "/api/v1/orders/"+id+"/negotiation", h.agency(), agreed)
		},
		"order_not_qualified_step_results": func(id string) {
			h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), validProposal)
			h.do("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), score84)
		},
		"order_cancelled_while_negotiating_step_results": func(id string) {
			h.do("POST", "/api/v1/orders/"+id+"/proposal", h.provider(), validProposal)
			h.do("POST", "/api/v1/orders/"+id+"/evaluation", h.agency(), score90)
			h.do("POST", "/api/v1/orders/"+id+"/cancel", h.agency(), map[string]any{"reason": "예산 삭감"})
		},
	}
	for name, run := range cases {
		t.Run(name, func(t *testing.T) {
			id := h.newOrder()
			run(id)
			wid := flow.OrderWorkflowID(id)
			require.NoError(t, h.tc.GetWorkflow(context.Background(), wid, "").Get(context.Background(), nil))
			var events []*historypb.HistoryEvent
			it := h.tc.GetWorkflowHistory(context.Background(), wid, "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
			for it.HasNext() {
				e, err := it.Next()
				require.NoError(t, err)
				events = append(events, e)
			}
			require.LessOrEqual(t, len(events), 40, "history events of a completed order")
			t.Logf("%s: %d history events", name, len(events))
			if !*record {
				return
			}
			raw, err := protojson.MarshalOptions{Indent: "  "}.Marshal(&historypb.History{Events: events})
			require.NoError(t, err)
			writeHistory(t, name, raw)
		})
	}
}
