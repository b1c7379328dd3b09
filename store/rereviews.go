package store

import (
	"context"
	"fmt"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// RereviewClaim is the ground of one re-review, named by its case ref.
type RereviewClaim struct {
	CaseRef   string
	ServiceID string
	From      models.RereviewFrom
	Ground    string
}

// ClaimRereview returns the application ID of the re-review of claim.CaseRef, drawing a new
// one (NextApplicationID) only if there is none yet; created says whether this call made
// the claim. Two calls for the same case ref, at once or one after the other, get the same
// application ID: the unique key decides, the loser reads the winner's row.
func (s *Store) ClaimRereview(ctx context.Context, c RereviewClaim, now time.Time) (appID string, created bool, err error) {
	if c.CaseRef == "" || c.ServiceID == "" {
		return "", false, models.Errorf(models.EINVALID, "a re-review needs a case ref and a service")
	}
	if existing, err := s.rereviewOf(ctx, c.CaseRef); err != nil || existing != "" {
		return existing, false, err
	}
	id, err := s.NextApplicationID(ctx, now)
	if err != nil {
		return "", false, err
	}
	res := s.db.WithContext(ctx).Exec(`
		INSERT INTO rereviews (case_ref, service_id, application_id, from_process, ground, created_at)
		VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (case_ref) DO NOTHING`, c.CaseRef, c.ServiceID, id, string(c.From), c.Ground, now)
	if res.Error != nil {
		return "", false, fmt.Errorf("claim re-review %s: %w", c.CaseRef, res.Error)
	}
	if res.RowsAffected == 1 {
		return id, true, nil
	}
	existing, err := s.rereviewOf(ctx, c.CaseRef)
	return existing, false, err
}

// RedrawRereview moves the re-review of caseRef from the application ID taken, which turned
// out to be another case's workflow (the database restored behind Temporal), to a newly
// drawn one, and returns it. A claim that no longer names taken is left alone (an error:
// the activity retries and reads the claim again).
func (s *Store) RedrawRereview(ctx context.Context, caseRef, taken string, now time.Time) (string, error) {
	id, err := s.NextApplicationID(ctx, now)
	if err != nil {
		return "", err
	}
	res := s.db.WithContext(ctx).Exec(`UPDATE rereviews SET application_id = ? WHERE case_ref = ? AND application_id = ?`,
		id, caseRef, taken)
	if res.Error != nil {
		return "", fmt.Errorf("redraw re-review %s: %w", caseRef, res.Error)
	}
	if res.RowsAffected != 1 {
		return "", fmt.Errorf("redraw re-review %s: its claim no longer names %s", caseRef, taken)
	}
	return id, nil
}

// ReleaseRereview lets go of the re-review of caseRef while it still names id, so that the
// next try claims afresh: for a start none of whose tries started a case.
func (s *Store) ReleaseRereview(ctx context.Context, caseRef, id string) error {
	if err := s.db.WithContext(ctx).Exec(`DELETE FROM rereviews WHERE case_ref = ? AND application_id = ? AND outcome IS NULL`,
		caseRef, id).Error; err != nil {
		return fmt.Errorf("release re-review %s: %w", caseRef, err)
	}
	return nil
}

func (s *Store) rereviewOf(ctx context.Context, caseRef string) (string, error) {
	var ids []string
	if err := s.db.WithContext(ctx).Raw(`SELECT application_id FROM rereviews WHERE case_ref = ?`, caseRef).
		Scan(&ids).Error; err != nil {
		return "", fmt.Errorf("read re-review %s: %w", caseRef, err)
	}
	if len(ids) == 0 {
		return "", nil
	}
	return ids[0], nil
}

// SetRereviewOutcome records how a re-review's decision was carried out. The first outcome
// stays: a retry, or a late copy of another, changes nothing.
func (s *Store) SetRereviewOutcome(ctx context.Context, applicationID, outcome string, at time.Time) error {
	err := s.db.WithContext(ctx).Exec(`UPDATE rereviews SET outcome = ?, decided_at = ?
		WHERE application_id = ? AND outcome IS NULL`, outcome, at, applicationID).Error
	if err != nil {
		return fmt.Errorf("set re-review outcome of %s: %w", applicationID, err)
	}
	return nil
}

// RereviewOutcome returns the recorded outcome of a re-review application, "" while open.
func (s *Store) RereviewOutcome(ctx context.Context, applicationID string) (string, error) {
	var out []struct{ Outcome *string }
	if err := s.db.WithContext(ctx).Raw(`SELECT outcome FROM rereviews WHERE application_id = ?`, applicationID).
		Scan(&out).Error; err != nil {
		return "", fmt.Errorf("read re-review outcome of %s: %w", applicationID, err)
	}
	if len(out) == 0 {
		return "", models.Errorf(models.ENOTFOUND, "re-review not found")
	}
	if out[0].Outcome == nil {
		return "", nil
	}
	return *out[0].Outcome, nil
}

// RereviewClaimOf returns the ground a re-review application was started for.
func (s *Store) RereviewClaimOf(ctx context.Context, applicationID string) (RereviewClaim, error) {
	var out []struct {
		CaseRef, ServiceID, FromProcess, Ground string
	}
	if err := s.db.WithContext(ctx).Raw(`SELECT case_ref, service_id, from_process, ground FROM rereviews
		WHERE application_id = ?`, applicationID).Scan(&out).Error; err != nil {
		return RereviewClaim{}, fmt.Errorf("read re-review %s: %w", applicationID, err)
	}
	if len(out) == 0 {
		return RereviewClaim{}, models.Errorf(models.ENOTFOUND, "re-review not found")
	}
	r := out[0]
	return RereviewClaim{CaseRef: r.CaseRef, ServiceID: r.ServiceID, From: models.RereviewFrom(r.FromProcess), Ground: r.Ground}, nil
}
