package store_test

import (
	"context"
	"fmt"
	"testing"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
)

// tamper changes the log as a rogue superuser would: with the triggers switched off for
// one transaction.
func tamper(t *testing.T, s *store.Store, stmt string, args ...any) {
	t.Helper()
	err := s.DB().Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(`SET LOCAL session_replication_role = replica`).Error; err != nil {
			return err
		}
		return tx.Exec(stmt, args...).Error
	})
	if err != nil {
		t.Fatalf("tamper: %v", err)
	}
}

func TestAudit_TamperDetected(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name   string
		stmt   string
		broken int64
	}{
		{"ChangedNote", `UPDATE audit_log SET note = 'nothing happened' WHERE seq = 3`, 3},
		{"ChangedActor", `UPDATE audit_log SET actor_sub = 'someone.else' WHERE seq = 3`, 3},
		{"ChangedTime", `UPDATE audit_log SET at = at + interval '1 microsecond' WHERE seq = 3`, 3},
		{"NewHashForChangedRow", `UPDATE audit_log SET status_after = 'closed', hash = repeat('a', 64) WHERE seq = 3`, 3},
		{"DeletedRow", `DELETE FROM audit_log WHERE seq = 3`, 4},
		{"RelinkedRow", `UPDATE audit_log SET prev_hash = repeat('0', 64) WHERE seq = 4`, 4},
		{"Renumbered", `UPDATE audit_log SET seq = 9 WHERE seq = 6`, 9},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			s := storetest.New(t)
			ctx := context.Background()
			for i := range 3 {
				id := fmt.Sprintf("CS-2024-%04d", i+1)
				if err := s.SaveSession(ctx, newSession(id, day("2024-03-20"), models.SessionOpen, 2)); err != nil {
					t.Fatal(err)
				}
			}
			requireChain(t, s, 6)
			tamper(t, s, c.stmt)
			v, err := s.VerifyAudit(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if v.OK || v.FirstBroken == nil || *v.FirstBroken != c.broken || v.Reason == "" {
				t.Fatalf("VerifyAudit = %+v (first broken %v); want broken at seq %d", v, deref(v.FirstBroken), c.broken)
			}
		})
	}
	// Cutting the log's end leaves a valid shorter chain: only the head published before
	// shows it, which is why outsiders keep the head.
	t.Run("CutTail", func(t *testing.T) {
		t.Parallel()
		s := storetest.New(t)
		ctx := context.Background()
		if err := s.SaveSession(ctx, newSession("CS-2024-0001", day("2024-03-20"), models.SessionOpen, 3)); err != nil {
			t.Fatal(err)
		}
		published := requireChain(t, s, 3)[2]
		tamper(t, s, `DELETE FROM audit_log WHERE seq = 3`)
		h, err := s.AuditHead(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if h.Seq == published.Seq || h.Hash == published.Hash {
			t.Fatalf("head %+v after the cut; the published head was seq %d", h, published.Seq)
		}
	})
}

func deref(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}
