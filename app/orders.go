// Package app is the one path every caller (REST API, web inbox, tests) takes to act on a
// case: it checks who may see the case, starts workflows by business key and sends
// Updates, turning Temporal's answers into models errors.
package app

import (
	"context"
	"fmt"
	"regexp"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/workflows"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// Orders runs catalog orders.
type Orders struct{ service }

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
		return Created{}, models.FieldInvalid("service_id", models.Msg("invalid.service_not_in_catalog"))
	}
	if err != nil {
		return Created{}, err
	}
	if !svc.Status.Orderable() {
		// A retry of an order opened before the service was suspended gets that order.
		out, _, err := orderCase.retried(ctx, &s.service, by, idempotencyKey, req, models.Refuse(models.ECONFLICT,
			models.Msg("error.service_not_orderable", "service", svc.ID, "status", "svcstatus."+string(svc.Status))))
		return out, err
	}

	out, _, err := orderCase.create(ctx, &s.service, by, idempotencyKey, req,
		func(ctx context.Context) (string, error) { return s.Store.NextOrderID(ctx, now) },
		func(id string) launch {
			return launch{status: models.OrderProposalRequested,
				attrs:    append(serviceAttrs(svc), flow.SAAgencyOrg.ValueSet(by.Org)),
				workflow: workflows.Order,
				input: &flow.OrderInput{OrderID: id, Request: req, Service: orderedService(svc), RequestedBy: by,
					RequestID: requestIDOf(ctx), Pins: s.pin(now, models.OrderRuleKeys...)}}
		})
	return out, err
}

// orderedService keeps what a case needs of a catalog entry: histories carry references
// and names (in both languages, for the texts an English reader reads), not descriptions.
func orderedService(svc models.Service) models.Service {
	return models.Service{ID: svc.ID, Name: svc.Name, NameEn: svc.NameEn, Type: svc.Type, Subtype: svc.Subtype, Status: svc.Status,
		Provider: models.Provider{Org: svc.Provider.Org, Name: svc.Provider.Name}}
}

// SubmitProposal records the provider's proposal. It, Evaluate, Negotiate and Cancel are
// the human steps of an order.
func (s *Orders) SubmitProposal(ctx context.Context, by models.Actor, id, key string, in models.ProposalInput) (*models.Order, error) {
	var err error
	if in.Documents, err = stepFiles(ctx, &s.service, by, id, s.Get, in.Documents); err != nil {
		return nil, err
	}
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

// update sends one human step of an order. A closed order (a deadline passed, the order
// ended) answers 409 naming its final status, or 404 when the caller may not know it exists.
func (s *Orders) update(ctx context.Context, by models.Actor, id, key, name, action string, arg any) (*models.Order, error) {
	return orderCase.update(ctx, &s.service, by, id, step{Update: name, Key: key, Arg: arg}, orderCase.conflict(action))
}

var orderCase = &caseKind[models.Order]{
	noun: "order", caseType: "order", scope: "orders", statusInDetails: true,
	notFound:   models.Refuse(models.ENOTFOUND, models.Msg("error.order_not_found")),
	nounKey:    "case.order",
	workflowID: byPattern(regexp.MustCompile(`^ORD-\d{4}-\d{6}$`), flow.OrderWorkflowID),
	query:      flow.QueryOrder, fromStore: (*store.Store).GetOrder, version: (*models.Order).Version,
	status:    func(o *models.Order) fmt.Stringer { return o.Status },
	visible:   visibleTo[*models.Order],
	pluralKey: "cases.order", ownOrg: []models.Role{models.RoleAgency, models.RoleProvider},
	allOrgs: []models.Role{models.RoleAuditor},
}

// Get returns the order as its workflow holds it, or as the projection last saw it when
// the workflow is gone (past retention) or unreachable. Another organization's order is
// not found.
func (s *Orders) Get(ctx context.Context, by models.Actor, id string) (*models.Order, error) {
	return orderCase.get(ctx, &s.service, by, id)
}

// history is the order as the auditor's view shows it.
func (s *Orders) history() caseHistory {
	return historyOf(prefixed(flow.OrderWorkflowID("")), s.Get, func(o *models.Order) CaseHistory {
		return CaseHistory{CaseType: "order", CaseID: o.ID, Status: string(o.Status), Decisions: o.Steps}.pinned(o.Pins)
	})
}

// List returns the orders the caller may see, newest first.
func (s *Orders) List(ctx context.Context, by models.Actor, status string, pageSize int, pageToken string) ([]models.Order, string, error) {
	agencyOrg, providerOrg, err := orderCase.listScope(by)
	if err != nil {
		return nil, "", err
	}
	return s.Store.ListOrders(ctx, store.OrderFilter{AgencyOrg: agencyOrg, ProviderOrg: providerOrg,
		Status: models.OrderStatus(status), PageSize: pageSize, PageToken: pageToken})
}
