package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
)

// The e-mail side of the notifications outbox (docs/email.md). A notification is planned
// once into one mail_deliveries row per recipient; a sender claims one due row at a time
// with FOR UPDATE SKIP LOCKED and records what the SMTP server said in the transaction that
// holds the claim, so two senders never send the same row and a sender that dies before
// recording leaves the row pending for the next one.

// MailMessageIDDomain is the right-hand side of every Message-ID the sender writes.
const MailMessageIDDomain = "dsmarket"

// MailMessageID is the Message-ID (without angle brackets) of the message of notification
// key to recipient sub: the same on every try, so that a copy sent again after a crash is
// recognisable as the same message. PlanMailDeliveries computes it in SQL; the two agree.
func MailMessageID(key, sub string) string {
	sum := sha256.Sum256([]byte(key + "\n" + sub))
	return hex.EncodeToString(sum[:]) + "@" + MailMessageIDDomain
}

// MailDelivery is one claimed message: the recipient as planned and the notification.
type MailDelivery struct {
	NotificationKey string
	RecipientSub    string
	RecipientName   string
	Email           string
	Language        string // "ko" or "en"
	MessageID       string
	// Attempts is how many earlier tries the server refused.
	Attempts int
	CaseType string
	CaseID   string
	// Subject and Body are the notification's bilingual text; SubjectText and BodyText the
	// same keyed, for the recipient's language (nil on a notification written before).
	Subject     string
	Body        string
	SubjectText *models.Text `gorm:"-"`
	BodyText    *models.Text `gorm:"-"`
}

// mailDeliveryRow is a claimed delivery as read, its keyed texts still jsonb.
type mailDeliveryRow struct {
	MailDelivery
	SubjectTextJSON *string
	BodyTextJSON    *string
}

// MailOutcome is what became of one try, for DeliverMail to record.
type MailOutcome struct {
	// Sent: the server accepted the message; ServerResponse is its answer (a queue ID).
	Sent           bool
	ServerResponse string
	// Error says why it was not sent. Refused: the server answered and refused it, which
	// counts as an attempt and moves the next one to RetryAt, or gives up (GiveUp) with
	// status failed. Not refused: the server could not be reached; nothing is counted.
	Error   string
	Refused bool
	RetryAt time.Time
	GiveUp  bool
}

// MailDeliveryRecord is a delivery row as it stands, for tests and for operators.
type MailDeliveryRecord struct {
	NotificationKey string
	RecipientSub    string
	Email           string
	Language        string
	MessageID       string
	Status          string // pending, sent, failed
	Attempts        int
	NextAttemptAt   time.Time
	LastAttemptAt   *time.Time
	LastError       string
	ServerResponse  string
	SentAt          *time.Time
	CreatedAt       time.Time
}

// PlanMailDeliveries expands up to limit notifications not planned yet into their
// deliveries, due at now, and returns how many notifications and deliveries it planned.
// The recipients are the active users with an address of the notification's role and
// organization, or the one person a "user:<sub>" organization names, each as far as their
// choice of e-mail notifications admits it (models.EmailAll, EmailMine, EmailNone); a
// notice with its own address (mail_to, models.PersonChangedNotices) goes to the person
// its "user:" or "mail:" names at that address, whatever they chose. Concurrent planners
// skip each other's notifications; a notification with no recipient is planned into none.
func (s *Store) PlanMailDeliveries(ctx context.Context, now time.Time, limit int) (notifications, deliveries int, err error) {
	if limit <= 0 {
		limit = 200
	}
	var counts struct{ Notifications, Deliveries int }
	err = s.db.WithContext(ctx).Raw(`
		WITH due AS (
			SELECT key, to_role, to_org, mail_to FROM notifications
			WHERE mail_planned_at IS NULL
			ORDER BY created_at, key
			LIMIT ?
			FOR UPDATE SKIP LOCKED
		), planned AS (
			INSERT INTO mail_deliveries (notification_key, recipient_sub, email, language, message_id,
				next_attempt_at, created_at)
			SELECT d.key, u.sub, COALESCE(d.mail_to, u.email), u.language,
				encode(sha256(convert_to(d.key || E'\n' || u.sub, 'UTF8')), 'hex') || '@' || ?,
				?, ?
			FROM due d JOIN users u ON CASE
				WHEN d.mail_to IS NOT NULL THEN u.sub = substr(d.to_org, 6)
				WHEN starts_with(d.to_org, 'user:') THEN u.active AND u.email <> '' AND u.sub = substr(d.to_org, 6)
					AND u.email_notifications IN ('all', 'mine')
				ELSE u.active AND u.email <> '' AND u.org = d.to_org AND u.role = d.to_role
					AND u.email_notifications = 'all' END
			ON CONFLICT DO NOTHING
			RETURNING 1
		), marked AS (
			UPDATE notifications n SET mail_planned_at = ? FROM due d WHERE n.key = d.key
			RETURNING 1
		)
		SELECT (SELECT count(*) FROM marked) AS notifications, (SELECT count(*) FROM planned) AS deliveries`,
		limit, MailMessageIDDomain, now, now, now).Scan(&counts).Error
	if err != nil {
		return 0, 0, fmt.Errorf("plan mail deliveries: %w", err)
	}
	return counts.Notifications, counts.Deliveries, nil
}

// DueMail counts the pending deliveries due at now.
func (s *Store) DueMail(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Table("mail_deliveries").
		Where("status = 'pending' AND next_attempt_at <= ?", now).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("count due mail: %w", err)
	}
	return n, nil
}

// DeliverMail claims the earliest pending delivery due at now that no other sender holds,
// calls send with it while holding the claim, and records the outcome in the same
// transaction. It reports whether it claimed one. An error from send rolls the
// transaction back and leaves the row as it was, as a crash would: send returns one when
// it cannot tell what happened (the process is stopping mid-send).
func (s *Store) DeliverMail(ctx context.Context, now time.Time, send func(context.Context, MailDelivery) (MailOutcome, error)) (bool, error) {
	claimed := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var row mailDeliveryRow
		res := tx.Raw(`
			SELECT d.notification_key, d.recipient_sub, COALESCE(u.name, '') AS recipient_name, d.email,
				d.language, d.message_id, d.attempts, n.case_type, n.case_id, n.subject, n.body,
				n.subject_text::text AS subject_text_json, n.body_text::text AS body_text_json
			FROM mail_deliveries d
			JOIN notifications n ON n.key = d.notification_key
			LEFT JOIN users u ON u.sub = d.recipient_sub
			WHERE d.status = 'pending' AND d.next_attempt_at <= ?
			ORDER BY d.next_attempt_at, d.created_at, d.notification_key, d.recipient_sub
			LIMIT 1
			FOR UPDATE OF d SKIP LOCKED`, now).Scan(&row)
		if res.Error != nil {
			return fmt.Errorf("claim mail delivery: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return nil
		}
		claimed = true
		d := row.MailDelivery
		d.SubjectText, d.BodyText = textFromJSON(row.SubjectTextJSON), textFromJSON(row.BodyTextJSON)
		out, err := send(ctx, d)
		if err != nil {
			return err
		}
		return recordMailOutcome(tx, d, out, now)
	})
	return claimed, err
}

func recordMailOutcome(tx *gorm.DB, d MailDelivery, out MailOutcome, now time.Time) error {
	const pk = ` WHERE notification_key = ? AND recipient_sub = ?`
	var err error
	switch {
	case out.Sent:
		err = tx.Exec(`UPDATE mail_deliveries SET status = 'sent', sent_at = ?, last_attempt_at = ?,
			server_response = ?`+pk, now, now, out.ServerResponse, d.NotificationKey, d.RecipientSub).Error
	case out.Refused:
		status := "pending"
		if out.GiveUp {
			status = "failed"
		}
		err = tx.Exec(`UPDATE mail_deliveries SET status = ?, attempts = attempts + 1, last_attempt_at = ?,
			last_error = ?, next_attempt_at = ?`+pk,
			status, now, out.Error, retryAt(out.RetryAt, now), d.NotificationKey, d.RecipientSub).Error
	default:
		err = tx.Exec(`UPDATE mail_deliveries SET last_attempt_at = ?, last_error = ?`+pk,
			now, out.Error, d.NotificationKey, d.RecipientSub).Error
	}
	if err != nil {
		return fmt.Errorf("record mail delivery %s to %s: %w", d.NotificationKey, d.RecipientSub, err)
	}
	return nil
}

func retryAt(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t
}

// RecordMailUnreachable notes on every pending delivery due at now, but those another
// sender holds, that the SMTP server could not be reached: their last error says why
// they wait, and nothing is counted against them.
func (s *Store) RecordMailUnreachable(ctx context.Context, now time.Time, reason string) (int64, error) {
	res := s.db.WithContext(ctx).Exec(`
		UPDATE mail_deliveries SET last_attempt_at = ?, last_error = ?
		WHERE (notification_key, recipient_sub) IN (
			SELECT notification_key, recipient_sub FROM mail_deliveries
			WHERE status = 'pending' AND next_attempt_at <= ?
			FOR UPDATE SKIP LOCKED)`, now, reason, now)
	if res.Error != nil {
		return 0, fmt.Errorf("record mail server unreachable: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// ListMailDeliveries returns the deliveries of one notification ("" for every one), oldest
// first, at most limit (default and cap as for every list).
func (s *Store) ListMailDeliveries(ctx context.Context, notificationKey string, limit int) ([]MailDeliveryRecord, error) {
	tx := where(s.db.WithContext(ctx).Table("mail_deliveries"), eq("notification_key", notificationKey))
	var out []MailDeliveryRecord
	err := tx.Order("created_at, notification_key, recipient_sub").Limit(pageSize(limit)).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list mail deliveries: %w", err)
	}
	return out, nil
}
