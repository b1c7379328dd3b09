package activities_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
)

// TestRemindCommitteeBacklog: with applications waiting and no session open, the operators
// get one reminder for the day however often the beat runs; with none waiting, or a
// session open, nothing.
func TestRemindCommitteeBacklog(t *testing.T) {
	env, st := setup(t)
	ctx := context.Background()
	var a *activities.Activities
	on, err := models.ParseDate("2027-04-01")
	require.NoError(t, err)
	remind := func(on models.Date) activities.CommitteeBacklogResult {
		t.Helper()
		v, err := env.ExecuteActivity(a.RemindCommitteeBacklog, activities.CommitteeBacklogInput{On: on})
		require.NoError(t, err)
		var res activities.CommitteeBacklogResult
		require.NoError(t, v.Get(&res))
		return res
	}
	reminders := func() []models.Notification {
		t.Helper()
		all, err := st.ListNotifications(ctx, "NIA", 0)
		require.NoError(t, err)
		return all
	}

	require.Equal(t, activities.CommitteeBacklogResult{}, remind(on), "nobody waits")
	require.Empty(t, reminders())

	// The projection as an application's workflow leaves it after the expert review.
	for _, id := range []string{"APP-2027-000009", "APP-2027-000004"} {
		require.NoError(t, st.DB().Exec(`INSERT INTO applications (id, workflow_id, status, provider_org, business_no,
			service_name, service_type, service_subtype, applied_at, version, doc)
			VALUES (?, ?, 'awaiting_committee', 'PV-0001', '000-00-00000', '서비스', 'cloud', 'saas', now(), 5, '{}')`,
			id, "application-"+id).Error)
	}
	for range 2 {
		require.Equal(t, activities.CommitteeBacklogResult{Waiting: 2, Oldest: "APP-2027-000004", Reminded: true}, remind(on))
	}
	sent := reminders()
	require.Len(t, sent, 1, "one reminder for the day, whatever the retries")
	n := sent[0]
	require.Equal(t, "committee-cadence/2027-04-01", n.Key)
	require.Equal(t, models.RoleOperator, n.ToRole)
	require.Equal(t, "application", n.CaseType)
	require.Equal(t, "APP-2027-000004", n.CaseID)
	require.Equal(t, "심사위원회 개최 필요: 상정 대기 2건", n.SubjectIn(models.LangKO))
	require.Contains(t, n.BodyIn(models.LangEN), "APP-2027-000004")

	require.NoError(t, st.DB().Exec(`INSERT INTO committee_sessions (id, workflow_id, held_on, status, members, opened_by,
		opened_at, version, doc) VALUES ('CS-2027-0001', 'committee-CS-2027-0001', '2027-05-02', 'open', '[]', 'park.operator',
		now(), 1, '{}')`).Error)
	next, err := models.ParseDate("2027-05-01")
	require.NoError(t, err)
	require.Equal(t, activities.CommitteeBacklogResult{Waiting: 2, Oldest: "APP-2027-000004", OpenSessions: 1}, remind(next),
		"an open session calls the waiting applications in by itself")
	require.Len(t, reminders(), 1)

	_, err = env.ExecuteActivity(a.RemindCommitteeBacklog, activities.CommitteeBacklogInput{})
	require.Error(t, err, "a beat without its day")
}
