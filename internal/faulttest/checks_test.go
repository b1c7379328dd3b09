package faulttest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
)

// eventually runs check until it finds no problem or within has passed, and returns the
// problems of its last run. The faults are over when it runs: this is the bounded wait for
// the system to converge, not a timing assertion.
func eventually(ctx context.Context, within time.Duration, check func(context.Context) []string) []string {
	deadline := time.Now().Add(within)
	for {
		problems := check(ctx)
		if len(problems) == 0 || time.Now().After(deadline) || ctx.Err() != nil {
			return problems
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// execution is one workflow execution as Temporal's visibility lists it.
type execution struct {
	id, runID, typ string
	status         enums.WorkflowExecutionStatus
}

// listWorkflows lists every execution that matches query ("" for the whole namespace),
// closed ones included.
func listWorkflows(ctx context.Context, tc client.Client, query string) ([]execution, error) {
	var out []execution
	var page []byte
	for {
		resp, err := tc.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
			Query: query, PageSize: 1000, NextPageToken: page})
		if err != nil {
			return nil, fmt.Errorf("list workflows %q: %w", query, err)
		}
		for _, e := range resp.GetExecutions() {
			out = append(out, execution{id: e.GetExecution().GetWorkflowId(), runID: e.GetExecution().GetRunId(),
				typ: e.GetType().GetName(), status: e.GetStatus()})
		}
		if page = resp.GetNextPageToken(); len(page) == 0 {
			return out, nil
		}
	}
}

// badEnd says whether an execution ended in a way no case may end.
func badEnd(s enums.WorkflowExecutionStatus) bool {
	switch s {
	case enums.WORKFLOW_EXECUTION_STATUS_FAILED, enums.WORKFLOW_EXECUTION_STATUS_TERMINATED,
		enums.WORKFLOW_EXECUTION_STATUS_TIMED_OUT, enums.WORKFLOW_EXECUTION_STATUS_CANCELED:
		return true
	}
	return false
}

// checkWorkflows checks that each of ids has exactly one execution of type typ, in status
// want (or running, when want is RUNNING, or either when want is UNSPECIFIED), that no
// execution of typ ended badly, and that there are no executions of typ beyond ids.
func checkWorkflows(ctx context.Context, tc client.Client, typ string, ids []string,
	want enums.WorkflowExecutionStatus) ([]string, map[string]int) {
	execs, err := listWorkflows(ctx, tc, "WorkflowType = '"+typ+"'")
	if err != nil {
		return []string{err.Error()}, nil
	}
	byID := map[string][]execution{}
	byStatus := map[string]int{}
	for _, e := range execs {
		byID[e.id] = append(byID[e.id], e)
		byStatus[statusName(e.status)]++
	}
	var problems []string
	known := map[string]bool{}
	for _, id := range ids {
		known[id] = true
		es := byID[id]
		switch {
		case len(es) != 1:
			problems = append(problems, fmt.Sprintf("%s: %d executions of %s, want exactly 1", id, len(es), typ))
		case badEnd(es[0].status):
			problems = append(problems, fmt.Sprintf("%s: workflow %s", id, statusName(es[0].status)))
		case want != enums.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED && es[0].status != want:
			problems = append(problems, fmt.Sprintf("%s: workflow %s, want %s", id, statusName(es[0].status), statusName(want)))
		}
	}
	for id := range byID {
		if !known[id] {
			problems = append(problems, fmt.Sprintf("%s: a %s workflow of a case the client never heard of", id, typ))
		}
	}
	return problems, byStatus
}

func statusName(s enums.WorkflowExecutionStatus) string {
	return strings.TrimPrefix(s.String(), "WORKFLOW_EXECUTION_STATUS_")
}

// queryPairs runs a query of two text columns and returns its rows.
func queryPairs(ctx context.Context, db *sql.DB, query string, args ...any) ([][2]string, error) {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var out [][2]string
	for rows.Next() {
		var a, b sql.NullString
		if err := rows.Scan(&a, &b); err != nil {
			return nil, err
		}
		out = append(out, [2]string{a.String, b.String})
	}
	return out, rows.Err()
}

// limit keeps a list of problems readable: the first n and a count of the rest.
func limit(problems []string, n int) string {
	if len(problems) <= n {
		return strings.Join(problems, "\n  ")
	}
	return strings.Join(problems[:n], "\n  ") + fmt.Sprintf("\n  … and %d more", len(problems)-n)
}
