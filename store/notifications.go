package store

import (
	"context"
	"fmt"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// NotificationsFor is a keyset page of the news addressed to by, newest first: what is
// addressed to their role and organization and what is addressed to them by name
// ("user:<sub>"), the recipients the e-mail is planned for (PlanMailDeliveries), whatever
// they chose to receive by e-mail. The token is the last row's time and key.
func (s *Store) NotificationsFor(ctx context.Context, by models.Actor, size int, token string) ([]models.Notification, string, error) {
	before, beforeKey, err := decodeKeyedToken(token, parseTokenTime)
	if err != nil {
		return nil, "", err
	}
	size = pageSize(size)
	tx := s.db.WithContext(ctx).Table("notifications").
		Where("(to_org = ? OR (to_org = ? AND to_role = ?))", "user:"+by.Sub, by.Org, string(by.Role))
	if beforeKey != "" {
		tx = tx.Where("(created_at, key) < (?, ?)", before, beforeKey)
	}
	var rows []notificationRow
	err = tx.Select(notificationColumns).Order("created_at DESC, key DESC").Limit(size + 1).Scan(&rows).Error
	if err != nil {
		return nil, "", fmt.Errorf("list notifications: %w", err)
	}
	rows, next := keysetPage(rows, size, func(last notificationRow) string {
		return encodeKeyedToken(last.CreatedAt.UTC().Format(time.RFC3339Nano), last.Key)
	})
	out := make([]models.Notification, len(rows))
	for i, r := range rows {
		out[i] = r.model()
	}
	return out, next, nil
}

// notificationColumns are a notificationRow's.
const notificationColumns = "key, to_role, to_org, case_type, case_id, subject, body, " +
	"subject_text::text AS subject_text, body_text::text AS body_text, created_at"

// notificationRow is a notification as read, its keyed texts still jsonb text.
type notificationRow struct {
	Key, ToRole, ToOrg, CaseType, CaseID, Subject, Body string
	SubjectText, BodyText                               *string
	CreatedAt                                           time.Time
}

func (r notificationRow) model() models.Notification {
	return models.Notification{
		Key: r.Key, ToRole: models.Role(r.ToRole), ToOrg: r.ToOrg, CaseType: r.CaseType,
		CaseID: r.CaseID, Subject: r.Subject, Body: r.Body, CreatedAt: r.CreatedAt,
		SubjectText: textFromJSON(r.SubjectText), BodyText: textFromJSON(r.BodyText),
	}
}
