package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/dsmarket/dsmarket/models"
)

// The audit log (audit_log, migration 00008) holds every step of every case once, in the
// order the projections wrote them, each row chained to the one before:
//
//	hash = hex(sha256(prev_hash || canonical))
//
// prev_hash is the previous row's hash as 64 lower-case hex characters (64 zeros before
// the first row) and canonical is the row's canonical JSON: one compact object with the
// fields of AuditEntry in their order, strings escaped as Go's encoding/json escapes them
// without HTML escaping, no trailing newline, timestamps in UTC with exactly six fractional
// digits (AuditTimeLayout). PostgreSQL keeps microseconds, so times are truncated to the
// microsecond before they are hashed or stored: a row read back hashes to what was written.

// GenesisHash is the prev_hash of the first row, and the head of an empty log.
var GenesisHash = strings.Repeat("0", 64)

// auditLockKey serializes seals ("dsmkaudt"): seq is head + 1, read under this
// transaction-scoped advisory lock, so that seq has no gaps even when a seal rolls back.
const auditLockKey int64 = 0x64736d6b61756474

// AuditTimeLayout writes a row's times as its hash covers them (UTC, microseconds).
const AuditTimeLayout = "2006-01-02T15:04:05.000000Z"

// auditBatch bounds the rows one statement writes and one verification page reads.
const auditBatch = 500

// AuditEntry is the canonical content of a row: every column but prev_hash and hash. The
// field order is the hashed order; never reorder or rename a field, add new ones last.
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
}

// auditRow is a row of audit_log as stored, or of audit_pending as staged.
type auditRow struct {
	AuditRecord
	// PendingID is the staging order of a row of audit_pending (audit_seal.go).
	PendingID int64 `gorm:"column:id"`
}

const auditColumns = `seq, case_type, case_id, workflow_id, step_no, action, actor_sub, actor_role,
	actor_org, at, status_before, status_after, note, request_id, rule_versions, recorded_at, prev_hash, hash`

// Entry is the row's canonical content, which its hash covers; its keys are also the columns of audit_pending,
// which the projection statement reads staged rows from (seq aside).
func (r *AuditRecord) Entry() AuditEntry {
	return AuditEntry{Seq: r.Seq, CaseType: r.CaseType, CaseID: r.CaseID, WorkflowID: r.WorkflowID,
		StepNo: r.StepNo, Action: r.Action, ActorSub: r.ActorSub, ActorRole: r.ActorRole, ActorOrg: r.ActorOrg,
		At: r.At.UTC().Format(AuditTimeLayout), StatusBefore: r.StatusBefore, StatusAfter: r.StatusAfter,
		Note: r.Note, RequestID: r.RequestID, RuleVersions: r.RuleVersions,
		RecordedAt: r.RecordedAt.UTC().Format(AuditTimeLayout)}
}

// chainHash is the row's hash given the hash before it.
func (r *auditRow) chainHash(prev string) (string, error) {
	e := r.Entry()
	var buf bytes.Buffer
	buf.WriteString(prev)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		return "", err
	}
	sum := sha256.Sum256(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
	return hex.EncodeToString(sum[:]), nil
}

// auditCase names the case whose steps a projection write logs. Type is the case type of
// the auditor's history (GET /api/v1/cases/{workflow_id}/history).
type auditCase struct {
	Type, ID, WorkflowID string
}

// stageAudit stages the steps of c that the log does not hold yet, inside tx, the
// transaction that writes c's projection: a decision is staged exactly when its projection
// is written, and the store's sealer chains it (Store.sealAudit) right after the commit.
// Every write of a case carries its whole timeline and timelines only grow, so a retried
// write, or a late write of an older version (a prefix), stages nothing. It reports whether
// a seal is due: some step of c is not in the chain yet.
func stageAudit(tx *gorm.DB, c auditCase, steps []models.Step) (bool, error) {
	if len(steps) == 0 {
		return false, nil
	}
	staged, err := stagedSteps(c, steps)
	if err != nil {
		return false, err
	}
	var unlogged int64
	if err := tx.Raw(`WITH `+stageStepsSQL+` SELECT count(*) FROM unlogged`, staged).Scan(&unlogged).Error; err != nil {
		return false, fmt.Errorf("audit %s: %w", c.WorkflowID, err)
	}
	return unlogged > 0, nil
}

// stageStepsSQL is the staging as WITH queries, for stageAudit and for a projection's
// statement: of the steps given as one JSON parameter (stagedSteps), those the log does not
// hold (unlogged) go to audit_pending; a step staged by an earlier try of the same write
// stays as that try staged it.
const stageStepsSQL = `steps AS (SELECT * FROM jsonb_to_recordset(?::jsonb) AS s(` + pendingTypes + `)),
		unlogged AS (SELECT * FROM steps s WHERE NOT EXISTS (
			SELECT 1 FROM audit_log l WHERE l.workflow_id = s.workflow_id AND l.step_no = s.step_no)),
		staged AS (INSERT INTO audit_pending (` + pendingColumns + `) SELECT ` + pendingColumns + ` FROM unlogged
			ON CONFLICT (workflow_id, step_no) DO NOTHING)`

// stagedSteps is stageStepsSQL's parameter: c's steps as their canonical entries.
func stagedSteps(c auditCase, steps []models.Step) (string, error) {
	rows := auditRows(c, steps)
	entries := make([]AuditEntry, len(rows))
	for i := range rows {
		entries[i] = rows[i].Entry()
	}
	b, err := json.Marshal(entries)
	return string(b), err
}

// auditRows are the log rows of c's steps, numbered from 1, none chained yet.
func auditRows(c auditCase, steps []models.Step) []auditRow {
	recordedAt := time.Now().UTC().Truncate(time.Microsecond)
	rows := make([]auditRow, len(steps))
	for i, st := range steps {
		before := ""
		if i > 0 {
			before = steps[i-1].Status
		}
		rows[i] = auditRow{AuditRecord: AuditRecord{CaseType: c.Type, CaseID: c.ID, WorkflowID: c.WorkflowID, StepNo: i + 1,
			Action: st.Action, ActorSub: st.Actor.Sub, ActorRole: string(st.Actor.Role), ActorOrg: st.Actor.Org,
			At: st.At.UTC().Truncate(time.Microsecond), StatusBefore: before, StatusAfter: st.Status, Note: st.Note,
			RequestID: nullIfEmpty(st.Request), RuleVersions: ruleTableAt(st.At), RecordedAt: recordedAt}}
	}
	return rows
}

// ruleTableAt identifies the rule table in force at at: the latest effective date of any
// rule in force then. Rules change only by new entries with a later effective date, so the
// date names exactly one set of rule versions (GET /api/v1/rules lists them). Steps do not
// record which rules they consulted; the ones in force at the step are the ones the
// workflow applied, since it reads every rule at the step's time.
func ruleTableAt(at time.Time) string {
	var latest time.Time
	for _, r := range models.Rules {
		if !r.EffectiveFrom.After(at) && r.EffectiveFrom.After(latest) {
			latest = r.EffectiveFrom
		}
	}
	if latest.IsZero() {
		return ""
	}
	return models.DateOf(latest).String()
}

// AuditHead is the newest row of the audit log: publishing it lets outsiders hold the
// system to every row up to it, since changing any of them changes the head's hash.
type AuditHead struct {
	Seq  int64
	Hash string
	// At is when the newest row was recorded; nil for an empty log.
	At *time.Time
}

// AuditHead returns the newest row's seq and hash; an empty log has seq 0 and GenesisHash.
func (s *Store) AuditHead(ctx context.Context) (AuditHead, error) {
	// Steps whose writers have answered may still be staged: the head includes them.
	if err := s.sealAudit(ctx); err != nil {
		return AuditHead{}, err
	}
	h, err := auditHeadTx(s.db.WithContext(ctx))
	if err != nil {
		return AuditHead{}, fmt.Errorf("audit head: %w", err)
	}
	return h, nil
}

func auditHeadTx(tx *gorm.DB) (AuditHead, error) {
	var h AuditHead
	var at time.Time
	err := tx.Raw(`SELECT seq, hash, recorded_at FROM audit_log ORDER BY seq DESC LIMIT 1`).Row().
		Scan(&h.Seq, &h.Hash, &at)
	if isNoRows(err) {
		return AuditHead{Seq: 0, Hash: GenesisHash}, nil
	}
	if err != nil {
		return AuditHead{}, err
	}
	at = at.UTC()
	h.At = &at
	return h, nil
}

// AuditVerification is the outcome of recomputing the chain.
type AuditVerification struct {
	OK bool
	// Checked counts the rows read, the broken one included.
	Checked int64
	// FirstBroken is the seq of the first row that does not hold: a missing or renumbered
	// row before it, a prev_hash that is not the previous row's hash, or content that does
	// not hash to its hash. nil when OK.
	FirstBroken *int64
	// Reason says why FirstBroken is broken, for the operator.
	Reason string
	// Head is the last row that held (seq 0 and GenesisHash when none did): the head the
	// check vouches for, which rows appended during the check may since have passed.
	Head AuditHead
}

// VerifyAudit recomputes the whole chain, a page of rows at a time, and stops at the first
// row that does not hold. A log cut short at its end still verifies: only a head published
// earlier (AuditHead) shows that.
func (s *Store) VerifyAudit(ctx context.Context) (AuditVerification, error) {
	// Steps a dead writer left staged are decisions too: chain them before checking.
	if err := s.sealAudit(ctx); err != nil {
		return AuditVerification{}, err
	}
	v := AuditVerification{Head: AuditHead{Hash: GenesisHash}}
	prev, want := GenesisHash, int64(1)
	last := int64(math.MinInt64) // keyset: also reads rows a superuser renumbered below 1
	for {
		var rows []auditRow
		err := s.db.WithContext(ctx).Raw(`SELECT `+auditColumns+` FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?`,
			last, auditBatch).Scan(&rows).Error
		if err != nil {
			return AuditVerification{}, fmt.Errorf("verify audit log: %w", err)
		}
		for i := range rows {
			r := &rows[i]
			v.Checked++
			if reason := r.check(want, prev); reason != "" {
				seq := r.Seq
				v.FirstBroken, v.Reason = &seq, reason
				return v, nil
			}
			prev, want, last = r.Hash, want+1, r.Seq
			at := r.RecordedAt.UTC()
			v.Head = AuditHead{Seq: r.Seq, Hash: r.Hash, At: &at}
		}
		if len(rows) < auditBatch {
			v.OK = true
			return v, nil
		}
	}
}

// check says what is wrong with r as the row after one with seq want-1 and hash prev, or ""
// when it holds.
func (r *auditRow) check(want int64, prev string) string {
	if r.Seq != want {
		return fmt.Sprintf("seq %d where %d was due: a row is missing or renumbered", r.Seq, want)
	}
	if r.PrevHash != prev {
		return fmt.Sprintf("prev_hash %s is not the hash of the row before (%s)", r.PrevHash, prev)
	}
	h, err := r.chainHash(prev)
	if err != nil {
		return fmt.Sprintf("content cannot be encoded: %v", err)
	}
	if h != r.Hash {
		return fmt.Sprintf("content hashes to %s, not to the stored hash %s: the row was changed", h, r.Hash)
	}
	return ""
}

// StepRecorded says whether the request requestID (a workflow Update's ID) has already
// made a step of workflowID's case, sealed in the audit log or staged for it.
func (s *Store) StepRecorded(ctx context.Context, workflowID, requestID string) (bool, error) {
	var found bool
	err := s.db.WithContext(ctx).Raw(`SELECT EXISTS (SELECT 1 FROM audit_log WHERE request_id = ? AND workflow_id = ?)
		OR EXISTS (SELECT 1 FROM audit_pending WHERE request_id = ? AND workflow_id = ?)`,
		requestID, workflowID, requestID, workflowID).Scan(&found).Error
	if err != nil {
		return false, fmt.Errorf("look up the steps of request %s: %w", requestID, err)
	}
	return found, nil
}
