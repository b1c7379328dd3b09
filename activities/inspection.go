package activities

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/internal/temporalerr"
	"github.com/dsmarket/dsmarket/models"
)

// ServiceWatchWorkflowType is the registered name of workflows.ServiceWatch. This package
// starts watches by name because workflows imports it, not the other way round; a test in
// workflows holds the two equal.
const ServiceWatchWorkflowType = "ServiceWatch"

// ServiceWatchInput is the input of workflows.ServiceWatch (which names it as an alias),
// defined here so that StartServiceWatches can start a watch. Service is the catalog entry
// cut down to what the watch needs (WatchedService); Watch is the record carried over by
// continue-as-new, nil for a new watch.
type ServiceWatchInput struct {
	Service models.Service
	Watch   *models.ServiceWatch
}

// WatchedService keeps what a watch needs of a catalog entry: names for the notice, the
// provider for notifications and search, the CSAP validity for the timer. Histories carry
// no descriptions.
func WatchedService(svc models.Service) models.Service {
	return models.Service{ID: svc.ID, Name: svc.Name, Type: svc.Type, Subtype: svc.Subtype, Status: svc.Status,
		CSAPValidUntil: svc.CSAPValidUntil, Provider: models.Provider{Org: svc.Provider.Org, Name: svc.Provider.Name}}
}

// ServiceWatchStartOptions starts a service's watch by its business key. An existing run
// is used as it is, so starting twice is harmless; a watch that ended (the service was
// removed as unfit) is never started again, while one that failed or was terminated may be.
func ServiceWatchStartOptions(serviceID, taskQueue string) client.StartWorkflowOptions {
	return client.StartWorkflowOptions{
		ID:                       models.ServiceWatchWorkflowID(serviceID),
		TaskQueue:                taskQueue,
		WorkflowIDConflictPolicy: enums.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enums.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY,
	}
}

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
// twice.
func (a *Activities) StartServiceWatches(ctx context.Context, serviceIDs []string) (int, error) {
	if a.Temporal == nil {
		return 0, temporal.NewNonRetryableApplicationError("activities have no Temporal client", "config", nil)
	}
	tq := activity.GetInfo(ctx).TaskQueue
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
		_, err = a.Temporal.ExecuteWorkflow(ctx, ServiceWatchStartOptions(id, tq), ServiceWatchWorkflowType,
			&ServiceWatchInput{Service: WatchedService(svc)})
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
