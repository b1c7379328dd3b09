package activities_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestRemindWaitingWork_BallotStaysSecret: a member's late vote is followed up to the
// member only; an expert's late review to the expert and the operators; a task not a whole
// period late, to nobody.
func TestRemindWaitingWork_BallotStaysSecret(t *testing.T) {
	now := time.Date(2027, 4, 20, 3, 0, 0, 0, models.Seoul)
	env, st := setupAt(t, func() time.Time { return now })
	ctx := context.Background()
	due := now.AddDate(0, 0, -models.RuleInt(models.RuleTaskFollowUpDays, now))
	for _, row := range []struct {
		id, kind, sub string
		due           time.Time
	}{
		{"APP-2027-000001-T03", "expert_review", "cho.expert", due},
		{"APP-2027-000001-T04", "committee_vote", "song.committee", due},
		{"APP-2027-000002-T03", "expert_review", "yoo.expert", due.Add(24 * time.Hour)},
	} {
		role := models.RoleExpert
		if row.kind == "committee_vote" {
			role = models.RoleCommittee
		}
		caseID := row.id[:len("APP-2027-000001")]
		doc, err := json.Marshal(models.Task{ID: row.id, Kind: models.TaskKind(row.kind), CaseType: "application", CaseID: caseID,
			WorkflowID: "application-" + caseID, Title: "검토", Assignee: models.Assignee{Role: role, Sub: row.sub},
			DueAt: row.due, CreatedAt: row.due.AddDate(0, 0, -14), Status: models.TaskOpen})
		require.NoError(t, err)
		require.NoError(t, st.DB().Exec(`INSERT INTO tasks (id, kind, case_type, case_id, workflow_id, title, assignee_role,
			assignee_sub, due_at, created_at, status, case_version, doc) VALUES (?, ?, 'application', ?, ?, '검토', ?, ?, ?, ?, 'open', 1, ?)`,
			row.id, row.kind, caseID, "application-"+caseID, string(role), row.sub, row.due, row.due.AddDate(0, 0, -14), doc).Error)
	}
	var a *activities.Activities
	v, err := env.ExecuteActivity(a.RemindWaitingWork)
	require.NoError(t, err)
	var got flow.Reminders
	require.NoError(t, v.Get(&got))
	// The auditors hear that March's access log was not checked (remindAccessLogCheck).
	require.Equal(t, flow.Reminders{TaskFollowUps: 2, LateTasksToOperators: 1, AccessLogChecksDue: 1}, got)

	toNIA, err := st.ListNotifications(ctx, "NIA", 0)
	require.NoError(t, err)
	require.Len(t, toNIA, 1)
	require.Equal(t, "application-APP-2027-000001/late-task-APP-2027-000001-T03-1", toNIA[0].Key)
	toMember, err := st.ListNotifications(ctx, "user:song.committee", 0)
	require.NoError(t, err)
	require.Len(t, toMember, 1)
	require.Equal(t, "notify.task_still_overdue.body", toMember[0].BodyText.Key)
}

// TestRemindWaitingWork_LatePreReviewToOperators: a quality report whose pre-review is past
// due is followed up to the operators the first night after and every period after, each
// round once; a report still within its window, and a case already pre-reviewed, to nobody.
func TestRemindWaitingWork_LatePreReviewToOperators(t *testing.T) {
	opened := time.Date(2027, 3, 2, 9, 0, 0, 0, models.Seoul)
	now := opened
	env, st := setupAt(t, func() time.Time { return now })
	ctx := context.Background()
	waiting := func(serviceID string, missedAt time.Time) *models.QualityCase {
		sv, err := st.GetService(ctx, serviceID)
		require.NoError(t, err)
		c := models.NewQualityCase(models.QualityDueService{ID: sv.ID, Name: sv.Name, NameEn: sv.NameEn, Type: sv.Type,
			ProviderOrg: sv.Provider.Org, SelectedOn: *sv.SelectedOn}, 2027, "quality-"+sv.ID+"-2027", opened)
		require.True(t, c.MissReport(missedAt))
		require.NoError(t, st.SaveQualityCase(ctx, c))
		return c
	}
	late := waiting("SVC-0001", opened.AddDate(0, 1, 0))
	inTime := waiting("SVC-0002", opened.AddDate(0, 2, 0))
	require.True(t, late.PreReviewDueAt.Before(*inTime.PreReviewDueAt))

	var a *activities.Activities
	remind := func() flow.Reminders {
		v, err := env.ExecuteActivity(a.RemindWaitingWork)
		require.NoError(t, err)
		var got flow.Reminders
		require.NoError(t, v.Get(&got))
		return got
	}
	toNIA := func() []string {
		ns, err := st.ListNotifications(ctx, "NIA", 0)
		require.NoError(t, err)
		var keys []string
		for _, n := range ns {
			if n.CaseType == "quality" {
				keys = append(keys, n.Key)
			}
		}
		return keys
	}

	now = *late.PreReviewDueAt
	require.Zero(t, remind().PreReviewsLate, "at its due time the pre-review is not late yet")
	now = late.PreReviewDueAt.Add(18 * time.Hour)
	require.Equal(t, int64(1), remind().PreReviewsLate)
	require.Zero(t, remind().PreReviewsLate, "a second run the same night queues nothing")
	require.Equal(t, []string{late.WorkflowID + "/prereview-late-1"}, toNIA())

	ns, err := st.ListNotifications(ctx, "NIA", 0)
	require.NoError(t, err)
	require.Equal(t, "notify.prereview_late.body", ns[0].BodyText.Key)
	require.Contains(t, ns[0].BodyText.In("ko"), late.ID)

	every := models.RuleInt(models.RuleTaskFollowUpDays, now)
	now = late.PreReviewDueAt.AddDate(0, 0, every)
	require.Equal(t, int64(1), remind().PreReviewsLate)
	require.ElementsMatch(t, []string{late.WorkflowID + "/prereview-late-1", late.WorkflowID + "/prereview-late-2"}, toNIA())

	accepted := false // no report came, so nothing to accept
	require.NoError(t, late.PreReview(now, models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"},
		models.PreReviewInput{Accepted: &accepted, Note: "보고서 미제출 확인"}))
	require.NoError(t, st.SaveQualityCase(ctx, late))
	now = late.PreReviewDueAt.AddDate(0, 0, 2*every)
	require.Zero(t, remind().PreReviewsLate, "a pre-reviewed case is followed up no more")
}

// TestRemindWaitingWork_ReportDueSoonToProvider: a provider that has not reported is
// reminded once, quality.report_reminder_days_before days before the due date; not
// earlier, not twice, and not once the report is in or the window has closed.
func TestRemindWaitingWork_ReportDueSoonToProvider(t *testing.T) {
	opened := time.Date(2027, 3, 2, 9, 0, 0, 0, models.Seoul)
	now := opened
	env, st := setupAt(t, func() time.Time { return now })
	ctx := context.Background()
	open := func(serviceID string) *models.QualityCase {
		sv, err := st.GetService(ctx, serviceID)
		require.NoError(t, err)
		c := models.NewQualityCase(models.QualityDueService{ID: sv.ID, Name: sv.Name, NameEn: sv.NameEn, Type: sv.Type,
			ProviderOrg: sv.Provider.Org, SelectedOn: *sv.SelectedOn}, 2027, "quality-"+sv.ID+"-2027", opened)
		require.NoError(t, st.SaveQualityCase(ctx, c))
		return c
	}
	waiting := open("SVC-0001")
	var a *activities.Activities
	remind := func() int64 {
		v, err := env.ExecuteActivity(a.RemindWaitingWork)
		require.NoError(t, err)
		var got flow.Reminders
		require.NoError(t, v.Get(&got))
		return got.ReportsDueSoon
	}
	before := models.RuleInt(models.RuleQualityReportReminderDays, now)
	due := waiting.ReportDue.Time

	now = due.AddDate(0, 0, -before-1).Add(3 * time.Hour)
	require.Zero(t, remind(), "a day too early")
	now = due.AddDate(0, 0, -before).Add(3 * time.Hour)
	require.Equal(t, int64(1), remind())
	now = now.Add(24 * time.Hour)
	require.Zero(t, remind(), "once only")

	ns, err := st.ListNotifications(ctx, waiting.ProviderOrg, 0)
	require.NoError(t, err)
	var keys []string
	for _, n := range ns {
		if n.CaseType == "quality" {
			keys = append(keys, n.Key)
			require.Equal(t, "notify.report_due_soon.body", n.BodyText.Key)
			require.Contains(t, n.BodyText.In("ko"), waiting.ReportDue.String())
		}
	}
	require.Equal(t, []string{waiting.WorkflowID + "/report-due-soon"}, keys)

	// Past the window no reminder comes: the case records the missing report itself.
	late := open("SVC-0002")
	now = late.ReportDeadline.Add(time.Hour)
	require.Zero(t, remind())
}

// TestRemindWaitingWork_RemediationDueSoonToProvider: a provider whose remediation is not
// reported is reminded once a round, quality.remediation_reminder_days_before days before
// its due date; not earlier, not twice, and not once it has reported it.
func TestRemindWaitingWork_RemediationDueSoonToProvider(t *testing.T) {
	opened := time.Date(2027, 3, 2, 9, 0, 0, 0, models.Seoul)
	now := opened
	env, st := setupAt(t, func() time.Time { return now })
	ctx := context.Background()
	operator := models.Actor{Sub: "park.operator", Role: models.RoleOperator, Org: "NIA"}
	remediating := func(serviceID string) *models.QualityCase {
		sv, err := st.GetService(ctx, serviceID)
		require.NoError(t, err)
		c := models.NewQualityCase(models.QualityDueService{ID: sv.ID, Name: sv.Name, NameEn: sv.NameEn, Type: sv.Type,
			ProviderOrg: sv.Provider.Org, SelectedOn: *sv.SelectedOn}, 2027, "quality-"+sv.ID+"-2027", opened)
		pct, none := 99.9, int64(0)
		provider := models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: sv.Provider.Org}
		require.NoError(t, c.SubmitReport(opened.Add(time.Hour), provider, models.QualityReportInput{Summary: "보고",
			AvailabilityPct: &pct, Incidents: &none}))
		accepted := true
		require.NoError(t, c.PreReview(opened.Add(2*time.Hour), operator, models.PreReviewInput{Accepted: &accepted}))
		require.NoError(t, c.Inspect(opened.Add(3*time.Hour), operator, models.QualityInspectionInput{Outcome: "remediate",
			Reason: "백업 복구 훈련 미실시", Due: "2027-04-30"}))
		require.NoError(t, st.SaveQualityCase(ctx, c))
		return c
	}
	waiting := remediating("SVC-0001")
	var a *activities.Activities
	remind := func() int64 {
		v, err := env.ExecuteActivity(a.RemindWaitingWork)
		require.NoError(t, err)
		var got flow.Reminders
		require.NoError(t, v.Get(&got))
		return got.RemediationsDueSoon
	}
	before := models.RuleInt(models.RuleQualityRemediationReminderDays, now)
	due := waiting.RemediationDue.Time

	now = due.AddDate(0, 0, -before-1).Add(3 * time.Hour)
	require.Zero(t, remind(), "a day too early")
	now = due.AddDate(0, 0, -before).Add(3 * time.Hour)
	require.Equal(t, int64(1), remind())
	now = now.Add(24 * time.Hour)
	require.Zero(t, remind(), "once a round")

	ns, err := st.ListNotifications(ctx, waiting.ProviderOrg, 0)
	require.NoError(t, err)
	var keys []string
	for _, n := range ns {
		if n.CaseType == "quality" {
			keys = append(keys, n.Key)
			require.Equal(t, "notify.remediation_due_soon.body", n.BodyText.Key)
			require.Contains(t, n.BodyText.In("ko"), "2027-04-30")
		}
	}
	require.Equal(t, []string{waiting.WorkflowID + "/remediation-due-soon-1"}, keys)

	// A remediation reported opens the next round: nothing is due any more.
	reported := remediating("SVC-0002")
	require.NoError(t, reported.ReportRemediation(now, models.Actor{Sub: "han.provider", Role: models.RoleProvider,
		Org: reported.ProviderOrg}, models.RemediationReportInput{Summary: "훈련 시행"}))
	require.NoError(t, st.SaveQualityCase(ctx, reported))
	require.Zero(t, remind())
}
