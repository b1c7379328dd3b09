package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
)

// IdempotencyKeyTTL is how long a key is remembered (API.md: the same key from the same
// caller returns the first result); the nightly housekeeping forgets older ones. A client
// retrying a request a month later is no longer retrying.
const IdempotencyKeyTTL = 30 * 24 * time.Hour

func errIdempotencyMismatch() error {
	e := models.Refuse(models.EIDEMPOTENCY, models.Msg("error.idempotency_key_reused"))
	t := models.Msg("invalid.idempotency_key_reused")
	e.Fields = []models.FieldError{{Field: "Idempotency-Key", Message: t.English(), Text: t}}
	return e
}

// ClaimIdempotencyKey binds (scope, caller, key) to the ID of the thing a POST creates.
// The first call stores the ID that newID returns and reports created; a repeat with the
// same requestHash returns the stored ID without calling newID; a repeat with another
// requestHash is an EIDEMPOTENCY error.
//
// No transaction is held while newID runs (it may itself need a connection, and a pool
// full of transactions waiting on one another would deadlock). Instead the row is written
// with INSERT ... ON CONFLICT DO NOTHING, which lets exactly one of several concurrent
// first requests win; the others read the winner's ID. Those losers have called newID
// too, so an ID they drew (an order number, say) is discarded unused: a gap, never a
// second case.
func (s *Store) ClaimIdempotencyKey(ctx context.Context, scope, caller, key, requestHash string,
	newID func(ctx context.Context) (string, error)) (string, bool, error) {
	if id, found, err := lookupIdempotencyKey(s.db.WithContext(ctx), scope, caller, key, requestHash); err != nil || found {
		return id, false, err
	}
	id, err := newID(ctx)
	if err != nil {
		return "", false, err
	}
	return s.ClaimIdempotencyKeyAs(ctx, scope, caller, key, requestHash, id)
}

// ClaimIdempotencyKeyAs is ClaimIdempotencyKey for an ID known before the claim (one that
// costs nothing to draw, as a step's Update ID): it writes first and reads only when the
// key was claimed before, so a first request costs one statement.
func (s *Store) ClaimIdempotencyKeyAs(ctx context.Context, scope, caller, key, requestHash, id string) (string, bool, error) {
	res := s.db.WithContext(ctx).Exec(`
		INSERT INTO idempotency_keys (scope, caller, key, request_hash, resource_id, created_at)
		VALUES (?, ?, ?, ?, ?, now())
		ON CONFLICT (scope, caller, key) DO NOTHING`, scope, caller, key, requestHash, id)
	if res.Error != nil {
		return "", false, fmt.Errorf("claim idempotency key: %w", res.Error)
	}
	if res.RowsAffected == 1 {
		return id, true, nil
	}
	stored, found, err := lookupIdempotencyKey(s.db.WithContext(ctx), scope, caller, key, requestHash)
	if err != nil {
		return "", false, err
	}
	if !found {
		// Purged between our insert and our read: vanishingly rare; let the client retry.
		return "", false, models.Refuse(models.EUNAVAILABLE, models.Msg("error.idempotency_in_progress"))
	}
	return stored, false, nil
}

// IdempotencyKeyID is the ID a caller's key was bound to, if it was: found false when it
// was not; the same key with another request is EIDEMPOTENCY.
func (s *Store) IdempotencyKeyID(ctx context.Context, scope, caller, key, requestHash string) (string, bool, error) {
	return lookupIdempotencyKey(s.db.WithContext(ctx), scope, caller, key, requestHash)
}

func lookupIdempotencyKey(db *gorm.DB, scope, caller, key, requestHash string) (string, bool, error) {
	var rows []struct {
		RequestHash string
		ResourceID  string
	}
	err := db.Table("idempotency_keys").Select("request_hash, resource_id").
		Where("scope = ? AND caller = ? AND key = ?", scope, caller, key).Limit(1).Scan(&rows).Error
	if err != nil {
		return "", false, fmt.Errorf("look up idempotency key: %w", err)
	}
	if len(rows) == 0 {
		return "", false, nil
	}
	if rows[0].RequestHash != requestHash {
		return "", true, errIdempotencyMismatch()
	}
	return rows[0].ResourceID, true, nil
}

// PurgeIdempotencyKeys forgets keys created before olderThan and returns how many. Callers
// should pass a time at least IdempotencyKeyTTL ago.
func (s *Store) PurgeIdempotencyKeys(ctx context.Context, olderThan time.Time) (int64, error) {
	res := s.db.WithContext(ctx).Exec(`DELETE FROM idempotency_keys WHERE created_at < ?`, olderThan)
	if res.Error != nil {
		return 0, fmt.Errorf("purge idempotency keys: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// ReassignIdempotencyKey moves a key's claim from the ID it named to another: a create
// whose drawn ID turned out to be another case's workflow keeps its key for the ID it
// starts instead. A claim that no longer names from is left alone (503: retry).
func (s *Store) ReassignIdempotencyKey(ctx context.Context, scope, caller, key, from, to string) error {
	res := s.db.WithContext(ctx).Exec(`
		UPDATE idempotency_keys SET resource_id = ?
		WHERE scope = ? AND caller = ? AND key = ? AND resource_id = ?`, to, scope, caller, key, from)
	if res.Error != nil {
		return fmt.Errorf("reassign idempotency key: %w", res.Error)
	}
	if res.RowsAffected != 1 {
		return models.Refuse(models.EUNAVAILABLE, models.Msg("error.idempotency_in_progress"))
	}
	return nil
}

// ReleaseIdempotencyKey lets go of a key whose claim still names id, so that its retry
// claims it afresh: for a create none of whose tries started a case.
func (s *Store) ReleaseIdempotencyKey(ctx context.Context, scope, caller, key, id string) error {
	err := s.db.WithContext(ctx).Exec(`
		DELETE FROM idempotency_keys WHERE scope = ? AND caller = ? AND key = ? AND resource_id = ?`,
		scope, caller, key, id).Error
	if err != nil {
		return fmt.Errorf("release idempotency key: %w", err)
	}
	return nil
}
