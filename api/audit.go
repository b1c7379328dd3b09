package api

import (
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/store"
)

// AuditHead is the newest row of the hash-chained decision log. Anyone may read and keep
// it: a later log that does not extend to this seq with this hash was changed.
type AuditHead struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
	// At is when the newest row was recorded; null while the log is empty.
	At *time.Time `json:"at"`
}

// AuditVerification is the outcome of recomputing the whole chain.
type AuditVerification struct {
	OK bool `json:"ok"`
	// Checked counts the rows read, the broken one included.
	Checked int64 `json:"checked"`
	// FirstBroken is the seq of the first row that does not hold; null when ok.
	FirstBroken *int64 `json:"first_broken"`
}

func handleAuditHead(st *store.Store) gin.HandlerFunc {
	return ok(func(c *gin.Context) (AuditHead, error) {
		h, err := st.AuditHead(c.Request.Context())
		return AuditHead{Seq: h.Seq, Hash: h.Hash, At: h.At}, err
	})
}

// handleAuditVerify recomputes the chain on request. The store reads it a page at a time,
// so the cost is time, not memory; the reason a row is broken is for the operator's
// `dsmarket audit verify`, not for the answer.
func handleAuditVerify(st *store.Store) gin.HandlerFunc {
	return ok(func(c *gin.Context) (AuditVerification, error) {
		v, err := st.VerifyAudit(c.Request.Context())
		return AuditVerification{OK: v.OK, Checked: v.Checked, FirstBroken: v.FirstBroken}, err
	})
}
