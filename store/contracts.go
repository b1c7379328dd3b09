package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

type contractRow struct {
	ID           string
	Method       string
	OrderID      *string
	ServiceID    string
	AgencyOrg    string
	ProviderOrg  string
	Title        string
	AmountKRW    int64 `gorm:"column:amount_krw"`
	ContractedOn *time.Time
	CreatedAt    time.Time
}

// SaveContract registers a contract once: the ID is derived from its order (or chosen by
// the caller for a direct contract), so a retried activity finds the first row and leaves
// it as it was.
func (s *Store) SaveContract(ctx context.Context, c models.Contract) error {
	w := contractInsert(c)
	if err := s.db.WithContext(ctx).Exec(w.sql, w.args...).Error; err != nil {
		return fmt.Errorf("save contract %s: %w", c.ID, err)
	}
	return nil
}

// contractInsert is SaveContract's statement.
func contractInsert(c models.Contract) effect {
	var orderID *string
	if c.OrderID != "" {
		orderID = &c.OrderID
	}
	return effect{`INSERT INTO contracts (id, method, order_id, service_id, agency_org, provider_org, title,
			amount_krw, contracted_on, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::date, ?)
		ON CONFLICT (id) DO NOTHING`,
		[]any{c.ID, string(c.Method), orderID, c.ServiceID, c.AgencyOrg, c.ProviderOrg, c.Title,
			int64(c.AmountKRW), dateToDB(&c.ContractedOn), createdAt(c.CreatedAt)}}
}

// GetContract returns one contract.
func (s *Store) GetContract(ctx context.Context, id string) (models.Contract, error) {
	var r contractRow
	if err := s.db.WithContext(ctx).Table("contracts").Where("id = ?", id).Take(&r).Error; err != nil {
		return models.Contract{}, notFound(err, models.Msg("error.case_id_not_found", "noun", "case.contract", "id", id))
	}
	c := models.Contract{
		ID: r.ID, Method: models.ContractMethod(r.Method), ServiceID: r.ServiceID,
		AgencyOrg: r.AgencyOrg, ProviderOrg: r.ProviderOrg, Title: r.Title,
		AmountKRW: models.KRW(r.AmountKRW), CreatedAt: r.CreatedAt,
	}
	if r.OrderID != nil {
		c.OrderID = *r.OrderID
	}
	if d := dateFromDB(r.ContractedOn); d != nil {
		c.ContractedOn = *d
	}
	return c, nil
}

// SaveNotification puts a message in the outbox once per Key; a retried activity that
// sends it again changes nothing. The keyed subject and body, when the workflow gave them,
// are kept beside the bilingual ones for the e-mail in the recipient's language.
func (s *Store) SaveNotification(ctx context.Context, n models.Notification) error {
	_, err := s.QueueNotification(ctx, n)
	return err
}

// QueueNotification is SaveNotification that says whether the message is new: false when
// a message of its key was queued before (a night's reminders run twice, say).
func (s *Store) QueueNotification(ctx context.Context, n models.Notification) (bool, error) {
	w, err := notificationInsert(n)
	var queued int64
	if err == nil {
		res := s.db.WithContext(ctx).Exec(w.sql, w.args...)
		err, queued = res.Error, res.RowsAffected
	}
	if err != nil {
		return false, fmt.Errorf("save notification %s: %w", n.Key, err)
	}
	return queued == 1, nil
}

// notificationInsert is SaveNotification's statement.
func notificationInsert(n models.Notification) (effect, error) {
	if n.Key == "" {
		return effect{}, invalidField("key", "is required")
	}
	subject, err := textJSON(n.SubjectText)
	if err != nil {
		return effect{}, err
	}
	body, err := textJSON(n.BodyText)
	if err != nil {
		return effect{}, err
	}
	return effect{`INSERT INTO notifications (key, to_role, to_org, case_type, case_id, subject, body, subject_text, body_text, created_at, mail_to)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, NULLIF(?, ''))
		ON CONFLICT (key) DO NOTHING`,
		[]any{n.Key, string(n.ToRole), n.ToOrg, n.CaseType, n.CaseID, n.Subject, n.Body, subject, body,
			createdAt(n.CreatedAt), n.MailTo}}, nil
}

// ListNotifications returns the newest messages to toOrg ("" for every organization, for
// the operator and the auditor), at most limit (default and cap as for every list).
func (s *Store) ListNotifications(ctx context.Context, toOrg string, limit int) ([]models.Notification, error) {
	tx := where(s.db.WithContext(ctx).Table("notifications"), eq("to_org", toOrg))
	var rows []notificationRow
	err := tx.Select(notificationColumns).Order("created_at DESC, key DESC").Limit(pageSize(limit)).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	out := make([]models.Notification, len(rows))
	for i, r := range rows {
		out[i] = r.model()
	}
	return out, nil
}

// textJSON is t for a jsonb column, nil (NULL) without one.
func textJSON(t *models.Text) (any, error) {
	if t == nil {
		return nil, nil
	}
	b, err := json.Marshal(t)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// textFromJSON reads a keyed text of a jsonb column. NULL, or a value that is not a text,
// is nil: the reader then shows the bilingual string stored beside it.
func textFromJSON(raw *string) *models.Text {
	if raw == nil {
		return nil
	}
	var t models.Text
	if err := json.Unmarshal([]byte(*raw), &t); err != nil || (t.Key == "" && t.Args == nil) {
		return nil
	}
	return &t
}

// createdAt keeps the caller's timestamp (the workflow's time, deterministic on replay)
// and falls back to the current time when there is none.
func createdAt(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now().UTC()
	}
	return t
}
