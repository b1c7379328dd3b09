package models

import (
	"slices"
	"time"
)

// An application's tasks: opened, cancelled and finished by its steps, listed for the
// inbox and reminded once when overdue.

func (a *Application) openTask(now time.Time, kind TaskKind, to Assignee, dueRule RuleKey, sessionID string, title *Text) {
	a.openTaskDue(now, kind, to, a.dueIn(now, dueRule), sessionID, title)
}

func (a *Application) openTaskDue(now time.Time, kind TaskKind, to Assignee, due time.Time, sessionID string, title *Text) {
	a.Tasks = append(a.Tasks, Task{
		ID: TaskID(a.ID, len(a.Tasks)+1), Kind: kind, CaseType: "application", CaseID: a.ID,
		WorkflowID: a.WorkflowID, Title: titleOf(title), TitleText: title, Assignee: to, DueAt: due.In(Seoul), CreatedAt: now.In(Seoul),
		Status: TaskOpen, SessionID: sessionID,
	})
}

func (a *Application) cancelOpenTasks(now time.Time, why *Text) {
	for i := range a.Tasks {
		a.cancelTask(now, i, why)
	}
}

func (a *Application) cancelTask(now time.Time, i int, why *Text) {
	if a.Tasks[i].Status != TaskOpen {
		return
	}
	a.Tasks[i].end(TaskCancelled, now.In(Seoul), "", why)
}

func (a *Application) finishTask(now time.Time, i int, by Actor, note *Text) {
	a.Tasks[i].end(TaskDone, now.In(Seoul), by.Sub, note)
}

// OpenTasks returns the tasks still waiting, with Overdue set for now.
func (a *Application) OpenTasks(now time.Time) []Task {
	var out []Task
	for _, t := range a.Tasks {
		if t.Status == TaskOpen {
			t.Overdue = t.IsOverdue(now)
			out = append(out, t)
		}
	}
	return out
}

func (a *Application) taskIndex(id string) int {
	return slices.IndexFunc(a.Tasks, func(t Task) bool { return t.ID == id })
}

// NextReminder returns the earliest due time of an open task not yet reminded.
func (a *Application) NextReminder() (time.Time, bool) {
	var next time.Time
	for _, t := range a.Tasks {
		if t.Status == TaskOpen && t.RemindedAt == nil && (next.IsZero() || t.DueAt.Before(next)) {
			next = t.DueAt
		}
	}
	return next, !next.IsZero()
}

// RemindOverdue marks every open task past its due time as reminded and returns them,
// so that the workflow can tell their assignees. An overdue task stays open: nobody's
// work is dropped by a clock.
func (a *Application) RemindOverdue(now time.Time) []Task {
	var out []Task
	for i := range a.Tasks {
		t := &a.Tasks[i]
		if t.Status == TaskOpen && t.RemindedAt == nil && t.IsOverdue(now) {
			at := now.In(Seoul)
			t.RemindedAt = &at
			out = append(out, *t)
			a.record(now, SystemActor, ActionReminded, Msg("task.overdue", "task", t.ID, "kind", "kind."+string(t.Kind), "since", t.DueAt.Format(time.RFC3339)))
		}
	}
	return out
}
