package activities

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/temporalerr"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// RemindWaitingWork queues the night's follow-ups of work that waits on a person
// (models/reminders.go): every open task a whole period of inbox.overdue_followup_days or
// more past its due time, to its assignee and, when one person holds it (but for a
// member's vote), to the operators; every proposal unevaluated for a whole period of
// catalog_order.evaluation_reminder_days or more, to its agency; every quality report past
// its pre-review's due time, to the operators the first night after it and every period
// of inbox.overdue_followup_days after; every quality report not submitted yet whose due
// date is quality.report_reminder_days_before days away or nearer, once, to its provider;
// every remediation not reported yet whose due date is
// quality.remediation_reminder_days_before days away or nearer, once a round, to its
// provider. Each follow-up is keyed by its round, so a rerun, or a night that finds the projection
// as the last one did, queues nothing twice. The rules are read as in force now: a
// reminder decides nothing for the case, so no case pins them.
func (a *Activities) RemindWaitingWork(ctx context.Context) (*flow.Reminders, error) {
	now := a.now()
	var sent flow.Reminders
	queue := func(n models.Notification, count *int64) error {
		n.CreatedAt = now
		ok, err := a.Store.QueueNotification(ctx, n)
		if ok {
			*count++
			a.queued(ctx, n)
		}
		return err
	}

	every := models.RuleInt(models.RuleTaskFollowUpDays, now)
	err := eachPage(func(token string) ([]models.Task, string, error) {
		return a.Store.ListTasks(ctx, store.TaskFilter{Status: models.TaskOpen, PageSize: models.MaxPageSize, PageToken: token})
	}, func(t *models.Task) (bool, error) {
		round := models.FollowUpRound(t.DueAt, now, every)
		if round == 0 {
			return true, nil // listed by due time: no later task has a round either
		}
		days := round * every
		if err := queue(taskFollowUp(t, round, days), &sent.TaskFollowUps); err != nil {
			return true, err
		}
		// A member's late vote is the member's to hear of: who has voted is the ballot's
		// secret, which the operators do not read (app/ballot.go).
		if t.Assignee.Sub == "" || t.Kind == models.TaskCommitteeVote {
			return false, nil
		}
		return false, queue(lateTaskToOperators(t, round, days), &sent.LateTasksToOperators)
	})
	if err != nil {
		return nil, temporalerr.Wrap(err)
	}

	// Work that no task holds is listed by ID, not by when it fell due: every item is read.
	every = models.RuleInt(models.RuleEvaluationReminderDays, now)
	err = eachRound(func(token string) ([]models.Order, string, error) {
		return a.Store.ListOrders(ctx, store.OrderFilter{Status: models.OrderProposalSubmitted, PageSize: models.MaxPageSize, PageToken: token})
	}, func(o *models.Order) int {
		if o.ProposalSubmittedAt == nil {
			return 0
		}
		return models.FollowUpRound(*o.ProposalSubmittedAt, now, every)
	}, func(o *models.Order, round int) error {
		return queue(evaluationWaiting(o, round, round*every), &sent.EvaluationsWaiting)
	})
	if err != nil {
		return nil, temporalerr.Wrap(err)
	}
	if err := a.remindQualityWork(ctx, now, queue, &sent); err != nil {
		return nil, temporalerr.Wrap(err)
	}
	if err := a.remindAccessLogCheck(ctx, now, queue, &sent); err != nil {
		return nil, temporalerr.Wrap(err)
	}
	if sent != (flow.Reminders{}) {
		a.logger().InfoContext(ctx, "follow-ups of waiting work queued", "tasks", sent.TaskFollowUps,
			"late_tasks_to_operators", sent.LateTasksToOperators, "evaluations", sent.EvaluationsWaiting, "late_prereviews", sent.PreReviewsLate,
			"reports_due_soon", sent.ReportsDueSoon, "remediations_due_soon", sent.RemediationsDueSoon,
			"access_log_checks_due", sent.AccessLogChecksDue)
	}
	return &sent, nil
}

// remindAccessLogCheck tells the auditors that no check of the access log of personal
// data (접속기록 점검) covers the month before, the first night of a month and again every
// inbox.overdue_followup_days while it stays so: the log must be checked at least monthly,
// and one notice read and forgotten must not let a month go unchecked. A check recorded
// before a night's run means none is sent. The first round keeps the key it had before
// rounds, so a month reminded then is not reminded twice.
func (a *Activities) remindAccessLogCheck(ctx context.Context, now time.Time, queue func(models.Notification, *int64) error,
	sent *flow.Reminders) error {
	first, last, unchecked, err := a.Store.LastMonthUnchecked(ctx, now)
	if err != nil || !unchecked {
		return err
	}
	orgs, err := a.Store.AuditorOrgs(ctx)
	if err != nil {
		return err
	}
	x := models.NoticeAccessLogCheckDue(first, last)
	round := 1 + models.FollowUpRound(last.AddDate(0, 0, 1), now, models.RuleInt(models.RuleTaskFollowUpDays, now))
	for _, org := range orgs {
		key := "access-log-check/" + first.Format("2006-01") + "/" + org
		if round > 1 {
			key += "/" + strconv.Itoa(round)
		}
		n := models.Notification{Key: key, ToRole: models.RoleAuditor,
			ToOrg: org, CaseType: "access_log", CaseID: first.Format("2006-01")}.Bilingual(x)
		if err := queue(n, &sent.AccessLogChecksDue); err != nil {
			return err
		}
	}
	return nil
}

// eachPage calls each on every item of every page list gives, until each says stop.
func eachPage[T any](list func(token string) ([]T, string, error), each func(*T) (bool, error)) error {
	var token string
	for {
		items, next, err := list(token)
		if err != nil {
			return err
		}
		for i := range items {
			if stop, err := each(&items[i]); stop || err != nil {
				return err
			}
		}
		if next == "" {
			return nil
		}
		token = next
	}
}

// remindQualityWork queues the follow-ups of the regular inspection that no task holds: a
// report past its pre-review's due time, to the operators; a report not submitted yet whose
// due date is near, once, to its provider; a remediation whose due date is near, once a
// round, to its provider, which may report it before then.
func (a *Activities) remindQualityWork(ctx context.Context, now time.Time, queue func(models.Notification, *int64) error,
	sent *flow.Reminders) error {
	casesIn := func(status models.QualityStatus) func(token string) ([]models.QualityCase, string, error) {
		return func(token string) ([]models.QualityCase, string, error) {
			return a.Store.ListQualityCases(ctx, store.QualityCaseFilter{Status: status, PageSize: models.MaxPageSize, PageToken: token})
		}
	}
	late := models.RuleInt(models.RuleTaskFollowUpDays, now)
	err := eachRound(casesIn(models.QualityReportSubmitted), func(c *models.QualityCase) int {
		if c.PreReviewDueAt == nil {
			return 0
		}
		return models.LateRound(*c.PreReviewDueAt, now, late)
	}, func(c *models.QualityCase, round int) error {
		return queue(preReviewLate(c, round), &sent.PreReviewsLate)
	})
	if err != nil {
		return err
	}
	before := models.RuleInt(models.RuleQualityReportReminderDays, now)
	err = eachRound(casesIn(models.QualityReportRequested), func(c *models.QualityCase) int {
		if now.Before(c.ReportDeadline) && models.CalendarDaysBetween(now, c.ReportDue.Time) <= before {
			return 1 // once: the report is due within the reminder's days
		}
		return 0
	}, func(c *models.QualityCase, _ int) error {
		return queue(reportDueSoon(c), &sent.ReportsDueSoon)
	})
	if err != nil {
		return err
	}
	before = models.RuleInt(models.RuleQualityRemediationReminderDays, now)
	return eachRound(casesIn(models.QualityRemediating), func(c *models.QualityCase) int {
		if c.RemediationDue != nil && c.RemediationDeadline != nil && now.Before(*c.RemediationDeadline) &&
			models.CalendarDaysBetween(now, c.RemediationDue.Time) <= before {
			return c.Round // once a round: each round's remediation has its own due date
		}
		return 0
	}, func(c *models.QualityCase, round int) error {
		return queue(remediationDueSoon(c, round), &sent.RemediationsDueSoon)
	})
}

// eachRound calls remind on every item that list gives whose follow-up round is due (round
// above 0).
func eachRound[T any](list func(token string) ([]T, string, error), round func(*T) int, remind func(*T, int) error) error {
	return eachPage(list, func(v *T) (bool, error) {
		if r := round(v); r > 0 {
			return false, remind(v, r)
		}
		return false, nil
	})
}

// taskFollowUp goes to whoever the task waits on: its person, or the operators' queue.
func taskFollowUp(t *models.Task, round, days int) models.Notification {
	x := models.NoticeTaskStillOverdue(*t, days)
	to := "NIA"
	if t.Assignee.Sub != "" {
		to = "user:" + t.Assignee.Sub
	}
	return (models.Notification{Key: fmt.Sprintf("%s/followup-%s-%d", t.WorkflowID, t.ID, round),
		ToRole: t.Assignee.Role, ToOrg: to, CaseType: t.CaseType, CaseID: t.CaseID}).Bilingual(x)
}

func lateTaskToOperators(t *models.Task, round, days int) models.Notification {
	return (models.Notification{Key: fmt.Sprintf("%s/late-task-%s-%d", t.WorkflowID, t.ID, round),
		ToRole: models.RoleOperator, ToOrg: "NIA", CaseType: t.CaseType, CaseID: t.CaseID}).
		Bilingual(models.NoticeTaskOverdueToOperators(*t, days))
}

func evaluationWaiting(o *models.Order, round, days int) models.Notification {
	return (models.Notification{Key: fmt.Sprintf("%s/evaluation-waiting-%d", o.WorkflowID, round),
		ToRole: models.RoleAgency, ToOrg: o.AgencyOrg, CaseType: "order", CaseID: o.ID}).
		Bilingual(models.NoticeEvaluationWaiting(o, days))
}

func preReviewLate(c *models.QualityCase, round int) models.Notification {
	return (models.Notification{Key: fmt.Sprintf("%s/prereview-late-%d", c.WorkflowID, round),
		ToRole: models.RoleOperator, ToOrg: "NIA", CaseType: "quality", CaseID: c.ID}).
		Bilingual(models.NoticePreReviewLate(c))
}

func remediationDueSoon(c *models.QualityCase, round int) models.Notification {
	return (models.Notification{Key: fmt.Sprintf("%s/remediation-due-soon-%d", c.WorkflowID, round), ToRole: models.RoleProvider,
		ToOrg: c.ProviderOrg, CaseType: "quality", CaseID: c.ID}).Bilingual(models.NoticeRemediationDueSoon(c))
}

func reportDueSoon(c *models.QualityCase) models.Notification {
	return (models.Notification{Key: c.WorkflowID + "/report-due-soon", ToRole: models.RoleProvider, ToOrg: c.ProviderOrg,
		CaseType: "quality", CaseID: c.ID}).Bilingual(models.NoticeReportDueSoon(c))
}
