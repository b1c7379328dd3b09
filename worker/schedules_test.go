package worker_test

import (
	"bytes"
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/internal/temporaltest"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/worker"
	"github.com/dsmarket/dsmarket/workflows"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// allSchedules are the Schedules EnsureSchedules makes. Schedules are server-wide, so a test
// that makes them starts from none and leaves none for the next.
var allSchedules = []string{flow.ServiceWatchScheduleID, flow.HousekeepingScheduleID, flow.QualityCycleScheduleID,
	flow.CommitteeCadenceScheduleID}

func noSchedules(t *testing.T, tc client.Client) {
	t.Helper()
	for _, id := range allSchedules {
		_ = tc.ScheduleClient().GetHandle(context.Background(), id).Delete(context.Background())
		t.Cleanup(func() { _ = tc.ScheduleClient().GetHandle(context.Background(), id).Delete(context.Background()) })
	}
}

func calendar(t *testing.T, s string) models.CycleCalendar {
	t.Helper()
	c, err := models.ParseCycleCalendar(s)
	require.NoError(t, err)
	return c
}

// monthDayHourMinute reads the one calendar of a described Schedule; -1 for a field left
// to its default (every month).
func monthDayHourMinute(t *testing.T, d *client.ScheduleDescription) []int {
	t.Helper()
	require.Len(t, d.Schedule.Spec.Calendars, 1)
	c := d.Schedule.Spec.Calendars[0]
	month := -1
	if len(c.Month) == 1 && c.Month[0].End <= c.Month[0].Start {
		month = c.Month[0].Start
	}
	return []int{month, c.DayOfMonth[0].Start, c.Hour[0].Start, c.Minute[0].Start}
}

// TestEnsureSchedulesFollowsTheRules: the first start creates the Schedules and the second
// finds them as the rules want them; a changed calendar rule updates the quality cycle's
// spec and keeps the pause and note an operator set; a cadence the system cannot follow is
// refused and logged, its Schedule left as it is; the catch-up window and overlap policy
// are those set, on new and on updated Schedules alike.
func TestEnsureSchedulesFollowsTheRules(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, tc := temporaltest.Server(t)
	tq := "t-schedules-" + time.Now().Format("150405.000000")
	noSchedules(t, tc)
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	quality := tc.ScheduleClient().GetHandle(ctx, flow.QualityCycleScheduleID)
	committee := tc.ScheduleClient().GetHandle(ctx, flow.CommitteeCadenceScheduleID)
	describe := func(h client.ScheduleHandle) *client.ScheduleDescription {
		t.Helper()
		d, err := h.Describe(ctx)
		require.NoError(t, err)
		return d
	}

	rules := worker.ScheduleRules{QualityCycle: calendar(t, "03-02 09:00"), CommitteeCadence: "monthly"}
	out, err := worker.EnsureSchedulesFor(ctx, tc, tq, rules, logger)
	require.NoError(t, err)
	require.Equal(t, map[string]worker.ScheduleOutcome{
		flow.HousekeepingScheduleID: worker.ScheduleCreated, flow.ServiceWatchScheduleID: worker.ScheduleCreated,
		flow.QualityCycleScheduleID: worker.ScheduleCreated, flow.CommitteeCadenceScheduleID: worker.ScheduleCreated,
	}, out)
	out, err = worker.EnsureSchedulesFor(ctx, tc, tq, rules, logger)
	require.NoError(t, err)
	for _, id := range allSchedules {
		require.Equal(t, worker.ScheduleUnchanged, out[id], "the second start finds %s as the rules want it", id)
	}

	d := describe(quality)
	require.Equal(t, []int{3, 2, 9, 0}, monthDayHourMinute(t, d))
	require.Equal(t, "Asia/Seoul", d.Schedule.Spec.TimeZoneName)
	require.Equal(t, enums.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE, d.Schedule.Policy.Overlap)
	require.Equal(t, 30*24*time.Hour, d.Schedule.Policy.CatchupWindow)
	c := describe(committee)
	require.Equal(t, []int{-1, 1, 9, 0}, monthDayHourMinute(t, c), "the 1st of every month, 09:00")
	require.Equal(t, "Asia/Seoul", c.Schedule.Spec.TimeZoneName)
	require.Equal(t, enums.SCHEDULE_OVERLAP_POLICY_SKIP, c.Schedule.Policy.Overlap)
	require.Equal(t, 7*24*time.Hour, c.Schedule.Policy.CatchupWindow)
	action, ok := c.Schedule.Action.(*client.ScheduleWorkflowAction)
	require.True(t, ok)
	require.Equal(t, tq, action.TaskQueue)
	require.Equal(t, "CommitteeCadence", action.Workflow)

	// An operator pauses the cycle; then the calendar rule changes.
	const note = "정기점검 보류: 고시 개정 검토 중"
	require.NoError(t, quality.Pause(ctx, client.SchedulePauseOptions{Note: note}))
	amended := rules
	amended.QualityCycle = calendar(t, "04-01 10:30")
	out, err = worker.EnsureSchedulesFor(ctx, tc, tq, amended, logger)
	require.NoError(t, err)
	require.Equal(t, worker.ScheduleUpdated, out[flow.QualityCycleScheduleID])
	require.Equal(t, worker.ScheduleUnchanged, out[flow.CommitteeCadenceScheduleID])
	d = describe(quality)
	require.Equal(t, []int{4, 1, 10, 30}, monthDayHourMinute(t, d))
	require.True(t, d.Schedule.State.Paused, "the operator's pause survives")
	require.Equal(t, note, d.Schedule.State.Note)
	require.Equal(t, enums.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE, d.Schedule.Policy.Overlap)
	require.Equal(t, 30*24*time.Hour, d.Schedule.Policy.CatchupWindow)
	action, ok = d.Schedule.Action.(*client.ScheduleWorkflowAction)
	require.True(t, ok)
	require.Equal(t, tq, action.TaskQueue, "the action is kept")
	require.Equal(t, "QualityCycle", action.Workflow)
	out, err = worker.EnsureSchedulesFor(ctx, tc, tq, amended, logger)
	require.NoError(t, err)
	require.Equal(t, worker.ScheduleUnchanged, out[flow.QualityCycleScheduleID], "updated once")

	// A cadence the system cannot follow: refused and logged, the Schedule left monthly.
	weekly := amended
	weekly.CommitteeCadence = "weekly"
	out, err = worker.EnsureSchedulesFor(ctx, tc, tq, weekly, logger)
	require.NoError(t, err, "one wrong rule does not stop the worker")
	require.Equal(t, worker.ScheduleRefused, out[flow.CommitteeCadenceScheduleID])
	require.Contains(t, logs.String(), `level=ERROR msg="the committee's cadence is not followed`)
	require.Contains(t, logs.String(), `value=weekly`)
	require.Equal(t, []int{-1, 1, 9, 0}, monthDayHourMinute(t, describe(committee)))
}

// TestEnsureSchedulesSetsPoliciesOnOldSchedules: a Schedule created before the policies
// were explicit (overlap SKIP, the server's catch-up window) gets them at the next start,
// its calendar unchanged.
func TestEnsureSchedulesSetsPoliciesOnOldSchedules(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, tc := temporaltest.Server(t)
	tq := "t-schedules-old-" + time.Now().Format("150405.000000")
	noSchedules(t, tc)
	cal := calendar(t, "03-02 09:00")
	old := workflows.QualityCycleScheduleOn(tq, cal)
	old.Overlap, old.CatchupWindow = enums.SCHEDULE_OVERLAP_POLICY_SKIP, 0
	_, err := tc.ScheduleClient().Create(ctx, old)
	require.NoError(t, err)

	out, err := worker.EnsureSchedulesFor(ctx, tc, tq, worker.ScheduleRules{QualityCycle: cal, CommitteeCadence: "monthly"},
		slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	require.Equal(t, worker.ScheduleUpdated, out[flow.QualityCycleScheduleID])
	d, err := tc.ScheduleClient().GetHandle(ctx, flow.QualityCycleScheduleID).Describe(ctx)
	require.NoError(t, err)
	require.Equal(t, []int{3, 2, 9, 0}, monthDayHourMinute(t, d))
	require.Equal(t, enums.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE, d.Schedule.Policy.Overlap)
	require.Equal(t, 30*24*time.Hour, d.Schedule.Policy.CatchupWindow)
}

// TestScheduleRulesAt reads the rule table: March 2 09:00, monthly.
func TestScheduleRulesAt(t *testing.T) {
	r := worker.ScheduleRulesAt(time.Date(2027, 1, 1, 0, 0, 0, 0, models.Seoul))
	require.Equal(t, "03-02 09:00", r.QualityCycle.String())
	require.Equal(t, "monthly", r.CommitteeCadence)
}
