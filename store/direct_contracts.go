package store

import (
	"context"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
)

// SaveDirectContract writes the projection of a direct contract and its row in the contract
// register, in one transaction. As for orders, only a newer version replaces the stored
// one, so a late retry of an older state never hides a newer one; the register follows the
// projection, so it too shows the terms in force.
func (s *Store) SaveDirectContract(ctx context.Context, c *models.DirectContract) error {
	var nextDue *models.Date
	for _, ch := range c.Changes {
		if ch.Status.Open() && (nextDue == nil || ch.RegistrationDue.Before(nextDue.Time)) {
			d := ch.RegistrationDue
			nextDue = &d
		}
	}
	return s.saveProjection(ctx, projection{
		table: "direct_contracts", what: "direct contract " + c.ID, key: col("id", c.ID),
		columns: []column{
			col("workflow_id", c.WorkflowID), col("status", string(c.Status)), col("service_id", c.ServiceID),
			col("agency_org", c.AgencyOrg), col("provider_org", c.ProviderOrg), col("title", c.Title),
			col("amount_krw", int64(c.AmountKRW)), dateCol("contracted_on", &c.ContractedOn),
			dateCol("period_from", &c.PeriodFrom), dateCol("period_to", &c.PeriodTo),
			col("registered_at", c.RegisteredAt), dateCol("registration_due", &c.RegistrationDue),
			col("late", c.Late), dateCol("next_change_due", nextDue), col("closes_at", c.ClosesAt),
			col("closed_at", c.ClosedAt),
		},
		version: c.Version(), doc: c,
		audit: auditCase{"contract", c.ID, c.WorkflowID}, steps: c.Steps,
		onWritten: func(tx *gorm.DB) error {
			return tx.Exec(`
				INSERT INTO contracts (id, method, order_id, service_id, agency_org, provider_org, title,
					amount_krw, contracted_on, created_at)
				VALUES (?, 'direct', NULL, ?, ?, ?, ?, ?, ?::date, ?)
				ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, amount_krw = EXCLUDED.amount_krw`,
				c.ID, c.ServiceID, c.AgencyOrg, c.ProviderOrg, c.Title, int64(c.AmountKRW),
				dateToDB(&c.ContractedOn), createdAt(c.RegisteredAt)).Error
		},
	})
}
