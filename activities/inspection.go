package activities

import (
	"context"
	"errors"
	"fmt"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/temporalerr"
)

// UnwatchedServicesInput asks for the next page of services without a watch.
type UnwatchedServicesInput struct {
	After string // the last service ID of the page before, "" for the first
	Limit int
}

// UnwatchedServices lists the IDs of catalog services (not removed) that have no watch
// yet, one keyset page at a time. IDs only: the page passes through the sweep's history.
func (a *Activities) UnwatchedServices(ctx context.Context, in UnwatchedServicesInput) ([]string, error) {
	ids, err := a.Store.UnwatchedServiceIDs(ctx, in.After, in.Limit)
	return ids, temporalerr.Wrap(err)
}

// StartServiceWatches starts the watch of each service on the caller's task queue and
// returns how many it started or found running. A service removed meanwhile, or whose
// watch has ended, is skipped. Every start uses the existing run, so a retry starts nothing
// twice. Each new watch pins the versions of its rules in force now: they are computed
// here, outside the sweep's workflow code, and travel in the watch's input.
func (a *Activities) StartServiceWatches(ctx context.Context, serviceIDs []string) (int, error) {
	if a.Temporal == nil {
		return 0, temporal.NewNonRetryableApplicationError("activities have no Temporal client", "config", nil)
	}
	tq := activity.GetInfo(ctx).TaskQueue
	pins := models.PinRules(models.Rules, a.now(), 0, models.ServiceWatchRuleKeys...)
	n := 0
	for _, id := range serviceIDs {
		svc, err := a.Store.GetService(ctx, id)
		if models.ErrorCode(err) == models.ENOTFOUND {
			continue
		}
		if err != nil {
			return n, temporalerr.Wrap(err)
		}
		if svc.Status == models.ServiceRemoved {
			continue
		}
		_, err = a.Temporal.ExecuteWorkflow(ctx, flow.ServiceWatchStartOptions(id, tq), flow.ServiceWatchWorkflowType,
			&flow.ServiceWatchInput{Service: flow.WatchedService(svc), Pins: pins})
		var started *serviceerror.WorkflowExecutionAlreadyStarted
		switch {
		case errors.As(err, &started):
			continue // the watch ended: the service left the catalog as unfit
		case err != nil:
			return n, fmt.Errorf("start watch of %s: %w", id, err)
		}
		n++
	}
	if n > 0 {
		a.logger().InfoContext(ctx, "service watches ensured", "count", n)
	}
	return n, nil
}

// SaveServiceWatch writes the watch's projection. A late retry of an older version is
// ignored by the store, so the projection never moves backwards.
func (a *Activities) SaveServiceWatch(ctx context.Context, w *models.ServiceWatch) error {
	return temporalerr.Wrap(a.Store.SaveServiceWatch(ctx, w))
}

// RemoveService takes a service out of the catalog: it can no longer be found or ordered.
// Setting the same status again changes nothing.
func (a *Activities) RemoveService(ctx context.Context, serviceID string) error {
	if err := a.Store.SetServiceStatus(ctx, serviceID, models.ServiceRemoved); err != nil {
		return temporalerr.Wrap(err)
	}
	a.logger().InfoContext(ctx, "service removed from the catalog", "service", serviceID)
	return nil
}

// PublishUnfitNotice puts the notice of an unfit service on the system, once per service.
func (a *Activities) PublishUnfitNotice(ctx context.Context, n models.UnfitNotice) error {
	return temporalerr.Wrap(a.Store.SaveUnfitNotice(ctx, n, a.now()))
}

// InFlightOrders lists the workflows of the orders on a service that can still move.
func (a *Activities) InFlightOrders(ctx context.Context, serviceID string) ([]string, error) {
	ids, err := a.Store.InFlightOrderWorkflowIDs(ctx, serviceID)
	return ids, temporalerr.Wrap(err)
}

// SetServiceCSAPInput is a renewed CSAP validity for the catalog.
type SetServiceCSAPInput struct {
	ServiceID  string
	ValidUntil models.Date
}

// SetServiceCSAP writes a renewed CSAP validity to the catalog entry.
func (a *Activities) SetServiceCSAP(ctx context.Context, in SetServiceCSAPInput) error {
	return temporalerr.Wrap(a.Store.SetServiceCSAPValidUntil(ctx, in.ServiceID, in.ValidUntil))
}
