package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
)

// Every case kind keeps one projection row: the columns its lists filter and sort on, the
// version the workflow had reached, and the whole case as jsonb. Activities may be retried
// and may finish out of order, so a write replaces the stored row only if it carries a
// newer version: a late retry of an older state never hides a newer one.

// column is one value of a projection row.
type column struct {
	name  string
	value any
	// sqlType casts the placeholder where the parameter is not already of the column's
	// type, such as a date sent as text.
	sqlType string
	// once keeps the value of the first write: the row's later versions do not change it.
	once bool
}

func col(name string, value any) column { return column{name: name, value: value} }

func (c column) as(sqlType string) column {
	c.sqlType = sqlType
	return c
}

func (c column) writtenOnce() column {
	c.once = true
	return c
}

// dateCol writes a calendar date as text, so that no time zone can shift it.
func dateCol(name string, d *models.Date) column { return col(name, dateToDB(d)).as("date") }

// projection describes one write of a case's projection row.
type projection struct {
	table string
	// what names the case in errors, e.g. "order ORD-2026-000001".
	what string
	// key is the conflict target: the row's primary key.
	key     column
	columns []column
	version int
	doc     any
	audit   auditCase
	steps   []models.Step
	// onWritten writes what belongs to the same state as the row (its tasks, its register
	// row). It runs only when the row was written, since otherwise a newer (or this)
	// version is stored already and what it wrote must stay.
	onWritten func(tx *gorm.DB) error
}

// saveProjection upserts p's row under the version guard and logs its steps, in one
// transaction, so that a decision is in the audit log exactly when its projection is.
func (s *Store) saveProjection(ctx context.Context, p projection) error {
	if err := s.writeProjection(ctx, p); err != nil {
		return fmt.Errorf("save %s: %w", p.what, err)
	}
	return nil
}

func (s *Store) writeProjection(ctx context.Context, p projection) error {
	doc, err := json.Marshal(p.doc)
	if err != nil {
		return err
	}
	sql, args := p.upsert(doc)
	return s.writeAudited(ctx, p.audit, func(tx *gorm.DB) ([]models.Step, error) {
		res := tx.Exec(sql, args...)
		if res.Error != nil {
			return nil, res.Error
		}
		if res.RowsAffected > 0 && p.onWritten != nil {
			if err := p.onWritten(tx); err != nil {
				return nil, err
			}
		}
		return p.steps, nil
	})
}

// writeAudited runs write in a transaction that stages the steps it returns for the audit
// log of c, and returns once they are chained: in the same flush when the chain's lock is
// free, after the commit otherwise. The write answers only once its steps are in the
// chain; if the seal fails, the retried write finds them staged and seals again.
func (s *Store) writeAudited(ctx context.Context, c auditCase, write func(tx *gorm.DB) ([]models.Step, error)) error {
	seal := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		steps, err := write(tx)
		if err != nil {
			return err
		}
		if seal, err = stageAudit(tx, c, steps); err != nil || !seal {
			return err
		}
		sealed, err := s.sealIfFree(tx)
		seal = !sealed
		return err
	})
	if err != nil || !seal {
		return err
	}
	return s.sealAudit(ctx)
}

// upsert builds the statement: the key, the columns in the order given, then version,
// updated_at and doc. Table and column names are constants of this package, never input.
func (p projection) upsert(doc []byte) (string, []any) {
	n := len(p.columns) + 4
	names, values, set := make([]string, 0, n), make([]string, 0, n), make([]string, 0, n)
	args := make([]any, 0, n)
	add := func(c column) {
		names = append(names, c.name)
		v := "?"
		if c.sqlType != "" {
			v += "::" + c.sqlType
		}
		values = append(values, v)
		args = append(args, c.value)
	}
	add(p.key)
	for _, c := range p.columns {
		add(c)
		if !c.once {
			set = append(set, c.name)
		}
	}
	add(col("version", p.version))
	names, values = append(names, "updated_at"), append(values, "now()")
	add(col("doc", string(doc)).as("jsonb"))
	set = append(set, "version", "updated_at", "doc")
	for i, name := range set {
		set[i] = name + " = EXCLUDED." + name
	}
	sql := fmt.Sprintf(`INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (%s) DO UPDATE SET %s WHERE %s.version < EXCLUDED.version`,
		p.table, strings.Join(names, ", "), strings.Join(values, ", "), p.key.name, strings.Join(set, ", "), p.table)
	return sql, args
}
