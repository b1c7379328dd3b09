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
	// alongside are the writes of what the same step caused elsewhere, each idempotent by
	// its own key: made in the row's statement, whether or not the row is written.
	alongside []effect
}

// effect is one INSERT of a projection write's alongside, a WITH query of its statement.
type effect struct {
	sql  string
	args []any
}

// saveProjection upserts p's row under the version guard and stages its new steps for the
// audit log, in one statement, so that a decision is staged exactly when its projection is
// written; the store's sealer chains the staged steps just after (audit_sealer.go).
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
	sql, args, err := p.statement(doc)
	if err != nil {
		return err
	}
	var out struct{ Written, Unlogged int64 }
	write := func(db *gorm.DB) error {
		if err := db.Raw(sql, args...).Scan(&out).Error; err != nil {
			return err
		}
		if out.Written > 0 && p.onWritten != nil {
			return p.onWritten(db)
		}
		return nil
	}
	db := s.db.WithContext(ctx)
	if p.onWritten == nil {
		// One statement is its own transaction: one round trip.
		err = write(db)
	} else {
		err = db.Transaction(write)
	}
	if err == nil && out.Unlogged > 0 {
		s.sealSoon()
	}
	return err
}

// statement is the projection write as one statement: the row's upsert under the version
// guard, the staging of the case's steps that the audit log does not hold yet
// (stageStepsSQL) and the alongside writes, reporting whether the row was written and how
// many steps are still to be chained.
func (p projection) statement(doc []byte) (string, []any, error) {
	upsert, args := p.upsert(doc)
	steps, err := stagedSteps(p.audit, p.steps)
	if err != nil {
		return "", nil, err
	}
	sql := `WITH written AS (` + upsert + ` RETURNING 1),
		` + stageStepsSQL
	args = append(args, steps)
	for i, e := range p.alongside {
		sql += fmt.Sprintf(",\n\t\talongside%d AS (%s)", i, e.sql)
		args = append(args, e.args...)
	}
	sql += `
		SELECT (SELECT count(*) FROM written) AS written, (SELECT count(*) FROM unlogged) AS unlogged`
	return sql, args, nil
}

// writeAudited runs write in a transaction that stages the steps it returns for the audit
// log of c, and has them chained after the commit, by the store's sealer (sealSoon): the
// steps are in the log's table exactly when the write is, and the caller does not wait
// for the chain's lock. Whoever reads the chain seals first (AuditHead, VerifyAudit).
func (s *Store) writeAudited(ctx context.Context, c auditCase, write func(tx *gorm.DB) ([]models.Step, error)) error {
	staged := false
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		steps, err := write(tx)
		if err != nil {
			return err
		}
		staged, err = stageAudit(tx, c, steps)
		return err
	})
	if err == nil && staged {
		s.sealSoon()
	}
	return err
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
