package store

import (
	"time"

	"gorm.io/gorm"
)

// AuditUnsealedIn is Store.AuditUnsealed inside tx, so that a test sees a step staged by
// its own transaction, which no sealer can take meanwhile.
func AuditUnsealedIn(tx *gorm.DB, now time.Time) (int64, time.Duration, error) {
	return auditUnsealed(tx, now)
}

// SetNow fixes the store's clock, so that tests of CSAP validity do not age.
func SetNow(s *Store, now func() time.Time) { s.now = now }
