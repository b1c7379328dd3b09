package store

import (
	"encoding/json"
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
