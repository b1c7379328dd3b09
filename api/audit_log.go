package api

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// AuditEntry is one row of the decision log as served: every field its hash covers, under
// the names and in the forms the hash covers them (store/audit.go), so that an auditor can
// recompute the chain from the rows alone, besides asking GET /api/v1/audit/verify.
type AuditEntry struct {
	Seq          int64   `json:"seq"`
	CaseType     string  `json:"case_type"`
	CaseID       string  `json:"case_id"`
	WorkflowID   string  `json:"workflow_id"`
	StepNo       int     `json:"step_no"`
	Action       string  `json:"action"`
	ActorSub     string  `json:"actor_sub"`
	ActorRole    string  `json:"actor_role"`
	ActorOrg     string  `json:"actor_org"`
	At           string  `json:"at"`
	StatusBefore string  `json:"status_before"`
	StatusAfter  string  `json:"status_after"`
	Note         string  `json:"note"`
	RequestID    *string `json:"request_id"`
	RuleVersions string  `json:"rule_versions"`
	RecordedAt   string  `json:"recorded_at"`
	PrevHash     string  `json:"prev_hash"`
	Hash         string  `json:"hash"`
}

func auditEntryOf(r store.AuditRecord) AuditEntry {
	return AuditEntry{Seq: r.Seq, CaseType: r.CaseType, CaseID: r.CaseID, WorkflowID: r.WorkflowID, StepNo: r.StepNo,
		Action: r.Action, ActorSub: r.ActorSub, ActorRole: r.ActorRole, ActorOrg: r.ActorOrg,
		At: r.At.UTC().Format(store.AuditTimeLayout), StatusBefore: r.StatusBefore, StatusAfter: r.StatusAfter,
		Note: r.Note, RequestID: r.RequestID, RuleVersions: r.RuleVersions,
		RecordedAt: r.RecordedAt.UTC().Format(store.AuditTimeLayout), PrevHash: r.PrevHash, Hash: r.Hash}
}

// maxActorLen bounds ?actor=: a sub is short, and the value goes into a query.
const maxActorLen = 200

// AuditFilterOf reads the decision log's filters (actor, case_type, and the period from–to,
// days in Asia/Seoul, both included) through get, naming each bad one in fe: GET
// /api/v1/audit/log reads its query so, and the auditor's page its form.
func AuditFilterOf(get func(string) string, fe *models.Fields) store.AuditFilter {
	var f store.AuditFilter
	f.ActorSub = strings.TrimSpace(get("actor"))
	if utf8.RuneCountInString(f.ActorSub) > maxActorLen {
		fe.AddText("actor", models.Msg("invalid.at_most_chars", "max", strconv.Itoa(maxActorLen)))
	}
	if f.CaseType = get("case_type"); f.CaseType != "" && !slices.Contains(store.AuditCaseTypes, f.CaseType) {
		fe.AddText("case_type", models.Msg("invalid.audit_case_type", "types", strings.Join(store.AuditCaseTypes, ", ")))
	}
	from := parsedOf(get, fe, "from", models.ParseDate)
	to := parsedOf(get, fe, "to", models.ParseDate)
	if !from.IsZero() {
		f.From = from.Time
	}
	if !to.IsZero() {
		if !from.IsZero() && to.Before(from.Time) {
			fe.AddText("to", models.Msg("invalid.period_reversed", "from", from.String()))
		}
		f.To = models.AddCalendarDays(to.Time, 1) // the whole of the last day
	}
	return f
}

// handleAuditLog lists the decision log newest first, with its filters.
func handleAuditLog(st *store.Store) gin.HandlerFunc {
	return listOf(func(c *gin.Context, fe *models.Fields) store.AuditFilter {
		return AuditFilterOf(c.Query, fe)
	}, func(ctx context.Context, _ models.Actor, f store.AuditFilter, size int, token string) ([]AuditEntry, string, error) {
		f.PageSize, f.PageToken = size, token
		rows, next, err := st.ListAudit(ctx, f)
		out := make([]AuditEntry, len(rows))
		for i, r := range rows {
			out[i] = auditEntryOf(r)
		}
		return out, next, err
	})
}
