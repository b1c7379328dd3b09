package workflows

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/testsuite"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

func runCommitteeCadence(t *testing.T, in *CommitteeCadenceInput, found activities.CommitteeBacklogResult) (CommitteeCadenceResult, []activities.CommitteeBacklogInput) {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	s.SetLogger(log.NewStructuredLogger(slog.New(slog.DiscardHandler)))
	env := s.NewTestWorkflowEnvironment()
	// 1 April 2027 09:00 Seoul is 00:00 UTC: the beat's day is Seoul's.
	env.SetStartTime(time.Date(2027, 4, 1, 0, 0, 0, 0, time.UTC))
	var calls []activities.CommitteeBacklogInput
	env.OnActivity(acts.RemindCommitteeBacklog, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in activities.CommitteeBacklogInput) (activities.CommitteeBacklogResult, error) {
			calls = append(calls, in)
			return found, nil
		})
	env.ExecuteWorkflow(CommitteeCadence, in)
	require.True(t, env.IsWorkflowCompleted())
	require.NoError(t, env.GetWorkflowError())
	var r CommitteeCadenceResult
	require.NoError(t, env.GetWorkflowResult(&r))
	return r, calls
}

func TestCommitteeCadence_OK_Reminds(t *testing.T) {
	found := activities.CommitteeBacklogResult{Waiting: 2, Oldest: "APP-2027-000004", Reminded: true}
	r, calls := runCommitteeCadence(t, &CommitteeCadenceInput{}, found)
	require.Len(t, calls, 1)
	require.Equal(t, "2027-04-01", calls[0].On.String(), "the Seoul day of the run's start keys the reminder")
	require.Equal(t, CommitteeCadenceResult{On: calls[0].On, Waiting: 2, Oldest: "APP-2027-000004", Reminded: true}, r)
}

func TestCommitteeCadence_OK_GivenDay(t *testing.T) {
	on, err := models.ParseDate("2027-03-01")
	require.NoError(t, err)
	r, calls := runCommitteeCadence(t, &CommitteeCadenceInput{On: on}, activities.CommitteeBacklogResult{OpenSessions: 1})
	require.Equal(t, "2027-03-01", calls[0].On.String())
	require.False(t, r.Reminded)
}

func TestCommitteeCadenceSchedule(t *testing.T) {
	o, err := CommitteeCadenceSchedule("dsmarket", models.CadenceMonthly)
	require.NoError(t, err)
	require.Equal(t, flow.CommitteeCadenceScheduleID, o.ID)
	require.Equal(t, "Asia/Seoul", o.Spec.TimeZoneName)
	require.Len(t, o.Spec.Calendars, 1)
	cal := o.Spec.Calendars[0]
	require.Empty(t, cal.Month, "every month")
	require.Equal(t, []int{1, 9, 0}, []int{cal.DayOfMonth[0].Start, cal.Hour[0].Start, cal.Minute[0].Start})
	require.Equal(t, enums.SCHEDULE_OVERLAP_POLICY_SKIP, o.Overlap)
	require.Equal(t, 7*24*time.Hour, o.CatchupWindow)
	require.Less(t, o.CatchupWindow, 28*24*time.Hour, "shorter than any month: at most one beat is caught up")

	// Every cadence the rule may hold has a calendar; any other is refused.
	for _, c := range models.CommitteeCadences {
		_, err := CommitteeCadenceSchedule("dsmarket", c)
		require.NoError(t, err, c)
	}
	_, err = CommitteeCadenceSchedule("dsmarket", "fortnightly")
	require.ErrorContains(t, err, "fortnightly")
}
