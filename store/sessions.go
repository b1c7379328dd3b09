package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// RevokeSession lists a web session as signed out until expiresAt, when its cookie stops
// being accepted anyway. Entries past their expiry are forgotten here rather than by a
// scheduled job: sign-outs are few, and the table then never holds more than a working
// day of them.
func (s *Store) RevokeSession(ctx context.Context, sessionID string, expiresAt time.Time) error {
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`DELETE FROM ui_session_revocations WHERE expires_at < now()`).Error; err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO ui_session_revocations (session_id, expires_at) VALUES (?, ?)
			ON CONFLICT (session_id) DO NOTHING`, sessionID, expiresAt).Error
	})
	if err != nil {
		return fmt.Errorf("revoke session: %w", err)
	}
	return nil
}

// SessionRevoked reports whether the session was signed out.
func (s *Store) SessionRevoked(ctx context.Context, sessionID string) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Raw(`SELECT count(*) FROM ui_session_revocations WHERE session_id = ?`, sessionID).
		Scan(&n).Error
	if err != nil {
		return false, fmt.Errorf("read session revocation: %w", err)
	}
	return n > 0, nil
}
