package faulttest

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"

	"github.com/dsmarket/dsmarket/models"
)

// checkAudit holds the decision log to issue 10 after every fault: the chain verifies
// (GET /api/v1/audit/verify as an auditor), and each case's steps are logged once each,
// with no gap (step 1 to n, n rows) and no step logged that its timeline does not have.
// ids are the orders the client created: each must have as many log rows as its GET
// shows steps.
func checkAudit(ctx context.Context, sys *system, c *restClient, orders []string) ([]string, string) {
	var problems []string
	auditor := sys.token(models.RoleAuditor, "BAI", "lee.auditor")
	a := c.do(ctx, http.MethodGet, "/api/v1/audit/verify", auditor, "", nil)
	var v struct {
		OK          bool   `json:"ok"`
		Checked     int64  `json:"checked"`
		FirstBroken *int64 `json:"first_broken"`
	}
	if a.code != http.StatusOK || a.decode(&v) != nil {
		return []string{"audit verify: " + a.String()}, ""
	}
	if !v.OK {
		problems = append(problems, fmt.Sprintf("audit verify: chain broken at seq %d after %d rows", *v.FirstBroken, v.Checked))
	}

	gaps, err := queryPairs(ctx, sys.db, `
		SELECT workflow_id, count(*) || ' rows, steps ' || min(step_no) || '..' || max(step_no)
		FROM audit_log GROUP BY workflow_id HAVING count(*) <> max(step_no) OR min(step_no) <> 1`)
	if err != nil {
		return append(problems, "read audit_log: "+err.Error()), ""
	}
	for _, g := range gaps {
		problems = append(problems, fmt.Sprintf("audit_log of %s has a gap or a duplicate: %s", g[0], g[1]))
	}

	agency := sys.token(models.RoleAgency, "AG-0001", "kim.agency")
	for _, id := range orders {
		got := c.do(ctx, http.MethodGet, "/api/v1/orders/"+id, agency, "", nil)
		var o struct {
			Steps []models.Step `json:"steps"`
		}
		if got.code != http.StatusOK || got.decode(&o) != nil {
			problems = append(problems, fmt.Sprintf("%s: GET for the audit check: %s", id, got))
			continue
		}
		if n, err := auditRows(ctx, sys.db, "order", id); err != nil {
			problems = append(problems, err.Error())
		} else if n != len(o.Steps) {
			problems = append(problems, fmt.Sprintf("%s: %d audit_log rows for %d steps", id, n, len(o.Steps)))
		}
	}
	return problems, fmt.Sprintf("audit: %d rows chained and verified, %d cases with a gap or a duplicate", v.Checked, len(gaps))
}

func auditRows(ctx context.Context, db *sql.DB, caseType, id string) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE case_type = $1 AND case_id = $2`, caseType, id).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count audit_log rows of %s: %w", id, err)
	}
	return n, nil
}
