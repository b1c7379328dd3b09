package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
)

// The registry (organizations, people, relations) logs every change in directory_changes,
// in the transaction of the change.

// changeRecorded reads a registry object under a row lock (read), applies change, and when
// the result differs (same), writes it (write) and logs the change, all in one transaction.
// It answers the object as changed.
func changeRecorded[T any](db *gorm.DB, kind, id string, by models.Actor, at time.Time, read func(*gorm.DB) (T, error),
	change func(T) (T, error), same func(a, b T) bool, write func(*gorm.DB, T) error) (T, error) {
	var out T
	err := db.Transaction(func(tx *gorm.DB) error {
		before, err := read(tx)
		if err != nil {
			return err
		}
		after, err := change(before)
		if err != nil {
			return err
		}
		out = after
		if same(before, after) {
			return nil
		}
		if err := write(tx, after); err != nil {
			return err
		}
		return recordDirectoryChange(tx, kind, id, before, after, by, at)
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return out, nil
}

// recordDirectoryChange appends who changed what in the registry, with the before and after.
func recordDirectoryChange(tx *gorm.DB, kind, id string, before, after any, by models.Actor, at time.Time) error {
	a, err := json.Marshal(after)
	if err != nil {
		return err
	}
	var b any
	if before != nil {
		raw, err := json.Marshal(before)
		if err != nil {
			return err
		}
		b = string(raw)
	}
	action := "created"
	if before != nil {
		action = "changed"
	}
	return tx.Exec(`INSERT INTO directory_changes (subject_kind, subject_id, action, actor_sub, actor_role, actor_org, at, before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)`, kind, id, action, by.Sub, string(by.Role), by.Org, at, b, string(a)).Error
}

// RegistryChanges is a keyset page of the change log of the subjects of kinds with id,
// newest first: an organization's ("organization"), or a person's with the relations they
// declared ("person", "relation").
func (s *Store) RegistryChanges(ctx context.Context, kinds []string, id string, size int, token string) ([]models.RegistryChange, string, error) {
	return s.ListRegistryChanges(ctx, RegistryChangeFilter{Kinds: kinds, Subject: id}, size, token)
}

// RegistryChangeFilter selects entries of the registry's change log; zero values mean any.
type RegistryChangeFilter struct {
	Kinds []string // of subject: organization, person, relation
	// Subject is the organization's ID or the person's sub, Actor who made the change.
	Subject, Actor string
	From, To       time.Time // To excluded
}

// ListRegistryChanges is a keyset page of the entries of the change log f selects,
// newest first.
func (s *Store) ListRegistryChanges(ctx context.Context, f RegistryChangeFilter, size int, token string) ([]models.RegistryChange, string, error) {
	before, err := decodePageToken(token)
	if err != nil {
		return nil, "", err
	}
	size = pageSize(size)
	tx := where(s.db.WithContext(ctx).Table("directory_changes"), eq("subject_id", f.Subject), eq("actor_sub", f.Actor))
	if len(f.Kinds) > 0 {
		tx = tx.Where("subject_kind IN ?", f.Kinds)
	}
	if !f.From.IsZero() {
		tx = tx.Where("at >= ?", f.From)
	}
	if !f.To.IsZero() {
		tx = tx.Where("at < ?", f.To)
	}
	if before != "" {
		n, err := strconv.ParseInt(before, 10, 64)
		if err != nil {
			return nil, "", errPageToken()
		}
		tx = tx.Where("id < ?", n)
	}
	var rows []registryChangeRow
	err = tx.Select("id, subject_kind, subject_id, action, actor_sub, actor_role, actor_org, at, before::text AS before, after::text AS after").
		Order("id DESC").Limit(size + 1).Scan(&rows).Error
	if err != nil {
		return nil, "", fmt.Errorf("list registry changes: %w", err)
	}
	rows, next := keysetPage(rows, size, func(last registryChangeRow) string {
		return encodePageToken(strconv.FormatInt(last.ID, 10))
	})
	out := make([]models.RegistryChange, len(rows))
	for i, r := range rows {
		var b []byte
		if r.Before != nil {
			b = []byte(*r.Before)
		}
		changes, err := models.RegistryDiff(b, []byte(r.After))
		if err != nil {
			return nil, "", err
		}
		out[i] = models.RegistryChange{ID: r.ID, Subject: r.SubjectKind, SubjectID: r.SubjectID, Action: r.Action,
			By: models.Actor{Sub: r.ActorSub, Role: models.Role(r.ActorRole), Org: r.ActorOrg}, At: r.At, Changes: changes}
	}
	return out, next, nil
}

// registryChangeRow is a row of directory_changes as read, its records as JSON text.
type registryChangeRow struct {
	ID                             int64
	SubjectKind, SubjectID, Action string
	ActorSub, ActorRole, ActorOrg  string
	At                             time.Time
	Before                         *string
	After                          string
}
