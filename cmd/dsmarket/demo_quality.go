package main

import (
	"context"
	"fmt"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// quality opens this year's quality case (Process 4) of the first service due, as the
// yearly cycle would (the same workflow ID, input, pins and search attributes), so that the
// provider finds a report to submit and the operator a case to follow on the first `make
// run`. It does not start the cycle, which would open a case for each of the hundreds of
// due services of the demo catalog; the cycle, when it runs, finds this one started.
func (d *demoCases) quality(ctx context.Context) (int, error) {
	if d.temporal == nil {
		return 0, nil
	}
	year := d.now.In(models.Seoul).Year()
	due, _, err := d.store.ListQualityDueServices(ctx, "", models.QualityCycleCutoffStrict(year), 1)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	svc := due[0]
	opts := client.StartWorkflowOptions{ID: flow.QualityCaseWorkflowID(svc.ID, year), TaskQueue: flow.TaskQueue,
		WorkflowIDReusePolicy: enums.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE, TypedSearchAttributes: workflows.QualityCaseAttributes(svc)}
	in := &flow.QualityCaseInput{Service: svc, Year: year,
		Pins: models.PinRules(models.Rules, d.now, d.timeScale, models.QualityRuleKeys...)}
	if _, err := d.temporal.ExecuteWorkflow(ctx, opts, workflows.QualityCase, in); err != nil {
		return 0, fmt.Errorf("demo quality case of %s: %w", svc.ID, err)
	}
	return 1, nil
}
