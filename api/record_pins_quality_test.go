package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// qualitySandboxScale makes a day a second: the 30-day report window is about half a
// minute, the 20-day one the rule version below brings about twenty seconds.
const qualitySandboxScale = 86400

// TestRecordPinnedQualityHistories runs, on the real dev server, a quality cycle started
// by hand in the sandbox: its case pins the listing's rule versions and the time scale. A
// version of the report window that applies to open cases reaches the running case by the
// rules-changed signal (as the nightly housekeeping sends it), the shortened window closes
// by its timer at the new deadline without a report, and the case runs through the
// pre-review to its verdict. With -record it writes the case's and the cycle's histories
// for the replay test (`go test ./api -run TestRecordPinnedQualityHistories -record`).
func TestRecordPinnedQualityHistories(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	svc := h.ownQualityService()
	sandbox := app.New(app.Deps{Store: h.store, Temporal: h.tc, TaskQueue: h.tq, TimeScale: qualitySandboxScale})
	started, err := sandbox.Quality.StartCycle(ctx, models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"})
	require.NoError(t, err)
	var res flow.QualityCycleResult
	require.NoError(t, h.tc.GetWorkflow(ctx, started.WorkflowID, "").Get(ctx, &res))
	require.Equal(t, 1, res.Started, "only the test's own service is due")

	qc, wid := models.QualityCaseID(svc, started.Year), flow.QualityCaseWorkflowID(svc, started.Year)
	c := h.readQualityCase(qc)
	require.NotNil(t, c.Pins, "the case pins what the cycle's listing recorded")
	require.Equal(t, qualitySandboxScale, c.Pins.TimeScale)
	require.Contains(t, c.Pins.Versions(), string(models.RuleQualityReportDays)+"@"+models.RegimeStart.String())

	today := models.DateOf(time.Now())
	require.NoError(t, h.tc.SignalWorkflow(ctx, wid, "", flow.SignalRulesChanged, flow.RulesChangedSignal{
		Rules: map[models.RuleKey]models.PinnedRule{models.RuleQualityReportDays: {Value: "20", EffectiveFrom: today}}}))
	require.Eventually(t, func() bool { return h.readQualityCase(qc).Status == models.QualityReportSubmitted },
		90*time.Second, 200*time.Millisecond, "the shortened report window closes without a report")
	c = h.readQualityCase(qc)
	end := models.DateOf(models.AddCalendarDays(c.OpenedAt, 20)).EndOfDay()
	require.True(t, c.OpenedAt.Add(end.Sub(c.OpenedAt)/qualitySandboxScale).Equal(c.ReportDeadline),
		"the window of the version taken, counted from the opening and shortened: %s", c.ReportDeadline)
	var actions []string
	for _, s := range c.Steps {
		actions = append(actions, s.Action)
	}
	require.Equal(t, []string{models.ActionQualityReportRequested, models.ActionRuleApplied, models.ActionQualityReportMissing}, actions)

	r := h.do("POST", "/api/v1/quality-cases/"+qc+"/prereview", h.operator(), map[string]any{"accepted": false, "note": "보고서 미제출"})
	require.Equal(t, http.StatusOK, r.status, r.String())
	h.complete(h.operator(), h.openTask(h.operator(), qc, models.TaskQualityInspection), map[string]any{"outcome": "fit"})
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))

	h.recordHistory(t, ctx, wid, "quality_pinned_rule_applied_report_missed_in_sandbox", qualityCaseEventBudget)
	h.recordHistory(t, ctx, started.WorkflowID, "quality_cycle_children_pinned", qualityCycleEventBudget)
}

// TestRecordPinnedWatchHistory: a watch the app starts with the first fact pins its rules;
// a version of the notice's days that applies to open cases reaches it by the
// rules-changed signal, and the service's closure is published for the new number of
// days. With -record it writes the watch's history for the replay test
// (`go test ./api -run TestRecordPinnedWatchHistory -record`).
func TestRecordPinnedWatchHistory(t *testing.T) {
	h := newHarness(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	svc := h.ownService("2029-06-30")
	r := h.do("POST", "/api/v1/services/"+svc+"/events", h.operator(), eventBody("credit_rating", "A", dayOffset(-1)))
	require.Equal(t, http.StatusOK, r.status, r.String())
	w := h.readWatch(svc)
	require.Contains(t, w.Pins.Versions(), string(models.RuleUnfitNoticeDays)+"@"+models.RegimeStart.String())
	require.Zero(t, w.Pins.TimeScale)

	today := models.DateOf(time.Now())
	wid := flow.ServiceWatchWorkflowID(svc)
	require.NoError(t, h.tc.SignalWorkflow(ctx, wid, "", flow.SignalRulesChanged, flow.RulesChangedSignal{
		Rules: map[models.RuleKey]models.PinnedRule{models.RuleUnfitNoticeDays: {Value: "30", EffectiveFrom: today}}}))
	require.Eventually(t, func() bool { return len(h.readWatch(svc).RulesApplied) == 1 }, 10*time.Second, 50*time.Millisecond,
		"the watch takes the version")

	r = h.do("POST", "/api/v1/services/"+svc+"/events", h.operator(), eventBody("business_status", "closed", today.Format(time.DateOnly)))
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil), "the watch ends")
	var notices struct{ Items []models.UnfitNotice }
	require.NoError(t, json.Unmarshal(h.do("GET", "/api/v1/notices?page_size=100", "", nil).body, &notices))
	var notice *models.UnfitNotice
	for i := range notices.Items {
		if notices.Items[i].ServiceID == svc {
			notice = &notices.Items[i]
		}
	}
	require.NotNil(t, notice, "the notice of %s", svc)
	require.Equal(t, notice.From.AddDate(0, 0, 30), notice.Until.Time, "shown for the days of the version taken")

	h.recordHistory(t, ctx, wid, "service_watch_pinned_rule_applied_unfit", watchEventBudget)
}

// readQualityCase reads a quality case as the operator sees it.
func (h *harness) readQualityCase(id string) models.QualityCase {
	h.t.Helper()
	r := h.do("GET", "/api/v1/quality-cases/"+id, h.operator(), nil)
	require.Equal(h.t, http.StatusOK, r.status, r.String())
	var c models.QualityCase
	require.NoError(h.t, json.Unmarshal(r.body, &c))
	return c
}

// readWatch reads a service's inspection record as the operator sees it.
func (h *harness) readWatch(serviceID string) models.ServiceWatch {
	h.t.Helper()
	r := h.do("GET", "/api/v1/services/"+serviceID+"/events", h.operator(), nil)
	require.Equal(h.t, http.StatusOK, r.status, r.String())
	var w models.ServiceWatch
	require.NoError(h.t, json.Unmarshal(r.body, &w))
	return w
}
