package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
)

// Every kind of case numbers its cases from a sequence of its own.

// nextCaseID draws the next number of a kind of case from its sequence seq and writes it
// in format after the Seoul year of now. Numbers are unique but may have gaps: a drawn
// number whose case was never created is not reused.
func (s *Store) nextCaseID(ctx context.Context, noun, seq, format string, now time.Time) (string, error) {
	n, err := s.nextval(ctx, seq)
	if err != nil {
		return "", fmt.Errorf("next %s id: %w", noun, err)
	}
	return fmt.Sprintf(format, now.In(models.Seoul).Year(), n), nil
}

// nextval draws from one of the schema's sequences; seq is always a constant of this package.
func (s *Store) nextval(ctx context.Context, seq string) (int64, error) {
	return nextvalTx(s.db.WithContext(ctx), seq)
}

func nextvalTx(tx *gorm.DB, seq string) (int64, error) {
	var n int64
	if err := tx.Raw(`SELECT nextval(?::regclass)`, seq).Scan(&n).Error; err != nil {
		return 0, err
	}
	return n, nil
}

// NextOrderID draws the next order number: ORD-<Seoul year of now>-<6 digits>.
func (s *Store) NextOrderID(ctx context.Context, now time.Time) (string, error) {
	return s.nextCaseID(ctx, "order", "order_id_seq", "ORD-%d-%06d", now)
}

// NextApplicationID draws the next application number: APP-<Seoul year of now>-<6 digits>.
func (s *Store) NextApplicationID(ctx context.Context, now time.Time) (string, error) {
	return s.nextCaseID(ctx, "application", "application_id_seq", "APP-%d-%06d", now)
}

// NextSessionID draws the next committee session number: CS-<Seoul year of now>-<4 digits>.
func (s *Store) NextSessionID(ctx context.Context, now time.Time) (string, error) {
	return s.nextCaseID(ctx, "session", "session_id_seq", "CS-%d-%04d", now)
}

// NextDirectContractID draws the next direct contract number: CT-<Seoul year of now>-<6
// digits>.
func (s *Store) NextDirectContractID(ctx context.Context, now time.Time) (string, error) {
	return s.nextCaseID(ctx, "direct contract", "direct_contract_id_seq", "CT-%d-%06d", now)
}

// NextChangeRequestID draws the next change request number: CR-<Seoul year>-<6 digits>.
func (s *Store) NextChangeRequestID(ctx context.Context, now time.Time) (string, error) {
	return s.nextCaseID(ctx, "change request", "change_request_id_seq", "CR-%d-%06d", now)
}
