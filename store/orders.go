package store

import (
	"context"
	"fmt"

	"github.com/dsmarket/dsmarket/models"
)

// allOrderStatuses lists every status so that "not final" can be written in SQL from the
// one definition of Final in models.
var allOrderStatuses = []models.OrderStatus{
	models.OrderProposalRequested, models.OrderProposalSubmitted, models.OrderNegotiating,
	models.OrderNotQualified, models.OrderDeliveryRequested, models.OrderLapsed, models.OrderCancelled,
}

// SaveOrder writes the projection of an order. Activities may be retried and may finish
// out of order, so a write replaces the stored row only if it carries a newer version:
// a late retry of an older state never hides a newer one.
func (s *Store) SaveOrder(ctx context.Context, o *models.Order) error {
	return s.saveProjection(ctx, orderProjection(o))
}

// SaveOrderWith writes the order's projection and, in the same statement, the effects of
// the same step: the contract a delivery request concluded (nil for none) and the step's
// notifications. One round trip instead of one per write. Each effect is written once by
// its key whether or not the row is (a newer version may be stored already).
func (s *Store) SaveOrderWith(ctx context.Context, o *models.Order, c *models.Contract, notes ...models.Notification) error {
	p := orderProjection(o)
	if c != nil {
		p.alongside = append(p.alongside, contractInsert(*c))
	}
	for _, n := range notes {
		w, err := notificationInsert(n)
		if err != nil {
			return fmt.Errorf("save order %s: notification %s: %w", o.ID, n.Key, err)
		}
		p.alongside = append(p.alongside, w)
	}
	return s.saveProjection(ctx, p)
}

func orderProjection(o *models.Order) projection {
	var total *string
	if o.EvaluationTotal != nil {
		t := o.EvaluationTotal.String() // exact decimal text, e.g. "84.99", for numeric(5,2)
		total = &t
	}
	var finalPrice *int64
	if o.FinalPriceKRW != nil {
		p := int64(*o.FinalPriceKRW)
		finalPrice = &p
	}
	return projection{
		table: "orders", what: "order " + o.ID, key: col("id", o.ID),
		columns: []column{
			col("workflow_id", o.WorkflowID), col("status", string(o.Status)), col("title", o.Title),
			col("service_id", o.ServiceID), col("agency_org", o.AgencyOrg), col("provider_org", o.ProviderOrg),
			col("budget_krw", int64(o.BudgetKRW)), dateCol("proposal_due", &o.ProposalDue),
			col("evaluation_total", total).as("numeric"), col("negotiation_deadline", o.NegotiationDeadline),
			col("final_price_krw", finalPrice), col("requested_at", o.RequestedAt), col("closed_at", o.ClosedAt),
		},
		version: o.Version(), doc: o,
		audit: auditCase{"order", o.ID, o.WorkflowID}, steps: o.Steps,
	}
}

// InFlightOrderWorkflowIDs returns the workflows of the orders on serviceID that can still
// move, so that removing the service can stop each of them.
func (s *Store) InFlightOrderWorkflowIDs(ctx context.Context, serviceID string) ([]string, error) {
	var open []string
	for _, st := range allOrderStatuses {
		if !st.Final() {
			open = append(open, string(st))
		}
	}
	var ids []string
	err := s.db.WithContext(ctx).Table("orders").Where("service_id = ? AND status IN ?", serviceID, open).
		Order("id").Pluck("workflow_id", &ids).Error
	if err != nil {
		return nil, fmt.Errorf("in-flight orders of %s: %w", serviceID, err)
	}
	return ids, nil
}
