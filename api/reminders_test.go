package api_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/internal/systest"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/worker"
	"github.com/dsmarket/dsmarket/workflows"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestWaitingWorkFollowedUp: the nightly housekeeping, run by a worker whose clock stands
// a week past an expert's due time, reminds the expert again and tells the operators, and
// reminds the agency of the proposal it has not evaluated; the same night run twice sends
// nothing twice, and work done is followed up no more. With -record it writes the run's
// history for the replay test (`go test ./api -run TestWaitingWorkFollowedUp -record`).
func TestWaitingWorkFollowedUp(t *testing.T) {
	h := newHarness(t)
	order := h.newOrder()
	h.firstTaskDone(flow.OrderWorkflowID(order))
	require.Equal(t, http.StatusOK, h.do("POST", "/api/v1/orders/"+order+"/proposal", h.provider(), validProposal).status)

	app := h.newApplication(allDocuments(models.TypeCloud)...)
	review := h.inExpertReview(app)
	task, err := h.store.GetTask(context.Background(), review)
	require.NoError(t, err)

	// The night a week after the review's due day (03:00 in Seoul); the proposal has then
	// waited three whole weeks: one reminder says so, not one per week missed.
	every := models.RuleInt(models.RuleTaskFollowUpDays, task.DueAt)
	night := models.DateOf(task.DueAt).AddDate(0, 0, every).Add(3 * time.Hour)
	waited := models.CalendarDaysBetween(time.Now(), night)
	weeks := waited / models.RuleInt(models.RuleEvaluationReminderDays, night)
	tq := "reminders-" + fmt.Sprint(time.Now().UnixNano())
	// The worker's activities read the clock on their own goroutines.
	var clock atomic.Int64
	clock.Store(night.UnixNano())
	w := worker.NewOn(h.tc, tq, &activities.Activities{Store: h.store, Logger: systest.Quiet, Temporal: h.tc,
		Clock: func() time.Time { return time.Unix(0, clock.Load()) }})
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	// The months around these nights were checked: the access log's reminder is
	// activities' TestRemindWaitingWork_AccessLogCheckToAuditors's, not this test's.
	_, _, err = h.store.RecordPersonReadCheck(ctx, models.PersonReadCheck{From: models.DateOf(night.AddDate(-1, 0, 0)),
		To: models.DateOf(night.AddDate(0, 2, 0)), Outcome: models.ReadCheckNoFindings},
		models.Actor{Sub: "lee.auditor", Role: models.RoleAuditor, Org: "BAI"}, night)
	require.NoError(t, err)
	housekeeping := func(id string) flow.Reminders {
		run, err := h.tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: tq}, workflows.Housekeeping)
		require.NoError(t, err)
		var res flow.HousekeepingResult
		require.NoError(t, run.Get(ctx, &res))
		require.NotNil(t, res.Reminders)
		return *res.Reminders
	}

	first := "housekeeping-reminders-" + order
	require.Equal(t, flow.Reminders{TaskFollowUps: 1, LateTasksToOperators: 1, EvaluationsWaiting: 1}, housekeeping(first))
	sent := func(to, key string) models.Notification {
		t.Helper()
		list, err := h.store.ListNotifications(context.Background(), to, 200)
		require.NoError(t, err)
		for _, n := range list {
			if strings.HasSuffix(n.Key, key) {
				return n
			}
		}
		t.Fatalf("no notification %s to %s", key, to)
		return models.Notification{}
	}
	n := sent("user:cho.expert", fmt.Sprintf("/followup-%s-1", review))
	require.Equal(t, "notify.task_still_overdue.body", n.BodyText.Key)
	require.Contains(t, n.BodyText.In(models.LangKO), fmt.Sprintf("%d일 지났습니다", every))
	n = sent("NIA", fmt.Sprintf("/late-task-%s-1", review))
	require.Equal(t, models.RoleOperator, n.ToRole)
	require.Contains(t, n.BodyText.English(), "held by cho.expert")
	n = sent("AG-0001", fmt.Sprintf("/evaluation-waiting-%d", weeks))
	require.Equal(t, models.RoleAgency, n.ToRole)
	require.Equal(t, order, n.CaseID)
	require.Contains(t, n.Body, fmt.Sprintf("%d일 동안 평가되지 않았습니다", weeks*models.RuleInt(models.RuleEvaluationReminderDays, night)))

	require.Equal(t, flow.Reminders{}, housekeeping(first+"-again"), "the same night twice")

	require.Equal(t, http.StatusOK, h.do("POST", "/api/v1/orders/"+order+"/evaluation", h.agency(), score90).status)
	h.complete(h.expert("cho.expert"), review, reviewBody("suitable", false))
	require.Eventually(t, func() bool {
		tk, err := h.store.GetTask(context.Background(), review)
		return err == nil && tk.Status == models.TaskDone && h.orderStatus(order) == string(models.OrderNegotiating)
	}, 10*time.Second, 50*time.Millisecond)
	clock.Store(night.AddDate(0, 0, every).UnixNano())
	require.Equal(t, flow.Reminders{}, housekeeping(first+"-done"), "work done is not followed up")

	h.recordHistory(t, ctx, first, "housekeeping_reminders", housekeepingBudget)
}
