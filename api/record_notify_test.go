package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"

	"github.com/dsmarket/dsmarket/models"
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

	ctx, wid := h.applicationEnded(t, id)

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

// TestRecordTaskCancelledHistory runs an application to two experts' reviews, has the
// operators take yoo off it, and withdraws it while cho's review is open: each expert is
// told, once, that their task no longer waits for them and why (version 3 of change
// "application-fewer-events"), in the local activity that writes the projection. With
// -record it writes the history for workflows' replay test
// (`go test ./api -run TestRecordTaskCancelledHistory -record`).
func TestRecordTaskCancelledHistory(t *testing.T) {
	h := newHarness(t)
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskDocumentCheck), map[string]any{"outcome": "accept"})
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskAssignExperts), map[string]any{"experts": []string{"cho.expert", "yoo.expert"}})
	tasks := map[string]string{"cho.expert": h.openTask(h.expert("cho.expert"), id, models.TaskExpertReview),
		"yoo.expert": h.openTask(h.expert("yoo.expert"), id, models.TaskExpertReview)}
	r := h.do("POST", "/api/v1/applications/"+id+"/release-expert", h.operator(),
		map[string]any{"expert": "yoo.expert", "reason": "검토 기한 경과, 연락 두절"}, "Idempotency-Key", "cancelled-"+id)
	require.Equal(t, http.StatusOK, r.status, r.String())
	r = h.do("POST", "/api/v1/applications/"+id+"/withdraw", h.provider(), map[string]any{"reason": "일정 변경으로 철회"})
	require.Equal(t, http.StatusOK, r.status, r.String())

	ctx, wid := h.applicationEnded(t, id)

	why := map[string]string{"yoo.expert": "운영기관이 검토위원을 교체함", "cho.expert": "제공기업이 신청을 철회함"}
	whyEn := map[string]string{"yoo.expert": "the operator replaced the expert", "cho.expert": "the provider withdrew the application"}
	for sub, task := range tasks {
		mine, err := h.store.ListNotifications(ctx, "user:"+sub, 200)
		require.NoError(t, err)
		var told []models.Notification
		for _, m := range mine {
			if m.CaseID == id && m.SubjectText != nil && m.SubjectText.Key == "notify.task_cancelled.subject" {
				told = append(told, m)
			}
		}
		require.Len(t, told, 1, "%s is told once that %s was cancelled", sub, task)
		n := told[0]
		require.Equal(t, wid+"/cancelled-"+task, n.Key)
		require.Contains(t, n.SubjectIn(models.LangKO), "과제 취소: 전문가 검토: ")
		require.Contains(t, n.SubjectIn(models.LangEN), "Task cancelled: Expert review: ")
		require.Contains(t, n.BodyIn(models.LangKO), task+")가 취소되었습니다: "+why[sub])
		require.Contains(t, n.BodyIn(models.LangEN), "Task "+task+" no longer waits for you: "+whyEn[sub])
	}
	h.recordHistory(t, ctx, wid, "application_task_cancelled_notified", 36)
}
