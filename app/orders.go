// Package app is the one path every caller (REST API, web inbox, tests) takes to act on a
// case: it checks who may see the case, starts workflows by business key and sends
// Updates, turning Temporal's answers into models errors.
package app

import (
	"context"
	"errors"
	"log/slog"
	"regexp"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/workflows"
)

// Orders runs catalog orders.
type Orders struct {
	Store    *store.Store
	Temporal client.Client
	Clock    func() time.Time
	Logger   *slog.Logger
	// TaskQueue overrides flow.TaskQueue, so that tests sharing one server stay apart.
	TaskQueue string
}

func (s *Orders) taskQueue() string {
	if s.TaskQueue != "" {
		return s.TaskQueue
	}
	return flow.TaskQueue
}

func (s *Orders) now() time.Time {
	if s.Clock != nil {
		return s.Clock()
	}
	return time.Now()
}

// CreateOrderInput is the body of POST /orders.
type CreateOrderInput struct {
	ServiceID   string `json:"service_id"`
	Title       string `json:"title"`
	BudgetKRW   int64  `json:"budget_krw"`
	ProposalDue string `json:"proposal_due"`
}

// Created is the answer to a create: the case and whether this call made it.
type Created struct {
	ID         string `json:"id"`
	Status     string `json:"status"`
	WorkflowID string `json:"workflow_id"`
	Created    bool   `json:"-"`
}

var orderIDPattern = regexp.MustCompile(`^ORD-\d{4}-\d{6}$`)

var errOrderNotFound = models.Errorf(models.ENOTFOUND, "order not found")

// Create validates the request, reserves an order ID under the caller's Idempotency-Key
// and starts the order's workflow. Nothing is reserved or started for a bad request. A
// retry with the same key returns the first order; the workflow ID is derived from the
// order ID, so even a crash between reserving and starting cannot make a second case. Who
// may open an order is the routes' to say (agencies).
func (s *Orders) Create(ctx context.Context, by models.Actor, in CreateOrderInput, idempotencyKey string) (Created, error) {
	now := s.now()
	req, err := models.ParseOrderRequest(in.ServiceID, in.Title, in.BudgetKRW, in.ProposalDue, models.DateOf(now))
	if err != nil {
		return Created{}, err
	}
	svc, err := s.Store.GetService(ctx, req.ServiceID)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return Created{}, &models.Error{Code: models.EINVALID, Message: "one or more fields are invalid",
			Fields: []models.FieldError{{Field: "service_id", Message: "no service with this ID in the catalog"}}}
	}
	if err != nil {
		return Created{}, err
	}
	if !svc.Status.Orderable() {
		return Created{}, models.Errorf(models.ECONFLICT, "service %s is %s and cannot be ordered", svc.ID, svc.Status)
	}

	id, created, err := claimID(ctx, s.Store, "orders", by, idempotencyKey, req,
		func(ctx context.Context) (string, error) { return s.Store.NextOrderID(ctx, now) })
	if err != nil {
		return Created{}, err
	}
	wid := flow.OrderWorkflowID(id)
	err = startCase(ctx, s.Temporal, client.StartWorkflowOptions{
		ID:        wid,
		TaskQueue: s.taskQueue(),
		TypedSearchAttributes: temporal.NewSearchAttributes(
			flow.SACaseType.ValueSet("order"),
			flow.SACaseStatus.ValueSet(string(models.OrderProposalRequested)),
			flow.SAServiceType.ValueSet(string(svc.Type)),
			flow.SAServiceID.ValueSet(svc.ID),
			flow.SAProviderOrg.ValueSet(svc.Provider.Org),
			flow.SAAgencyOrg.ValueSet(by.Org),
		),
	}, workflows.Order, &flow.OrderInput{OrderID: id, Request: req, Service: orderedService(svc), RequestedBy: by,
		RequestID: requestIDOf(ctx)})
	if err != nil {
		return Created{}, err
	}
	out := Created{ID: id, Status: string(models.OrderProposalRequested), WorkflowID: wid, Created: created}
	if !created {
		if o, err := s.Get(ctx, by, id); err == nil {
			out.Status = string(o.Status)
		}
	}
	return out, nil
}

// orderedService keeps what the order needs of a catalog entry: histories carry
// references and names, not descriptions.
func orderedService(svc models.Service) models.Service {
	return models.Service{ID: svc.ID, Name: svc.Name, Type: svc.Type, Subtype: svc.Subtype, Status: svc.Status,
		Provider: models.Provider{Org: svc.Provider.Org, Name: svc.Provider.Name}}
}

// Get returns the order as its workflow holds it, or as the projection last saw it when
// the workflow is gone (past retention) or unreachable. Another organization's order is
// not found.
func (s *Orders) Get(ctx context.Context, by models.Actor, id string) (*models.Order, error) {
	if !orderIDPattern.MatchString(id) {
		return nil, errOrderNotFound
	}
	o, err := readCase(ctx, s.Temporal, s.logger(), "order", flow.OrderWorkflowID(id), flow.QueryOrder,
		func(ctx context.Context) (*models.Order, error) { return s.Store.GetOrder(ctx, id) }, errOrderNotFound)
	if err != nil {
		return nil, err
	}
	if !o.VisibleTo(by) {
		return nil, errOrderNotFound
	}
	return o, nil
}

func (s *Orders) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.Default()
}

// List returns the orders the caller may see, newest first.
func (s *Orders) List(ctx context.Context, by models.Actor, status string, pageSize int, pageToken string) ([]models.Order, string, error) {
	f := store.OrderFilter{Status: models.OrderStatus(status), PageSize: pageSize, PageToken: pageToken}
	switch by.Role {
	case models.RoleAgency:
		f.AgencyOrg = by.Org
	case models.RoleProvider:
		f.ProviderOrg = by.Org
	case models.RoleAuditor:
	default:
		return nil, "", models.Errorf(models.EFORBIDDEN, "this role does not see orders")
	}
	return s.Store.ListOrders(ctx, f)
}

// SubmitProposal records the provider's proposal. It, Evaluate, Negotiate and Cancel are
// the human steps of an order.
func (s *Orders) SubmitProposal(ctx context.Context, by models.Actor, id, key string, in models.ProposalInput) (*models.Order, error) {
	return s.update(ctx, by, id, key, flow.UpdateSubmitProposal, "submit a proposal",
		flow.SubmitProposalInput{Actor: by, Proposal: in})
}

// Evaluate scores the proposal.
func (s *Orders) Evaluate(ctx context.Context, by models.Actor, id, key string, scores []models.ScoreInput) (*models.Order, error) {
	return s.update(ctx, by, id, key, flow.UpdateEvaluate, "evaluate the proposal",
		flow.EvaluateInput{Actor: by, Scores: scores})
}

// Negotiate records the negotiation's outcome.
func (s *Orders) Negotiate(ctx context.Context, by models.Actor, id, key string, in models.NegotiationInput) (*models.Order, error) {
	return s.update(ctx, by, id, key, flow.UpdateNegotiate, "record a negotiation",
		flow.NegotiateInput{Actor: by, Negotiation: in})
}

// Cancel ends the order before the delivery request.
func (s *Orders) Cancel(ctx context.Context, by models.Actor, id, key string, in models.CancelInput) (*models.Order, error) {
	return s.update(ctx, by, id, key, flow.UpdateCancel, "cancel", flow.CancelInput{Actor: by, Cancel: in})
}

// update sends one human step of an order (see sendUpdate). A closed order answers 409
// naming its final status, or 404 when the caller may not know it exists.
func (s *Orders) update(ctx context.Context, by models.Actor, id, key, name, action string, arg any) (*models.Order, error) {
	if !orderIDPattern.MatchString(id) {
		return nil, errOrderNotFound
	}
	var r flow.StepResult
	err := sendUpdate(ctx, s.Temporal, s.Store, step{WorkflowID: flow.OrderWorkflowID(id), Update: name, By: by, Key: key, Arg: arg}, &r)
	if errors.Is(err, errWorkflowGone) {
		// No such workflow, or it has closed (a deadline passed, the order ended): the
		// order as last recorded says which, and whether the caller may know it exists.
		current, gerr := s.Get(ctx, by, id)
		if gerr != nil {
			return nil, gerr
		}
		return nil, models.Conflict(action, current.Status)
	}
	if err != nil {
		return nil, err
	}
	return afterStep(ctx, s.Temporal, flow.OrderWorkflowID(id), flow.QueryOrder, r,
		func(ctx context.Context) (*models.Order, error) { return s.Store.GetOrder(ctx, id) }, (*models.Order).Version)
}
