package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
)

// NextDirectContractID draws the next direct contract number: CT-<Seoul year of now>-<6
// digits>, from its own sequence (gaps possible, as for orders).
func (s *Store) NextDirectContractID(ctx context.Context, now time.Time) (string, error) {
	var n int64
	if err := s.db.WithContext(ctx).Raw(`SELECT nextval('direct_contract_id_seq')`).Scan(&n).Error; err != nil {
		return "", fmt.Errorf("next direct contract id: %w", err)
	}
	return fmt.Sprintf("CT-%d-%06d", now.In(models.Seoul).Year(), n), nil
}

// SaveDirectContract writes the projection of a direct contract and its row in the contract
// register, in one transaction. As for orders, only a newer version replaces the stored
// one, so a late retry of an older state never hides a newer one; the register follows the
// projection, so it too shows the terms in force.
func (s *Store) SaveDirectContract(ctx context.Context, c *models.DirectContract) error {
	doc, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("save direct contract %s: %w", c.ID, err)
	}
	var nextDue *models.Date
	for _, ch := range c.Changes {
		if ch.Status.Open() && (nextDue == nil || ch.RegistrationDue.Before(nextDue.Time)) {
			d := ch.RegistrationDue
			nextDue = &d
		}
	}
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Exec(`
			INSERT INTO direct_contracts (id, workflow_id, status, service_id, agency_org, provider_org, title,
				amount_krw, contracted_on, period_from, period_to, registered_at, registration_due, late,
				next_change_due, closes_at, closed_at, version, updated_at, doc)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::date, ?::date, ?::date, ?, ?::date, ?, ?::date, ?, ?, ?, now(), ?::jsonb)
			ON CONFLICT (id) DO UPDATE SET
				workflow_id = EXCLUDED.workflow_id, status = EXCLUDED.status, service_id = EXCLUDED.service_id,
				agency_org = EXCLUDED.agency_org, provider_org = EXCLUDED.provider_org, title = EXCLUDED.title,
				amount_krw = EXCLUDED.amount_krw, contracted_on = EXCLUDED.contracted_on,
				period_from = EXCLUDED.period_from, period_to = EXCLUDED.period_to,
				registered_at = EXCLUDED.registered_at, registration_due = EXCLUDED.registration_due,
				late = EXCLUDED.late, next_change_due = EXCLUDED.next_change_due, closes_at = EXCLUDED.closes_at,
				closed_at = EXCLUDED.closed_at, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,
				doc = EXCLUDED.doc
			WHERE direct_contracts.version < EXCLUDED.version`,
			c.ID, c.WorkflowID, string(c.Status), c.ServiceID, c.AgencyOrg, c.ProviderOrg, c.Title,
			int64(c.AmountKRW), dateToDB(&c.ContractedOn), dateToDB(&c.PeriodFrom), dateToDB(&c.PeriodTo),
			c.RegisteredAt, dateToDB(&c.RegistrationDue), c.Late, dateToDB(nextDue), c.ClosesAt, c.ClosedAt,
			c.Version(), string(doc))
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected > 0 { // else a newer (or this) version is already stored
			if err := tx.Exec(`
				INSERT INTO contracts (id, method, order_id, service_id, agency_org, provider_org, title,
					amount_krw, contracted_on, created_at)
				VALUES (?, 'direct', NULL, ?, ?, ?, ?, ?, ?::date, ?)
				ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title, amount_krw = EXCLUDED.amount_krw`,
				c.ID, c.ServiceID, c.AgencyOrg, c.ProviderOrg, c.Title, int64(c.AmountKRW),
				dateToDB(&c.ContractedOn), createdAt(c.RegisteredAt)).Error; err != nil {
				return err
			}
		}
		return appendAudit(tx, auditCase{"contract", c.ID, c.WorkflowID}, c.Steps)
	})
	if err != nil {
		return fmt.Errorf("save direct contract %s: %w", c.ID, err)
	}
	return nil
}

// GetDirectContract returns the stored copy of a direct contract; the workflow holds the
// authoritative state.
func (s *Store) GetDirectContract(ctx context.Context, id string) (*models.DirectContract, error) {
	return getDoc[models.DirectContract](ctx, s, "direct_contracts", "contract", id)
}

// DirectContractFilter selects direct contracts; zero values mean "any".
type DirectContractFilter struct {
	AgencyOrg   string
	ProviderOrg string
	Status      models.DirectContractStatus
	PageSize    int
	PageToken   string
}

// ListDirectContracts lists direct contracts newest first (by ID), one page at a time.
func (s *Store) ListDirectContracts(ctx context.Context, f DirectContractFilter) ([]models.DirectContract, string, error) {
	return listDocs[models.DirectContract](ctx, s, "direct_contracts", "contract", f.PageSize, f.PageToken, func(tx *gorm.DB) *gorm.DB {
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
