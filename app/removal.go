package app

import (
	"context"
	"errors"
	"fmt"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
)

// StopOrdersOnService tells every order in flight on a service that the service left the
// catalog; each order ends as cancelled with the reason. Orders are found both in the
// projection and in Temporal's visibility store, so that an order whose workflow started
// a moment ago and has not yet written its projection is not missed. Signalling a closed
// order is harmless. It returns how many orders were signalled.
func (s *Orders) StopOrdersOnService(ctx context.Context, serviceID, reason string) (int, error) {
	ids, err := s.Store.InFlightOrderWorkflowIDs(ctx, serviceID)
	if err != nil {
		return 0, err
	}
	seen := map[string]bool{}
	for _, id := range ids {
		seen[id] = true
	}
	query := fmt.Sprintf("%s = 'order' AND %s = '%s' AND ExecutionStatus = 'Running' AND TaskQueue = '%s'",
		flow.SACaseType.GetName(), flow.SAServiceID.GetName(), escapeQuery(serviceID), escapeQuery(s.taskQueue()))
	var token []byte
	for {
		page, err := s.Temporal.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: query, NextPageToken: token})
		if err != nil {
			return 0, fmt.Errorf("list orders on %s: %w", serviceID, err)
		}
		for _, e := range page.Executions {
			if id := e.GetExecution().GetWorkflowId(); !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		if token = page.NextPageToken; len(token) == 0 {
			break
		}
	}
	n := 0
	for _, id := range ids {
		err := s.Temporal.SignalWorkflow(ctx, id, "", flow.SignalServiceRemoved, flow.ServiceRemovedSignal{Reason: reason})
		var nf *serviceerror.NotFound
		switch {
		case errors.As(err, &nf):
			continue // it closed in the meantime
		case err != nil:
			return n, fmt.Errorf("signal %s: %w", id, err)
		}
		n++
	}
	return n, nil
}

// escapeQuery keeps a value inside its quotes in a visibility query.
func escapeQuery(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '\'' || r == '\\' {
			out = append(out, '\\')
		}
		out = append(out, r)
	}
	return string(out)
}
