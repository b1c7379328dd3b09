package faulttest

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/models"
)

// orderTotals is what the checks counted, for the closing tally.
type orderTotals struct {
	api           int            // orders whose GET says delivery_requested
	rows          map[string]int // projection rows by status
	contracts     int
	notifications map[string]int // order notifications by kind
	workflows     map[string]int // Order executions by status
}

func (o orderTotals) String() string {
	return fmt.Sprintf("GET delivery_requested %d, projection rows %s, contracts %d, notifications %s, Order workflows %s",
		o.api, counts(o.rows), o.contracts, counts(o.notifications), counts(o.workflows))
}

// The notifications every order that reaches its delivery request sends, by the last
// part of their key (<workflow ID>/<kind>).
var orderNotificationKinds = []string{"proposal-requested", "delivery-requested"}

// checkOrders checks that every order of ids ended delivery_requested exactly once: its
// GET, one projection row, one contract, one notification of each kind, one completed
// workflow; and that nothing exists for an order the client never heard of.
func checkOrders(ctx context.Context, c *restClient, token string, db *sql.DB, tc client.Client, ids []string) ([]string, orderTotals) {
	tot := orderTotals{rows: map[string]int{}, notifications: map[string]int{}}
	var problems []string
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
		if st := orderStatus(ctx, c, token, id); st == models.OrderDeliveryRequested {
			tot.api++
		} else {
			problems = append(problems, fmt.Sprintf("%s: GET says %q, want delivery_requested", id, st))
		}
	}

	rows, err := queryPairs(ctx, db, "SELECT id, status FROM orders")
	if err != nil {
		return append(problems, "read orders: "+err.Error()), tot
	}
	seen := map[string]int{}
	for _, r := range rows {
		seen[r[0]]++
		tot.rows[r[1]]++
		switch {
		case !want[r[0]]:
			problems = append(problems, fmt.Sprintf("%s: a projection row (%s) for an order the client never heard of", r[0], r[1]))
		case r[1] != string(models.OrderDeliveryRequested):
			problems = append(problems, fmt.Sprintf("%s: projection row says %s, want delivery_requested", r[0], r[1]))
		}
	}
	for _, id := range ids {
		if seen[id] != 1 {
			problems = append(problems, fmt.Sprintf("%s: %d projection rows, want 1", id, seen[id]))
		}
	}

	rows, err = queryPairs(ctx, db, "SELECT order_id, id FROM contracts WHERE order_id IS NOT NULL")
	if err != nil {
		return append(problems, "read contracts: "+err.Error()), tot
	}
	contracts := map[string]int{}
	for _, r := range rows {
		contracts[r[0]]++
		tot.contracts++
		if !want[r[0]] {
			problems = append(problems, fmt.Sprintf("%s: contract %s for an order the client never heard of", r[0], r[1]))
		}
	}
	for _, id := range ids {
		if contracts[id] != 1 {
			problems = append(problems, fmt.Sprintf("%s: %d contracts, want 1", id, contracts[id]))
		}
	}

	rows, err = queryPairs(ctx, db, "SELECT case_id, key FROM notifications WHERE case_type = 'order'")
	if err != nil {
		return append(problems, "read notifications: "+err.Error()), tot
	}
	notes := map[string]int{} // by "<order>/<kind>"
	for _, r := range rows {
		kind := r[1][strings.LastIndex(r[1], "/")+1:]
		notes[r[0]+"/"+kind]++
		tot.notifications[kind]++
		if !want[r[0]] {
			problems = append(problems, fmt.Sprintf("%s: notification %s for an order the client never heard of", r[0], r[1]))
		}
	}
	for _, id := range ids {
		for _, kind := range orderNotificationKinds {
			if n := notes[id+"/"+kind]; n != 1 {
				problems = append(problems, fmt.Sprintf("%s: %d %s notifications, want 1", id, n, kind))
			}
		}
	}

	wids := make([]string, len(ids))
	for i, id := range ids {
		wids[i] = flow.OrderWorkflowID(id)
	}
	wp, byStatus := checkWorkflows(ctx, tc, "Order", wids, enums.WORKFLOW_EXECUTION_STATUS_COMPLETED)
	tot.workflows = byStatus
	problems = append(problems, wp...)
	// The auditors' filter in the Web UI finds the same cases: the search attribute set at
	// the start survived the restarts.
	switch sa, err := listWorkflows(ctx, tc, "DsCaseType = 'order'"); {
	case err != nil:
		problems = append(problems, err.Error())
	case len(sa) != len(ids):
		problems = append(problems, fmt.Sprintf("%d workflows with DsCaseType = 'order', want %d", len(sa), len(ids)))
	}
	return problems, tot
}

// counts prints a map of counts in key order: {a:1 b:2}.
func counts[K ~string](m map[K]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s:%d", k, m[k]))
	}
	return "{" + strings.Join(parts, " ") + "}"
}
