package temporaltest

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

func TestMain(m *testing.M) {
	code := m.Run()
	Stop()
	os.Exit(code)
}

func hello(_ workflow.Context, name string) (string, error) { return "hello " + name, nil }

// TestServer runs a workflow with a custom search attribute on the shared server and finds it
// with a visibility query on that attribute.
func TestServer(t *testing.T) {
	hostPort, c := Server(t)
	if hp2, c2 := Server(t); hp2 != hostPort || c2 != c {
		t.Errorf("second Server call: %s, %v; want the same server and client", hp2, c2)
	}
	if !strings.HasPrefix(hostPort, "127.0.0.1:") {
		t.Errorf("hostPort = %s, want 127.0.0.1:port", hostPort)
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const queue = "temporaltest"
	w := worker.New(c, queue, worker.Options{})
	w.RegisterWorkflow(hello)
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()

	// Unique per run, so that -count=N runs on the one shared server find their own workflow.
	tag := "temporaltest-" + strconv.FormatInt(time.Now().UnixNano(), 36)
	caseType := SearchAttributeKeys[0].(temporal.SearchAttributeKeyKeyword)
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                    tag,
		TaskQueue:             queue,
		TypedSearchAttributes: temporal.NewSearchAttributes(caseType.ValueSet(tag)),
	}, hello, "world")
	if err != nil {
		t.Fatal(err)
	}
	var got string
	if err := run.Get(ctx, &got); err != nil || got != "hello world" {
		t.Fatalf("hello = %q, %v", got, err)
	}

	query := caseType.GetName() + " = '" + tag + "'"
	for {
		resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: query})
		if err != nil {
			t.Fatalf("ListWorkflow(%s): %v", query, err)
		}
		if len(resp.GetExecutions()) == 1 && resp.GetExecutions()[0].GetExecution().GetWorkflowId() == tag {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("ListWorkflow(%s) = %v, want the one workflow", query, resp.GetExecutions())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func TestStartErrNoCLI(t *testing.T) {
	_, err := start(func(k string) string {
		if k == "TEMPORAL_CLI" {
			return "/nonexistent/temporal"
		}
		return ""
	})
	if err == nil || !strings.Contains(err.Error(), "run `make bin/temporal`") {
		t.Errorf("start without a CLI: %v, want an error that says to run `make bin/temporal`", err)
	}
}
