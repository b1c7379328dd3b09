package api

import (
	"context"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
)

// AuditEntry is one row of the decision log as served: every field its hash covers, under
// the names and in the forms the hash covers them (store.AuditEntry), and the row's place in
// the chain, so that an auditor can recompute the chain from the rows alone, besides asking
// GET /api/v1/audit/verify.
type AuditEntry struct {
	store.AuditEntry
	PrevHash string `json:"prev_hash"`
	Hash     string `json:"hash"`
}

func auditEntryOf(r store.AuditRecord) AuditEntry {
	return AuditEntry{AuditEntry: r.Entry(), PrevHash: r.PrevHash, Hash: r.Hash}
}

// maxActorLen bounds ?actor=: a sub is short, and the value goes into a query.
const maxActorLen = 200

// AuditFilterOf reads the decision log's filters (actor, case_type, and the period from–to,
// days in Asia/Seoul, both included) through get, naming each bad one in fe: GET
// /api/v1/audit/log reads its query so, and the auditor's page its form.
func AuditFilterOf(get func(string) string, fe *models.Fields) store.AuditFilter {
	var f store.AuditFilter
	f.ActorSub = subOf(get, fe, "actor")
	if f.CaseType = get("case_type"); f.CaseType != "" && !slices.Contains(store.AuditCaseTypes, f.CaseType) {
		fe.AddText("case_type", models.Msg("invalid.audit_case_type", "types", strings.Join(store.AuditCaseTypes, ", ")))
	}
	f.From, f.To = periodOf(get, fe)
	return f
}

// periodOf reads the days from–to (Asia/Seoul, both included) as the instants that bound
// them, From included and To excluded; zero where a day is not given.
func periodOf(get func(string) string, fe *models.Fields) (from, to time.Time) {
	first := parsedOf(get, fe, "from", models.ParseDate)
	last := parsedOf(get, fe, "to", models.ParseDate)
	if !first.IsZero() {
		from = first.Time
	}
	if !last.IsZero() {
		if !first.IsZero() && last.Before(first.Time) {
			fe.AddText("to", models.Msg("invalid.period_reversed", "from", first.String()))
		}
		to = models.AddCalendarDays(last.Time, 1) // the whole of the last day
	}
	return from, to
}

// subOf reads a filter naming a person by their subject, bounded: the value goes into a
// query.
func subOf(get func(string) string, fe *models.Fields, name string) string {
	sub := strings.TrimSpace(get(name))
	if utf8.RuneCountInString(sub) > maxActorLen {
		fe.AddText(name, models.Msg("invalid.at_most_chars", "max", strconv.Itoa(maxActorLen)))
	}
	return sub
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

// auditCSVHeader names the CSV's columns: AuditEntry's JSON fields, in their order.
var auditCSVHeader = []string{"seq", "case_type", "case_id", "workflow_id", "step_no", "action", "actor_sub", "actor_role",
	"actor_org", "at", "status_before", "status_after", "note", "request_id", "rule_versions", "recorded_at", "prev_hash", "hash"}

func (e AuditEntry) csvRow() []string {
	request := ""
	if e.RequestID != nil {
		request = *e.RequestID
	}
	return []string{strconv.FormatInt(e.Seq, 10), e.CaseType, e.CaseID, e.WorkflowID, strconv.Itoa(e.StepNo), e.Action,
		e.ActorSub, e.ActorRole, e.ActorOrg, e.At, e.StatusBefore, e.StatusAfter, e.Note, request, e.RuleVersions,
		e.RecordedAt, e.PrevHash, e.Hash}
}

// WriteAuditCSV writes every row of the decision log that f selects, newest first, as CSV
// for a spreadsheet: a BOM, the header, one line per step with the columns of GET
// /api/v1/audit/log. It reads the first page before writing anything, so that a caller
// can still answer an error; a failure later cuts the file short and is returned.
func WriteAuditCSV(ctx context.Context, st *store.Store, f store.AuditFilter, w io.Writer) (started bool, err error) {
	f.PageSize = models.MaxPageSize
	return WriteCSVPages(w, auditCSVHeader, func(token string) ([]store.AuditRecord, string, error) {
		f.PageToken = token
		return st.ListAudit(ctx, f)
	}, func(r store.AuditRecord) []string { return auditEntryOf(r).csvRow() })
}
