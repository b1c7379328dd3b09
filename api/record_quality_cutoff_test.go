package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestRecordQualityCycleMoreThanAYear: SPEC.md's "selected more than 1 year", through REST
// on a real server. Of two services selected exactly one year before this year's cycle day
// and one day earlier, the cycle opens the case of the second only. With -record it writes
// the cycle's history (version 1 of "quality-cutoff-more-than-a-year") for the replay test:
// `go test ./api -run TestRecordQualityCycleMoreThanAYear -record`.
func TestRecordQualityCycleMoreThanAYear(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	year := time.Now().In(models.Seoul).Year()
	cycleAt := models.QualityCycleDate(year)
	anniversary := models.DateOf(cycleAt.AddDate(-models.RuleInt(models.RuleQualityAfterYears, cycleAt), 0, 0))
	exactly := h.qualityServiceSelectedOn(anniversary)
	earlier := h.qualityServiceSelectedOn(models.DateOf(anniversary.AddDate(0, 0, -1)))

	r := h.do("POST", "/api/v1/quality-cycles", h.operator(), nil)
	require.Equal(t, http.StatusAccepted, r.status, r.String())
	cycle := r.json(t)["workflow_id"].(string)
	var res flow.QualityCycleResult
	require.NoError(t, h.tc.GetWorkflow(ctx, cycle, "").Get(ctx, &res))
	require.Equal(t, models.QualityCycleCutoffStrict(year), res.Cutoff)
	require.Equal(t, 1, res.Started, "only the service selected more than a year before")

	cases := func(svc string) int {
		r := h.do("GET", "/api/v1/quality-cases?service_id="+svc, h.operator(), nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
		return len(r.json(t)["items"].([]any))
	}
	require.Eventually(t, func() bool { return cases(earlier) == 1 }, 30*time.Second, 100*time.Millisecond,
		"the cycle opens the case of %s, selected one year and a day before", earlier)
	require.Zero(t, cases(exactly), "%s, selected exactly one year before, waits for next year's cycle", exactly)

	h.recordHistory(t, ctx, cycle, "quality_cycle_more_than_a_year", qualityCycleEventBudget)
}

// qualityServiceSelectedOn copies SVC-0001 to a service of the test's own selected on
// selectedOn (numbered as ownQualityService numbers them, so that case IDs never meet on
// the shared server), and makes every other service of the test's database too recent to
// be due.
func (h *harness) qualityServiceSelectedOn(selectedOn models.Date) string {
	h.t.Helper()
	id := fmt.Sprintf("SVC-%06d", 950_000+qualityServices.Add(1))
	require.NoError(h.t, h.store.DB().Exec(`UPDATE services SET selected_on = current_date
		WHERE id NOT BETWEEN 'SVC-950000' AND 'SVC-999999'`).Error)
	require.NoError(h.t, h.store.DB().Exec(`
		INSERT INTO services (id, provider_org, name, name_en, description, type, subtype, status, selected_on, csap_valid_until)
		SELECT ?, provider_org, name || ' ' || ?, name_en, description, type, subtype, 'registered', ?::date, DATE '2029-01-09'
		FROM services WHERE id = 'SVC-0001'`, id, id, selectedOn.String()).Error)
	return id
}
