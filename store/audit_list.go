package store

import (
	"context"
	"fmt"
	"strconv"
	"time"
)

// AuditRecord is one row of the decision log as an auditor reads it: the step, who took
// it, and its place in the chain.
type AuditRecord struct {
	Seq          int64
	CaseType     string
	CaseID       string
	WorkflowID   string
	StepNo       int
	Action       string
	ActorSub     string
	ActorRole    string
	ActorOrg     string
	At           time.Time
	StatusBefore string
	StatusAfter  string
	Note         string
	RequestID    *string
	RuleVersions string
	RecordedAt   time.Time
	PrevHash     string
	Hash         string
}

// AuditFilter selects rows of the decision log; zero values mean "any". From and To bound
// the step's time (at): From included, To excluded.
type AuditFilter struct {
	ActorSub  string
	CaseType  string
	From, To  time.Time
	PageSize  int
	PageToken string
}

// ListAudit lists the decision log newest first (by seq), one page at a time; the first
// page seals the steps staged but not yet chained, so that a step whose writer has
// answered is listed. It reads the log as stored; VerifyAudit says whether the stored rows hold.
func (s *Store) ListAudit(ctx context.Context, f AuditFilter) ([]AuditRecord, string, error) {
	before, err := decodePageToken(f.PageToken)
	if err != nil {
		return nil, "", err
	}
	var last int64
	if before != "" {
		if last, err = strconv.ParseInt(before, 10, 64); err != nil || last < 1 {
			return nil, "", errPageToken()
		}
	}
	if last == 0 {
		// A later page holds rows older than its first: only the first can miss a step
		// still staged.
		if err := s.sealAudit(ctx); err != nil {
			return nil, "", err
		}
	}
	size := pageSize(f.PageSize)
	tx := where(s.db.WithContext(ctx).Table("audit_log").Select(auditColumns),
		eq("actor_sub", f.ActorSub), eq("case_type", f.CaseType))
	if last > 0 {
		tx = tx.Where("seq < ?", last)
	}
	if !f.From.IsZero() {
		tx = tx.Where("at >= ?", f.From)
	}
	if !f.To.IsZero() {
		tx = tx.Where("at < ?", f.To)
	}
	var rows []AuditRecord
	if err := tx.Order("seq DESC").Limit(size + 1).Scan(&rows).Error; err != nil {
		return nil, "", fmt.Errorf("list the audit log: %w", err)
	}
	page, next := keysetPage(rows, size, func(r AuditRecord) string { return encodePageToken(strconv.FormatInt(r.Seq, 10)) })
	for i := range page {
		page[i].At, page[i].RecordedAt = page[i].At.UTC(), page[i].RecordedAt.UTC()
	}
	return page, next, nil
}

// AuditCaseTypes are the kinds of case the log records steps of (auditCase.Type).
var AuditCaseTypes = []string{"application", "change_request", "committee_session", "contract", "order", "quality", "search", "service"}
