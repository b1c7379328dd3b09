package store

import (
	"context"
	"fmt"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// allOrderStatuses lists every status so that "not final" can be written in SQL from the
// one definition of Final in models.
var allOrderStatuses = []models.OrderStatus{
	models.OrderProposalRequested, models.OrderProposalSubmitted, models.OrderNegotiating,
	models.OrderNotQualified, models.OrderDeliveryRequested, models.OrderLapsed, models.OrderCancelled,
}

// NextOrderID draws the next order number: ORD-<Seoul year of now>-<6 digits>. Numbers
// come from a sequence, so they are unique but may have gaps (a drawn number whose order
// was never created is not reused).
func (s *Store) NextOrderID(ctx context.Context, now time.Time) (string, error) {
	var n int64
	if err := s.db.WithContext(ctx).Raw(`SELECT nextval('order_id_seq')`).Scan(&n).Error; err != nil {
		return "", fmt.Errorf("next order id: %w", err)
	}
	return fmt.Sprintf("ORD-%d-%06d", now.In(models.Seoul).Year(), n), nil
}

// SaveOrder writes the projection of an order. Activities may be retried and may finish
// out of order, so a write replaces the stored row only if it carries a newer version:
// a late retry of an older state never hides a newer one.
func (s *Store) SaveOrder(ctx context.Context, o *models.Order) error {
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
	return s.saveProjection(ctx, projection{
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
	})
}

// GetOrder returns the stored copy of an order. The workflow holds the authoritative state;
// this copy may lag it by the activity that is writing it.
func (s *Store) GetOrder(ctx context.Context, id string) (*models.Order, error) {
	return getDoc[models.Order](ctx, s, "orders", "order", id)
}

// OrderFilter selects orders; zero values mean "any".
type OrderFilter struct {
	AgencyOrg   string
	ProviderOrg string
	Status      models.OrderStatus
	PageSize    int
	PageToken   string
}

// ListOrders lists orders newest first (by ID, which grows with time), one page at a time.
func (s *Store) ListOrders(ctx context.Context, f OrderFilter) ([]models.Order, string, error) {
	return listDocs[models.Order](ctx, s, "orders", "order", f.PageSize, f.PageToken,
		eq("agency_org", f.AgencyOrg), eq("provider_org", f.ProviderOrg), eq("status", string(f.Status)))
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
