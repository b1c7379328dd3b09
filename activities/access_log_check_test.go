package activities_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestRemindWaitingWork_AccessLogCheckToAuditors: while no check covers the whole of the
// month before, the auditors hear of it the first night and again each follow-up period
// (seven days) after, in their language, with the period; a check of half the month does
// not stop it, a check of all of it does.
func TestRemindWaitingWork_AccessLogCheckToAuditors(t *testing.T) {
	now := time.Date(2027, 4, 2, 3, 0, 0, 0, models.Seoul)
	env, st := setupAt(t, func() time.Time { return now })
	ctx := context.Background()
	var a *activities.Activities
	night := func() flow.Reminders {
		t.Helper()
		v, err := env.ExecuteActivity(a.RemindWaitingWork)
		require.NoError(t, err)
		var got flow.Reminders
		require.NoError(t, v.Get(&got))
		return got
	}
	auditor := models.Actor{Sub: "lee.auditor", Role: models.RoleAuditor, Org: "BAI"}
	half, err := models.ParsePersonReadCheck(models.PersonReadCheckInput{From: "2027-03-01", To: "2027-03-15", Outcome: "no_findings"}, now)
	require.NoError(t, err)
	_, _, err = st.RecordPersonReadCheck(ctx, half, auditor, now)
	require.NoError(t, err)

	require.Equal(t, int64(1), night().AccessLogChecksDue)
	news, err := st.ListNotifications(ctx, "BAI", 0)
	require.NoError(t, err)
	require.Len(t, news, 1)
	n := news[0]
	require.Equal(t, "access-log-check/2027-03/BAI", n.Key)
	require.Equal(t, models.RoleAuditor, n.ToRole)
	require.Equal(t, "개인정보 접속기록 점검 필요: 2027-03", n.SubjectText.In(models.LangKO))
	require.Contains(t, n.BodyText.In(models.LangEN), "(2027-03-01 to 2027-03-31)")
	require.Equal(t, int64(0), night().AccessLogChecksDue, "once a night")
	now = time.Date(2027, 4, 7, 3, 0, 0, 0, models.Seoul)
	require.Equal(t, int64(0), night().AccessLogChecksDue, "not again before a week has passed")
	now = time.Date(2027, 4, 8, 3, 0, 0, 0, models.Seoul)
	require.Equal(t, int64(1), night().AccessLogChecksDue, "again a week after the month began, still unchecked")
	news, err = st.ListNotifications(ctx, "BAI", 0)
	require.NoError(t, err)
	require.Len(t, news, 2)
	keys := []string{news[0].Key, news[1].Key}
	require.ElementsMatch(t, []string{"access-log-check/2027-03/BAI", "access-log-check/2027-03/BAI/2"}, keys)
	require.Equal(t, int64(0), night().AccessLogChecksDue, "the second round once")

	whole, err := models.ParsePersonReadCheck(models.PersonReadCheckInput{From: "2027-02-20", To: "2027-03-31", Outcome: "no_findings"}, now)
	require.NoError(t, err)
	_, _, err = st.RecordPersonReadCheck(ctx, whole, auditor, now)
	require.NoError(t, err)
	now = time.Date(2027, 4, 15, 3, 0, 0, 0, models.Seoul)
	require.Equal(t, int64(0), night().AccessLogChecksDue, "March was checked: no third round")
}
