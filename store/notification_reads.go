package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// NotificationsRead counts the news addressed to by (NotificationsFor's) that is newer than
// what they have read, at most models.MaxUnread of it: a count is for a badge, and a person
// who never reads would otherwise make every page count their whole history.
func (s *Store) NotificationsRead(ctx context.Context, by models.Actor) (models.NotificationsRead, error) {
	var row struct {
		Unread      int
		ReadThrough sql.NullTime
	}
	err := s.db.WithContext(ctx).Raw(`
		WITH marker AS (
			SELECT read_through FROM notification_reads WHERE sub = ? AND role = ? AND org = ?)
		SELECT (SELECT read_through FROM marker) AS read_through,
		       (SELECT count(*) FROM (
		            SELECT 1 FROM notifications
		             WHERE (to_org = ? OR (to_org = ? AND to_role = ?))
		               AND created_at > COALESCE((SELECT read_through FROM marker), '-infinity')
		             LIMIT ?) AS newer) AS unread`,
		by.Sub, string(by.Role), by.Org, "user:"+by.Sub, by.Org, string(by.Role), models.MaxUnread).
		Scan(&row).Error
	if err != nil {
		return models.NotificationsRead{}, fmt.Errorf("count unread notifications: %w", err)
	}
	out := models.NotificationsRead{Unread: row.Unread}
	if row.ReadThrough.Valid {
		t := row.ReadThrough.Time
		out.ReadThrough = &t
	}
	return out, nil
}

// MarkNotificationsRead records that by has read their news up to through. The marker
// only moves forward, so that a page left open in another tab, read later, does not make
// news read since unread again.
func (s *Store) MarkNotificationsRead(ctx context.Context, by models.Actor, through, now time.Time) error {
	err := s.db.WithContext(ctx).Exec(`
		INSERT INTO notification_reads (sub, role, org, read_through, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (sub, role, org) DO UPDATE
		   SET read_through = GREATEST(notification_reads.read_through, EXCLUDED.read_through),
		       updated_at = EXCLUDED.updated_at`,
		by.Sub, string(by.Role), by.Org, through, now).Error
	if err != nil {
		return fmt.Errorf("mark notifications read: %w", err)
	}
	return nil
}
