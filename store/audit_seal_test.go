package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/store"
)

// A writer that died between its commit and its seal leaves its steps staged: the next
// seal, whoever runs it, chains them first.
func TestAudit_StagedStepsOfADeadWriterAreSealed(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	ctx := context.Background()
	sv := serviceOf(t, s, "SVC-0001")
	if err := s.DB().Exec(`INSERT INTO audit_pending (case_type, case_id, workflow_id, step_no, action,
		actor_sub, actor_role, actor_org, at, status_before, status_after, note, request_id, rule_versions, recorded_at)
		VALUES ('order', 'ORD-2026-777001', 'order-ORD-2026-777001', 1, 'requested', 'kim.agency', 'agency',
		'AG-001', now(), '', 'proposal_requested', '', NULL, '2024-01-01', now())`).Error; err != nil {
		t.Fatal(err)
	}
	v := orderVersions(t, sv, "ORD-2026-777002")
	if err := s.SaveOrder(ctx, v[1]); err != nil {
		t.Fatal(err)
	}
	rows := requireChain(t, s, 1+len(v[1].Steps))
	if rows[0].WorkflowID != "order-ORD-2026-777001" {
		t.Fatalf("first row is %s step %d, want the staged step of order-ORD-2026-777001", rows[0].WorkflowID, rows[0].StepNo)
	}
	var left int64
	if err := s.DB().Raw(`SELECT count(*) FROM audit_pending`).Scan(&left).Error; err != nil || left != 0 {
		t.Fatalf("%d steps left staged (%v)", left, err)
	}
}

// TestAudit_UnsealedLag: the sealer's lag reads what is staged and how long its oldest step
// has waited; nothing staged is zero, whatever the clock says.
func TestAudit_UnsealedLag(t *testing.T) {
	t.Parallel()
	s := seeded(t)
	now := time.Now()
	if n, lag, err := s.AuditUnsealed(context.Background(), now); err != nil || n != 0 || lag != 0 {
		t.Fatalf("nothing staged: %d steps, %v (%v)", n, lag, err)
	}
	rollback := errors.New("rollback")
	err := s.DB().Transaction(func(tx *gorm.DB) error {
		for i, ago := range []time.Duration{10 * time.Minute, time.Minute} {
			if err := tx.Exec(`INSERT INTO audit_pending (case_type, case_id, workflow_id, step_no, action,
				actor_sub, actor_role, actor_org, at, status_before, status_after, note, request_id, rule_versions, recorded_at)
				VALUES ('order', 'ORD-2026-777101', 'order-ORD-2026-777101', ?, 'requested', 'kim.agency', 'agency',
				'AG-001', ?, '', 'proposal_requested', '', NULL, '2024-01-01', ?)`, i+1, now.Add(-ago), now.Add(-ago)).Error; err != nil {
				return err
			}
		}
		n, lag, err := store.AuditUnsealedIn(tx, now)
		if err != nil || n != 2 || lag.Round(time.Second) != 10*time.Minute {
			t.Errorf("two staged, the oldest 10 minutes ago: %d steps, %v (%v)", n, lag, err)
		}
		return rollback
	})
	if !errors.Is(err, rollback) {
		t.Fatal(err)
	}
}
