package store

import (
	"context"
	"database/sql"
	"fmt"

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

// TurnsOf returns the cases that wait on org acting as role (a provider's or an agency's),
// the soonest due first and those without a deadline last, at most limit, and how many wait
// in all. Another role has no turns.
func (s *Store) TurnsOf(ctx context.Context, role models.Role, org string, limit int) ([]models.Turn, int64, error) {
	var turns string
	switch role {
	case models.RoleProvider:
		turns = providerTurns
	case models.RoleAgency:
		turns = agencyTurns
	default:
		return []models.Turn{}, 0, nil
	}
	// The window's count is taken before the limit: how many wait in all, in the same pass.
	var rows []struct {
		models.Turn
		Total int64
	}
	err := s.db.WithContext(ctx).Raw("SELECT *, count(*) OVER () AS total FROM ("+turns+") t ORDER BY due_at NULLS LAST, case_id LIMIT @limit",
		sql.Named("org", org), sql.Named("limit", limit)).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("list the turns of %s: %w", org, err)
	}
	out, n := make([]models.Turn, len(rows)), int64(0)
	for i, r := range rows {
		out[i], n = r.Turn, r.Total
		if d := r.DueAt; d != nil {
			seoul := d.In(models.Seoul) // as every time the API answers, in Seoul's offset
			out[i].DueAt = &seoul
		}
	}
	return out, n, nil
}
