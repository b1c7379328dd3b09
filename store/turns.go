package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/dsmarket/dsmarket/models"
)

// The cases that wait on one organization, read from the projections' columns and their
// docs' deadlines in one statement however many kinds of case there are. Each SELECT is one models.TurnKind; a deadline is the instant the
// case's own rules set (the end of a due day, written as the instant it ends in Seoul).
const (
	providerTurns = `
SELECT 'proposal' AS kind, id AS case_id, title, service_id, doc->>'service_name' AS service_name,
       (doc->>'proposal_deadline')::timestamptz AS due_at
  FROM orders WHERE provider_org = @org AND status = 'proposal_requested'
UNION ALL
SELECT 'supplement', id, '', COALESCE(service_id, ''), service_name, (doc->>'supplement_deadline')::timestamptz
  FROM applications WHERE provider_org = @org AND status = 'supplement_requested'
UNION ALL
SELECT 'quality_report', id, '', service_id, service_name, (doc->>'report_deadline')::timestamptz
  FROM quality_cases WHERE provider_org = @org AND status = 'report_requested'
UNION ALL
SELECT 'remediation', id, '', service_id, service_name, (doc->>'remediation_deadline')::timestamptz
  FROM quality_cases WHERE provider_org = @org AND status = 'remediating'`
	agencyTurns = `
SELECT 'evaluation' AS kind, id AS case_id, title, service_id, doc->>'service_name' AS service_name,
       NULL::timestamptz AS due_at
  FROM orders WHERE agency_org = @org AND status = 'proposal_submitted'
UNION ALL
SELECT 'negotiation', id, title, service_id, doc->>'service_name', negotiation_deadline
  FROM orders WHERE agency_org = @org AND status = 'negotiating'
UNION ALL
SELECT 'contract_change', id, title, service_id, doc->>'service_name',
       (next_change_due + 1)::timestamp AT TIME ZONE 'Asia/Seoul'
  FROM direct_contracts WHERE agency_org = @org AND status IN ('change_pending', 'change_overdue')
UNION ALL
SELECT 'search', id, title, '', '', NULL::timestamptz
  FROM searches WHERE agency_org = @org AND outcome = 'open'`
)

// turnsLast stands for "no deadline" in the turns' order, so that those sort last and page
// on the same key as the rest.
const turnsLast = "'9999-12-31T00:00:00Z'::timestamptz"

// turnRow is a turn with its place in the order and the count of all.
type turnRow struct {
	models.Turn
	Sort  time.Time
	Total int64
}

// TurnsOf returns a page of the cases that wait on org acting as role (a provider's or an
// agency's), the soonest due first and those without a deadline last, and how many wait in
// all. Another role has no turns. The page token holds the last turn's deadline, case and
// kind, as a case may wait on its organization for two things at one instant.
func (s *Store) TurnsOf(ctx context.Context, role models.Role, org string, size int, token string) (models.TurnPage, error) {
	var turns string
	switch role {
	case models.RoleProvider:
		turns = providerTurns
	case models.RoleAgency:
		turns = agencyTurns
	default:
		return models.TurnPage{Items: []models.Turn{}}, nil
	}
	afterSort, afterKey, err := decodeKeyedToken(token, parseTokenTime)
	if err != nil {
		return models.TurnPage{}, err
	}
	size = pageSize(size)
	args := []any{sql.Named("org", org), sql.Named("limit", size+1)}
	// The window counts before the page's cut: how many wait in all, in the same pass.
	q := "SELECT * FROM (SELECT *, COALESCE(due_at, " + turnsLast + ") AS sort, count(*) OVER () AS total FROM (" + turns + ") t) t"
	if afterKey != "" {
		caseID, kind, ok := strings.Cut(afterKey, " ")
		if !ok {
			return models.TurnPage{}, errPageToken()
		}
		q += " WHERE (sort, case_id, kind) > (@sort, @case, @kind)"
		args = append(args, sql.Named("sort", afterSort), sql.Named("case", caseID), sql.Named("kind", kind))
	}
	var rows []turnRow
	if err := s.db.WithContext(ctx).Raw(q+" ORDER BY sort, case_id, kind LIMIT @limit", args...).Scan(&rows).Error; err != nil {
		return models.TurnPage{}, fmt.Errorf("list the turns of %s: %w", org, err)
	}
	rows, next := keysetPage(rows, size, func(last turnRow) string {
		return encodeKeyedToken(last.Sort.UTC().Format(time.RFC3339Nano), last.CaseID+" "+string(last.Kind))
	})
	out := models.TurnPage{Items: make([]models.Turn, len(rows)), NextPageToken: next}
	for i, r := range rows {
		out.Items[i], out.Total = r.Turn, r.Total
		if d := r.DueAt; d != nil {
			seoul := d.In(models.Seoul) // as every time the API answers, in Seoul's offset
			out.Items[i].DueAt = &seoul
		}
	}
	if len(rows) == 0 && afterKey != "" {
		// Past the last turn (those after the token were done meanwhile): no row carries the
		// count, which is still owed.
		if err := s.db.WithContext(ctx).Raw("SELECT count(*) FROM ("+turns+") t", sql.Named("org", org)).Scan(&out.Total).Error; err != nil {
			return models.TurnPage{}, fmt.Errorf("count the turns of %s: %w", org, err)
		}
	}
	return out, nil
}
