package app

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/workflows"
)

// Changes runs information changes (정보 변경, Process 4): a provider's change request on a
// catalog service, decided by the operator or sent to re-review.
type Changes struct {
	Store    *store.Store
	Temporal client.Client
	Clock    func() time.Time
	Logger   *slog.Logger
	// TaskQueue overrides flow.TaskQueue, so that tests sharing one server stay apart.
	TaskQueue string
}

// ChangeCreated is the answer to POST /services/{id}/change-requests.
type ChangeCreated struct {
	ID         string            `json:"id"`
	Status     string            `json:"status"`
	WorkflowID string            `json:"workflow_id"`
	Path       models.ChangePath `json:"path"`
	Created    bool              `json:"-"`
}

var (
	errChangeNotFound  = models.Errorf(models.ENOTFOUND, "change request not found")
	errServiceNotFound = models.Errorf(models.ENOTFOUND, "service not found")
)

// Create validates the change against the catalog, reserves a change request ID under
// the caller's Idempotency-Key and starts the request's workflow. The routes admit
// providers; here only the provider of the service may ask, another's service is not found.
func (s *Changes) Create(ctx context.Context, by models.Actor, serviceID string, in models.ChangeRequestInput, key string) (ChangeCreated, error) {
	svc, err := s.Store.GetService(ctx, serviceID)
	if models.ErrorCode(err) == models.ENOTFOUND || (err == nil && svc.Provider.Org != by.Org) {
		return ChangeCreated{}, errServiceNotFound
	}
	if err != nil {
		return ChangeCreated{}, err
	}
	if svc.Status == models.ServiceRemoved {
		return ChangeCreated{}, models.Errorf(models.ECONFLICT, "service %s is removed from the catalog and cannot be changed", svc.ID)
	}
	parsed, err := models.ParseChangeRequest(in, svc)
	if err != nil {
		return ChangeCreated{}, err
	}
	now := nowOf(s.Clock)
	request := struct {
		ServiceID string
		Input     models.ChangeRequestInput
	}{svc.ID, in}
	id, created, err := claimID(ctx, s.Store, "change_requests", by, key, request,
		func(ctx context.Context) (string, error) { return s.Store.NextChangeRequestID(ctx, now) })
	if err != nil {
		return ChangeCreated{}, err
	}
	wid := flow.ChangeRequestWorkflowID(id)
	err = startCase(ctx, s.Temporal, client.StartWorkflowOptions{
		ID:        wid,
		TaskQueue: taskQueueOr(s.TaskQueue),
		TypedSearchAttributes: temporal.NewSearchAttributes(
			flow.SACaseType.ValueSet("change_request"),
			flow.SACaseStatus.ValueSet(string(models.ChangeSubmitted)),
			flow.SAServiceType.ValueSet(string(svc.Type)),
			flow.SAServiceID.ValueSet(svc.ID),
			flow.SAProviderOrg.ValueSet(svc.Provider.Org),
		),
	}, workflows.ChangeRequest, &flow.ChangeRequestInput{ChangeRequestID: id, Parsed: parsed,
		Service: orderedService(svc), RequestedBy: by, RequestID: requestIDOf(ctx)})
	if err != nil {
		return ChangeCreated{}, err
	}
	out := ChangeCreated{ID: id, Status: string(models.ChangeSubmitted), WorkflowID: wid, Path: parsed.Path, Created: created}
	if !created {
		if cr, err := s.Get(ctx, by, id); err == nil {
			out.Status, out.Path = string(cr.Status), cr.Path
		}
	}
	return out, nil
}

// Get returns the change request as its workflow holds it, or as the projection last saw
// it. A request the caller may not see is not found.
func (s *Changes) Get(ctx context.Context, by models.Actor, id string) (*models.ChangeRequest, error) {
	if !models.ChangeRequestIDPattern.MatchString(id) {
		return nil, errChangeNotFound
	}
	cr, err := readCase(ctx, s.Temporal, loggerOr(s.Logger), "change request", flow.ChangeRequestWorkflowID(id),
		flow.QueryChangeRequest, func(ctx context.Context) (*models.ChangeRequest, error) {
			return s.Store.GetChangeRequest(ctx, id)
		}, errChangeNotFound)
	if err != nil {
		return nil, err
	}
	if !cr.VisibleTo(by) {
		return nil, errChangeNotFound
	}
	return cr, nil
}

// List returns the change requests the caller may see, newest first: operators and
// auditors all, providers their own.
func (s *Changes) List(ctx context.Context, by models.Actor, status string, pageSize int, pageToken string) ([]models.ChangeRequest, string, error) {
	f := store.ChangeRequestFilter{Status: models.ChangeRequestStatus(status), PageSize: pageSize, PageToken: pageToken}
	switch by.Role {
	case models.RoleProvider:
		f.ProviderOrg = by.Org
	case models.RoleOperator, models.RoleAuditor:
	default:
		return nil, "", models.Errorf(models.EFORBIDDEN, "this role does not see change requests")
	}
	return s.Store.ListChangeRequests(ctx, f)
}

// Decide sends the operator's decision on an approval-path change request.
func (s *Changes) Decide(ctx context.Context, by models.Actor, id, key string, in models.DecideChangeInput) (*models.ChangeRequest, error) {
	if !models.ChangeRequestIDPattern.MatchString(id) {
		return nil, errChangeNotFound
	}
	var r flow.StepResult
	err := sendUpdate(ctx, s.Temporal, s.Store, step{WorkflowID: flow.ChangeRequestWorkflowID(id), Update: flow.UpdateDecideChange,
		By: by, Key: key, Arg: flow.DecideChangeInput{Actor: by, Decision: in}}, &r)
	if errors.Is(err, errWorkflowGone) {
		current, gerr := s.Get(ctx, by, id)
		if gerr != nil {
			return nil, gerr
		}
		return nil, models.Conflict("decide the change request", current.Status)
	}
	if err != nil {
		return nil, err
	}
	return afterStep(ctx, s.Temporal, flow.ChangeRequestWorkflowID(id), flow.QueryChangeRequest, r,
		func(ctx context.Context) (*models.ChangeRequest, error) { return s.Store.GetChangeRequest(ctx, id) },
		(*models.ChangeRequest).Version)
}

// ServiceChanges returns the catalog's public history of a service's applied changes.
func (s *Changes) ServiceChanges(ctx context.Context, serviceID string) ([]models.ServiceChange, error) {
	if _, err := s.Store.GetService(ctx, serviceID); err != nil {
		return nil, err
	}
	return s.Store.ListServiceChanges(ctx, serviceID)
}
