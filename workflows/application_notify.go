package workflows

import (
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
)

// persist writes the projection (the application and its tasks) and the status search
// attribute, and tells the provider when the status changed; notes are the step's other
// notifications. From version 1 of "application-fewer-events" the status is upserted only
// when it changed, and the projection and the notifications are one local activity.
func (w *applicationWorkflow) persist(ctx workflow.Context, notes ...models.Notification) {
	if w.v == workflow.DefaultVersion {
		for _, n := range notes {
			send(ctx, n)
		}
		persistCase(ctx, string(w.app.Status), nil, acts.SaveApplication, w.app, "application", w.app.ID)
		if w.app.Status != w.notified {
			w.notified = w.app.Status
			if n := w.statusNotification(ctx); n != nil {
				send(ctx, *n)
			}
		}
		return
	}
	if w.app.Status != w.notified {
		w.notified = w.app.Status
		if n := w.statusNotification(ctx); n != nil {
			notes = append(notes, *n)
		}
	}
	if w.v >= applicationTellsCancelled {
		notes = append(notes, w.cancelledNotifications(ctx)...)
	}
	if w.v >= applicationTellsAssignees {
		notes = append(notes, w.assignedNotifications(ctx)...)
	}
	persistCase(ctx, string(w.app.Status), &w.shownStatus, acts.SaveApplicationAndNotify,
		activities.ApplicationSave{Application: w.app, Notifications: notes}, "application", w.app.ID)
}

// remind tells the assignees of overdue tasks, once per task, at each task's due time.
// Tasks stay open: a late review is still a review.
func (w *applicationWorkflow) remind(ctx workflow.Context) {
	if w.v != workflow.DefaultVersion {
		w.remindOneTimer(ctx)
		return
	}
	a := w.app
	for !a.Status.Final() {
		v := a.Version()
		changed := func() bool { return a.Version() != v }
		next, ok := a.NextReminder()
		if !ok {
			if err := workflow.Await(ctx, changed); err != nil {
				return
			}
			continue
		}
		if d := next.Sub(workflow.Now(ctx)); d > 0 {
			if _, err := workflow.AwaitWithTimeout(ctx, d, changed); err != nil {
				return
			}
			continue
		}
		w.sendReminders(ctx)
	}
}

// remindOneTimer is remind with at most one timer pending: a step that leaves the earliest
// due time alone, or moves it later, starts none (each one is an event, and a timer left
// behind fires later as more); the pending timer fires and the loop looks again.
func (w *applicationWorkflow) remindOneTimer(ctx workflow.Context) {
	a := w.app
	var pending workflow.Future
	var pendingAt time.Time
	for !a.Status.Final() {
		next, ok := a.NextReminder()
		now := workflow.Now(ctx)
		if ok && !now.Before(next) {
			w.sendReminders(ctx)
			continue
		}
		if ok && (pending == nil || next.Before(pendingAt)) {
			pending, pendingAt = workflow.NewTimer(ctx, next.Sub(now)), next
		}
		timer := pending
		if err := workflow.Await(ctx, func() bool {
			n, k := a.NextReminder()
			return a.Status.Final() || k != ok || !n.Equal(next) || (timer != nil && timer.IsReady())
		}); err != nil {
			return
		}
		if pending != nil && pending.IsReady() {
			pending = nil
		}
	}
}

// sendReminders tells the assignees of the tasks overdue now.
func (w *applicationWorkflow) sendReminders(ctx workflow.Context) {
	due := w.app.RemindOverdue(workflow.Now(ctx))
	if len(due) == 0 {
		return
	}
	notes := make([]models.Notification, len(due))
	for i, t := range due {
		notes[i] = w.notification(ctx, "reminder-"+t.ID, t.Assignee,
			"기한 경과 Overdue: "+t.Title,
			fmt.Sprintf("과제 %s 기한 %s Task %s was due %s (Asia/Seoul)", t.ID, t.DueAt.Format(time.RFC3339), t.ID, t.DueAt.Format(time.RFC3339))).
			Keyed(models.NoticeTaskOverdue(t))
	}
	w.persist(ctx, notes...)
}

// statusNews is what the provider is told when the application reaches a status.
var statusNews = map[models.ApplicationStatus]string{
	models.AppSupplementRequested: "보완요청 Supplement requested",
	models.AppReturned:            "반려 Returned",
	models.AppIneligible:          "부적격 Ineligible",
	models.AppNotSelected:         "미선정 Not selected",
	models.AppSelected:            "선정 Selected",
	models.AppDocumentCheck:       "접수 Received for document check",
	models.AppAwaitingCommittee:   "심사위원회 상정 Awaiting the committee",
}

// statusNotification is the provider's news of the status reached, nil when there is none.
func (w *applicationWorkflow) statusNotification(ctx workflow.Context) *models.Notification {
	a := w.app
	subject, ok := statusNews[a.Status]
	if !ok {
		return nil
	}
	body := a.Reason
	switch {
	case a.Status == models.AppSupplementRequested:
		body = fmt.Sprintf("보완서류 Documents: %v; 기한 due %s (Asia/Seoul)", a.MissingKinds, a.SupplementDue)
	case a.Rereview != nil && a.Status == models.AppSelected:
		if a.Rereview.Outcome == "" {
			return nil // the confirmation follows
		}
		subject = "재심사 선정 유지 Re-review: selection confirmed"
	case a.Rereview != nil && a.Status == models.AppNotSelected:
		subject = "재심사 미선정 Re-review: not selected; the service leaves the catalog"
	case a.Status == models.AppSelected && a.NoticeNo == "":
		return nil // the notice follows with the registration
	case a.Status == models.AppSelected:
		subject = "선정 통보 Selection notice " + a.NoticeNo
	}
	n := w.notification(ctx, fmt.Sprintf("status-%s-%d", a.Status, a.Version()), models.Assignee{Role: models.RoleProvider},
		subject+": "+a.Service.Name, body).Keyed(models.NoticeApplicationStatus(a))
	return &n
}

// assignedNotifications tells each person a task was opened for since the last look (an
// expert's review, a member's vote), once per task; a task of a role's queue waits in that
// inbox. Tasks are only ever appended, so the ones past tasksSeen are the new ones.
func (w *applicationWorkflow) assignedNotifications(ctx workflow.Context) []models.Notification {
	var out []models.Notification
	for _, t := range w.app.Tasks[min(w.tasksSeen, len(w.app.Tasks)):] {
		if t.Status != models.TaskOpen || t.Assignee.Sub == "" {
			continue
		}
		due := t.DueAt.Format(time.RFC3339)
		out = append(out, w.notification(ctx, "assigned-"+t.ID, t.Assignee,
			"과제 배정 Task assigned: "+t.Title,
			fmt.Sprintf("과제 %s 기한 %s Task %s due %s (Asia/Seoul)", t.ID, due, t.ID, due)).
			Keyed(models.NoticeTaskAssigned(t)))
	}
	w.tasksSeen = len(w.app.Tasks)
	return out
}

// cancelledNotifications tells each person whose task, open at the last look, has been
// cancelled since, once per task; then it looks again.
func (w *applicationWorkflow) cancelledNotifications(ctx workflow.Context) []models.Notification {
	var out []models.Notification
	for _, id := range w.openForPeople {
		i := slices.IndexFunc(w.app.Tasks, func(t models.Task) bool { return t.ID == id })
		if i < 0 || w.app.Tasks[i].Status != models.TaskCancelled {
			continue
		}
		t := w.app.Tasks[i]
		out = append(out, w.notification(ctx, "cancelled-"+t.ID, t.Assignee,
			"과제 취소 Task cancelled: "+t.Title, fmt.Sprintf("과제 %s 취소 Task %s cancelled: %s", t.ID, t.ID, t.Note)).
			Keyed(models.NoticeTaskCancelled(t)))
	}
	w.openForPeople = openForPeople(w.app)
	return out
}

// openForPeople are the IDs of a's open tasks assigned to a person, not a role's queue.
func openForPeople(a *models.Application) []string {
	var out []string
	for _, t := range a.Tasks {
		if t.Status == models.TaskOpen && t.Assignee.Sub != "" {
			out = append(out, t.ID)
		}
	}
	return out
}

// notification is one message of the case. A person is addressed as "user:<sub>", a role's
// queue or the provider by organization.
func (w *applicationWorkflow) notification(ctx workflow.Context, kind string, to models.Assignee, subject, body string) models.Notification {
	org := w.app.Provider.Org
	switch {
	case to.Sub != "":
		org = "user:" + to.Sub
	case to.Role == models.RoleOperator:
		org = "NIA"
	}
	return models.Notification{
		Key: w.app.WorkflowID + "/" + kind, ToRole: to.Role, ToOrg: org,
		CaseType: "application", CaseID: w.app.ID, Subject: subject, Body: body, CreatedAt: workflow.Now(ctx),
	}
}
