package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
)

// ReadOrigin is where a read came from: the request's ID and the client's address.
type ReadOrigin struct{ RequestID, ClientIP string }

// RecordPersonReads notes that by was shown the records of subjects, in the list or one
// record (action), by the request from.
func (s *Store) RecordPersonReads(ctx context.Context, subjects []string, action string, by models.Actor, from ReadOrigin, at time.Time) error {
	if len(subjects) == 0 {
		return nil
	}
	rows := make([]string, len(subjects))
	args := make([]any, 0, len(subjects)*8)
	for i, sub := range subjects {
		rows[i] = "(?, ?, ?, ?, ?, ?, ?, ?)"
		args = append(args, sub, action, by.Sub, string(by.Role), by.Org, from.RequestID, from.ClientIP, at)
	}
	err := s.db.WithContext(ctx).Exec(`INSERT INTO person_reads (subject_sub, action, actor_sub, actor_role, actor_org, request_id, client_ip, read_at)
		VALUES `+strings.Join(rows, ", "), args...).Error
	if err != nil {
		return fmt.Errorf("record reads of %d people: %w", len(subjects), err)
	}
	return nil
}

// PersonReadFilter selects reads of personal data; zero values mean "any". From and To
// bound the read's time: From included, To excluded.
type PersonReadFilter struct {
	Subject, Actor string
	From, To       time.Time
}

func (f PersonReadFilter) where(tx *gorm.DB) *gorm.DB {
	tx = where(tx, eq("subject_sub", f.Subject), eq("actor_sub", f.Actor))
	if !f.From.IsZero() {
		tx = tx.Where("read_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		tx = tx.Where("read_at < ?", f.To)
	}
	return tx
}

// PersonReads is a keyset page of the reads of one person's record, newest first.
func (s *Store) PersonReads(ctx context.Context, subject string, size int, token string) ([]models.PersonRead, string, error) {
	return s.ListPersonReads(ctx, PersonReadFilter{Subject: subject}, size, token)
}

// ListPersonReads is a keyset page of the reads f selects, newest first.
func (s *Store) ListPersonReads(ctx context.Context, f PersonReadFilter, size int, token string) ([]models.PersonRead, string, error) {
	q := f.where(s.db.WithContext(ctx).Table("person_reads")).
		Select("id, subject_sub, action, actor_sub, actor_role, actor_org, request_id, client_ip, read_at")
	return newestFirst(q, "read_at", size, token, "list reads of personal data",
		func(r personReadRow) (time.Time, int64) { return r.ReadAt, r.ID },
		func(r personReadRow) models.PersonRead {
			return models.PersonRead{Subject: r.SubjectSub, Action: r.Action, Sub: r.ActorSub, Role: models.Role(r.ActorRole),
				Org: r.ActorOrg, RequestID: r.RequestID, ClientIP: r.ClientIP, ReadAt: r.ReadAt.In(models.Seoul)}
		})
}

// PersonReaders is, for the reads f selects, each reader with how many records they were
// shown and of how many people, the most first (at most limit readers): where an auditor's
// monthly look at the log begins, an operator who read far more than their work asks for.
func (s *Store) PersonReaders(ctx context.Context, f PersonReadFilter, limit int) ([]models.PersonReader, error) {
	var out []models.PersonReader
	err := f.where(s.db.WithContext(ctx).Table("person_reads")).
		Select("actor_sub AS sub, actor_role AS role, actor_org AS org, count(*) AS reads, count(DISTINCT subject_sub) AS people, max(read_at) AS last_read_at").
		Group("actor_sub, actor_role, actor_org").Order("reads DESC, sub").Limit(limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("count the readers of personal data: %w", err)
	}
	for i := range out {
		out[i].LastReadAt = out[i].LastReadAt.In(models.Seoul)
	}
	return out, nil
}

// personReadRow is a row of person_reads.
type personReadRow struct {
	ID                                                 int64
	SubjectSub, Action                                 string
	ActorSub, ActorRole, ActorOrg, RequestID, ClientIP string
	ReadAt                                             time.Time
}
