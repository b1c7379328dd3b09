package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestRecordTaskAssignedHistory runs an application to two experts' reviews and withdraws
// it: each expert is told of the review task opened for them (version 2 of change
// "application-fewer-events"), once, in the local activity that writes the projection, and the
// history is held to a budget. With -record it writes it for workflows' replay test
// (`go test ./api -run TestRecordTaskAssignedHistory -record`).
func TestRecordTaskAssignedHistory(t *testing.T) {
	h := newHarness(t)
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskDocumentCheck), map[string]any{"outcome": "accept"})
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskAssignExperts), map[string]any{"experts": []string{"cho.expert", "yoo.expert"}})
	reviews := map[string]string{} // task ID -> expert
	for _, sub := range []string{"cho.expert", "yoo.expert"} {
		task := h.openTask(h.expert(sub), id, models.TaskExpertReview)
		reviews[task] = sub
		h.complete(h.expert(sub), task, reviewBody("suitable", false))
	}
	r := h.do("POST", "/api/v1/applications/"+id+"/withdraw", h.provider(), map[string]any{"reason": "일정 변경으로 철회"})
	require.Equal(t, http.StatusOK, r.status, r.String())

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	wid := flow.ApplicationWorkflowID(id)
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))

	// The notifications table: one task-assigned notification per review task, to its expert.
	all, err := h.store.ListNotifications(ctx, "", 200)
	require.NoError(t, err)
	assigned := map[string]int{}
	for _, n := range all {
		if n.CaseID != id || n.SubjectText == nil || n.SubjectText.Key != "notify.task_assigned.subject" {
			continue
		}
		assigned[n.Key]++
		require.Equal(t, models.RoleExpert, n.ToRole, n.Key)
		require.Contains(t, n.Subject, "Task assigned", n.Key)
		require.Equal(t, "notify.task_assigned.body", n.BodyText.Key, n.Key)
	}
	for task, sub := range reviews {
		key := wid + "/assigned-" + task
		require.Equal(t, 1, assigned[key], "notifications of %s to %s", task, sub)
		mine, err := h.store.ListNotifications(ctx, "user:"+sub, 200)
		require.NoError(t, err)
		n := 0
		for _, m := range mine {
			if m.Key == key {
				n++
				require.Contains(t, m.SubjectIn(models.LangKO), "새 과제: 전문가 검토: ")
				require.Contains(t, m.SubjectIn(models.LangEN), "New task: Expert review: ")
				require.Contains(t, m.BodyIn(models.LangEN), task)
			}
		}
		require.Equal(t, 1, n, "%s's notifications of %s", sub, task)
	}
	require.Len(t, assigned, len(reviews), "task-assigned notifications: %v", assigned)

	// The news rides in the projection's local activity: no activity of its own.
	it := h.tc.GetWorkflowHistory(ctx, wid, "", false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		e, err := it.Next()
		require.NoError(t, err)
		if a := e.GetActivityTaskScheduledEventAttributes(); a != nil {
			t.Errorf("activity %s scheduled: the notifications were to ride in the local activity", a.GetActivityType().GetName())
		}
	}
	// 45 events when recorded, the version marker and its search attribute among them; the
	// news itself adds none.
	h.recordHistory(t, ctx, wid, "application_task_assigned_notified", 44)
}
