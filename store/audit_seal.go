package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Sealing: a projection write stages its new steps in audit_pending within its own
// transaction, commits, and then a seal runs: under the chain's advisory lock, one
// transaction moves every staged step into audit_log, each with the next seq and its hash.
// Holding the lock through each projection's commit (as the first version did) made every
// decision in the system wait for the flushes of all those queued before it: at ten
// concurrent writers the lock, not the work, set the pace. A seal chains everything staged
// so far, so one flush serves a burst of decisions; it runs in the store's sealer
// (audit_sealer.go), after the writer has answered.

// sealAudit chains every staged step into audit_log, a batch at a time, and returns once
// none is left. A seal that finds nothing staged takes no lock (sealBatch); steps a
// process that died before its sealer ran left staged are chained by the next seal of any
// process, or by VerifyAudit.
func (s *Store) sealAudit(ctx context.Context) error {
	for {
		n, err := s.sealBatch(ctx)
		if err != nil {
			return fmt.Errorf("seal audit log: %w", err)
		}
		if n < auditBatch {
			return nil
		}
	}
}

// sealBatch moves up to auditBatch staged steps, oldest first, into the chain.
func (s *Store) sealBatch(ctx context.Context) (int, error) {
	moved := 0
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Looking before taking the lock spares a writer whose steps another process's
		// seal chained the wait for it.
		var waiting int64
		if err := tx.Raw(`SELECT count(*) FROM (SELECT 1 FROM audit_pending LIMIT 1) w`).Scan(&waiting).Error; err != nil || waiting == 0 {
			return err
		}
		if err := tx.Exec(`SELECT pg_advisory_xact_lock(?)`, auditLockKey).Error; err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		var err error
		moved, err = s.sealLocked(tx)
		return err
	})
	return moved, err
}

// sealLocked moves up to auditBatch staged steps into the chain, in tx, which holds the
// chain's lock.
func (s *Store) sealLocked(tx *gorm.DB) (int, error) {
	var staged []auditRow
	if err := tx.Raw(`DELETE FROM audit_pending WHERE id IN (SELECT id FROM audit_pending ORDER BY id LIMIT ?)
		RETURNING id, `+pendingColumns, auditBatch).Scan(&staged).Error; err != nil {
		return 0, err
	}
	slices.SortFunc(staged, func(a, b auditRow) int { return cmp.Compare(a.PendingID, b.PendingID) })
	rows, err := s.chain(tx, staged)
	if err != nil || len(rows) == 0 {
		return len(staged), err
	}
	n, err := insertAudit(tx, rows)
	if err != nil {
		return 0, err
	}
	if n != int64(len(rows)) {
		// Under the lock the conflict never fires; if it did, the chain would skip a hash,
		// so the seal fails instead.
		return 0, fmt.Errorf("%d of %d steps were logged meanwhile", int64(len(rows))-n, len(rows))
	}
	return len(staged), nil
}

// chain gives the staged steps, in staging order, their seq and hashes after the head,
// leaving out a step the log holds already (staged again by a write that raced its seal).
func (s *Store) chain(tx *gorm.DB, staged []auditRow) ([]auditRow, error) {
	if len(staged) == 0 {
		return nil, nil
	}
	ids, steps := make([]string, 0, len(staged)), make([]any, 0, 2*len(staged))
	for _, r := range staged {
		ids = append(ids, "(?, ?)")
		steps = append(steps, r.WorkflowID, r.StepNo)
	}
	var logged []struct {
		WorkflowID string
		StepNo     int
	}
	if err := tx.Raw(`SELECT workflow_id, step_no FROM audit_log WHERE (workflow_id, step_no) IN (`+
		strings.Join(ids, ", ")+`)`, steps...).Scan(&logged).Error; err != nil {
		return nil, err
	}
	skip := make(map[string]bool, len(logged))
	for _, l := range logged {
		skip[fmt.Sprintf("%s#%d", l.WorkflowID, l.StepNo)] = true
	}
	head, err := auditHeadTx(tx)
	if err != nil {
		return nil, err
	}
	seq, prev := head.Seq, head.Hash
	rows := make([]auditRow, 0, len(staged))
	for _, st := range staged {
		if skip[fmt.Sprintf("%s#%d", st.WorkflowID, st.StepNo)] {
			continue
		}
		r := st
		seq++
		r.Seq, r.PrevHash = seq, prev
		if r.Hash, err = r.chainHash(prev); err != nil {
			return nil, fmt.Errorf("audit %s step %d: %w", r.WorkflowID, r.StepNo, err)
		}
		prev = r.Hash
		rows = append(rows, r)
	}
	return rows, nil
}

// pendingTypes are pendingColumns with their types, for reading rows out of JSON.
const pendingTypes = `case_type text, case_id text, workflow_id text, step_no integer, action text,
	actor_sub text, actor_role text, actor_org text, at timestamptz, status_before text, status_after text,
	note text, request_id text, rule_versions text, recorded_at timestamptz`

const pendingColumns = `case_type, case_id, workflow_id, step_no, action, actor_sub, actor_role,
	actor_org, at, status_before, status_after, note, request_id, rule_versions, recorded_at`

// insertAudit writes chained rows into audit_log in one statement; a step the log holds
// already is left as it is. It returns how many rows it wrote.
func insertAudit(tx *gorm.DB, rows []auditRow) (int64, error) {
	const width = 18
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	var sql strings.Builder
	sql.WriteString(`INSERT INTO audit_log (` + auditColumns + `) VALUES `)
	args := make([]any, 0, len(rows)*width)
	for i, r := range rows {
		if i > 0 {
			sql.WriteString(", ")
		}
		sql.WriteString(one)
		args = append(args, r.Seq, r.CaseType, r.CaseID, r.WorkflowID, r.StepNo, r.Action, r.ActorSub,
			r.ActorRole, r.ActorOrg, r.At, r.StatusBefore, r.StatusAfter, r.Note, r.RequestID, r.RuleVersions,
			r.RecordedAt, r.PrevHash, r.Hash)
	}
	sql.WriteString(` ON CONFLICT (workflow_id, step_no) DO NOTHING`)
	res := tx.Exec(sql.String(), args...)
	return res.RowsAffected, res.Error
}

// AuditUnsealed is how many steps wait staged for the chain and how long the oldest has
// waited at now: the sealer's lag, a few milliseconds while a process runs (it seals after
// each write and sweeps every sealSweep). While a step waits, a database superuser could
// drop it unseen (docs/known-limits.md), so the operators are alerted when it grows.
func (s *Store) AuditUnsealed(ctx context.Context, now time.Time) (int64, time.Duration, error) {
	return auditUnsealed(s.db.WithContext(ctx), now)
}

func auditUnsealed(db *gorm.DB, now time.Time) (int64, time.Duration, error) {
	var r struct {
		N      int64
		Oldest *time.Time
	}
	if err := db.Raw(`SELECT count(*) AS n, min(recorded_at) AS oldest FROM audit_pending`).Scan(&r).Error; err != nil {
		return 0, 0, fmt.Errorf("read the unsealed steps: %w", err)
	}
	if r.Oldest == nil {
		return r.N, 0, nil
	}
	return r.N, max(now.Sub(*r.Oldest), 0), nil
}
