package models

import (
	"math"
	"strconv"
	"time"
)

// The nightly follow-ups of work that waits on a person: an open task past its due time
// (its assignee was reminded once at that time, by its case) and a submitted proposal the
// agency has not evaluated (SPEC.md gives evaluation no deadline, so nothing else would
// ever tell the agency). They decide nothing, so they are not steps of the case: they are
// notifications, keyed by their round so that a night run twice sends each one once.

// FollowUpRound is how many whole periods of every calendar days (Asia/Seoul) lie between
// the day of since and the day of now: 0 before the first period has passed. Days, not
// instants, so that a night's run reminds of everything that turned a period that day.
func FollowUpRound(since, now time.Time, every int) int {
	if every <= 0 || now.Before(since) {
		return 0
	}
	return CalendarDaysBetween(since, now) / every
}

// LateRound is the follow-up round of work due at due that no case reminds of when it falls
// due (a pre-review is no task): 0 until due has passed, 1 the first night after it, and
// one more every whole period of every calendar days after the due day.
func LateRound(due, now time.Time, every int) int {
	if !now.After(due) {
		return 0
	}
	return 1 + FollowUpRound(due, now, every)
}

// CalendarDaysBetween counts the calendar days in Asia/Seoul from the day of from to the
// day of to (0 on the same day).
func CalendarDaysBetween(from, to time.Time) int {
	// Seoul keeps no summer time, so every day is 24 hours; Round absorbs nothing else.
	return int(math.Round(DateOf(to).Sub(DateOf(from).Time).Hours() / 24))
}

// NoticeTaskStillOverdue tells a task's assignee again that it is overdue, days after its
// due date.
func NoticeTaskStillOverdue(t Task, days int) Notice {
	return Notice{
		Subject: nest(Msg("notify.task_still_overdue.subject"), "task_title", taskTitle(t)),
		Body:    Msg("notify.task_still_overdue.body", "task", t.ID, "due", minuteOf(t.DueAt), "days", strconv.Itoa(days)),
	}
}

// NoticeTaskOverdueToOperators tells the operators that a person's task is overdue, so
// that they may remind the person or give the step to another (an expert is released).
func NoticeTaskOverdueToOperators(t Task, days int) Notice {
	return Notice{
		Subject: nest(Msg("notify.task_overdue_operators.subject"), "task_title", taskTitle(t)),
		Body: Msg("notify.task_overdue_operators.body", "task", t.ID, "case", t.CaseID, "assignee", t.Assignee.Sub,
			"due", minuteOf(t.DueAt), "days", strconv.Itoa(days)),
	}
}

// NoticeEvaluationWaiting reminds an agency that a proposal it received days ago waits for
// its evaluation.
func NoticeEvaluationWaiting(o *Order, days int) Notice {
	submitted := ""
	if o.ProposalSubmittedAt != nil {
		submitted = minuteOf(*o.ProposalSubmittedAt)
	}
	return Notice{Msg("notify.evaluation_waiting.subject", "title", o.Title),
		Msg("notify.evaluation_waiting.body", "order", o.ID, "submitted", submitted, "days", strconv.Itoa(days))}
}

// NoticePreReviewLate tells the operators that a quality case's report has waited past the
// pre-review's due time (quality.prereview_days): no task holds a pre-review, so no case
// reminds of it when it falls due.
func NoticePreReviewLate(c *QualityCase) Notice {
	due := ""
	if c.PreReviewDueAt != nil {
		due = minuteOf(*c.PreReviewDueAt)
	}
	return Notice{Msg("notify.prereview_late.subject", c.serviceName()...),
		Msg("notify.prereview_late.body", "case", c.ID, "due", due)}
}
