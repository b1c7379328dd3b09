package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

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
	doc, err := json.Marshal(o)
	if err != nil {
		return fmt.Errorf("save order %s: %w", o.ID, err)
	}
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
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`
			INSERT INTO orders (id, workflow_id, status, title, service_id, agency_org, provider_org,
				budget_krw, proposal_due, evaluation_total, negotiation_deadline, final_price_krw,
				requested_at, closed_at, version, updated_at, doc)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::date, ?::numeric, ?, ?, ?, ?, ?, now(), ?::jsonb)
			ON CONFLICT (id) DO UPDATE SET
				workflow_id = EXCLUDED.workflow_id, status = EXCLUDED.status, title = EXCLUDED.title,
				service_id = EXCLUDED.service_id, agency_org = EXCLUDED.agency_org,
				provider_org = EXCLUDED.provider_org, budget_krw = EXCLUDED.budget_krw,
				proposal_due = EXCLUDED.proposal_due, evaluation_total = EXCLUDED.evaluation_total,
				negotiation_deadline = EXCLUDED.negotiation_deadline,
				final_price_krw = EXCLUDED.final_price_krw, requested_at = EXCLUDED.requested_at,
				closed_at = EXCLUDED.closed_at, version = EXCLUDED.version,
				updated_at = EXCLUDED.updated_at, doc = EXCLUDED.doc
			WHERE orders.version < EXCLUDED.version`,
			o.ID, o.WorkflowID, string(o.Status), o.Title, o.ServiceID, o.AgencyOrg, o.ProviderOrg,
			int64(o.BudgetKRW), dateToDB(&o.ProposalDue), total, o.NegotiationDeadline, finalPrice,
			o.RequestedAt, o.ClosedAt, o.Version(), string(doc)).Error; err != nil {
			return err
		}
		return appendAudit(tx, auditCase{"order", o.ID, o.WorkflowID}, o.Steps)
	})
	if err != nil {
		return fmt.Errorf("save order %s: %w", o.ID, err)
	}
	return nil
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
	return listDocs[models.Order](ctx, s, "orders", "order", f.PageSize, f.PageToken, func(tx *gorm.DB) *gorm.DB {
		if f.AgencyOrg != "" {
			tx = tx.Where("agency_org = ?", f.AgencyOrg)
		}
		if f.ProviderOrg != "" {
			tx = tx.Where("provider_org = ?", f.ProviderOrg)
		}
		if f.Status != "" {
			tx = tx.Where("status = ?", string(f.Status))
		}
		return tx
	})
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
