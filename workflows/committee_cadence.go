package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// CommitteeCadenceInput is one beat of the committee's cadence.
type CommitteeCadenceInput struct {
	// On is the day of the beat; zero (as the Schedule starts it) is the Seoul day the run
	// starts.
	On models.Date
}

// CommitteeCadenceResult is what the beat found, and whether the operators were told.
type CommitteeCadenceResult struct {
	On           models.Date
	Waiting      int
	Oldest       string
	OpenSessions int
	Reminded     bool
}

// committeeCadenceOptions: one short query and at most one insert; an outage is waited out,
// and the reminder's key keeps a retry from writing it twice.
var committeeCadenceOptions = workflow.ActivityOptions{
	StartToCloseTimeout: time.Minute,
	RetryPolicy: &temporal.RetryPolicy{
		InitialInterval:    time.Second,
		BackoffCoefficient: 2,
		MaximumInterval:    5 * time.Minute,
	},
}

// CommitteeCadence is one beat of the selection committee's cadence (committee.cadence):
// when applications wait for the committee and no session is open, the operators are
// asked to open one. The system does not convene the committee itself: who sits and when
// is the operators' decision. A Schedule starts it (CommitteeCadenceSchedule).
func CommitteeCadence(ctx workflow.Context, in *CommitteeCadenceInput) (*CommitteeCadenceResult, error) {
	on := models.DateOf(workflow.Now(ctx))
	if in != nil && !in.On.IsZero() {
		on = in.On
	}
	actx := workflow.WithActivityOptions(ctx, committeeCadenceOptions)
	var found activities.CommitteeBacklogResult
	if err := workflow.ExecuteActivity(actx, acts.RemindCommitteeBacklog,
		activities.CommitteeBacklogInput{On: on}).Get(ctx, &found); err != nil {
		return nil, err
	}
	return &CommitteeCadenceResult{On: on, Waiting: found.Waiting, Oldest: found.Oldest,
		OpenSessions: found.OpenSessions, Reminded: found.Reminded}, nil
}

// committeeCadenceCatchup is how late a missed beat still runs when the cluster comes back.
// It is shorter than any month, so an outage leaves at most one beat to catch up: the
// operators are reminded once, not once per missed month. A week late the reminder still
// serves the month's session; after a longer outage the next beat reminds them, as the
// backlog is still there.
const committeeCadenceCatchup = 7 * 24 * time.Hour

// CommitteeCadenceSchedule is the Schedule of the committee's cadence: monthly, the first
// of each month at 09:00 Seoul, when the operators start their month. Overlap SKIP: a beat
// is a query and one insert; a beat still running (waiting out an outage) makes the next
// one pointless.
func CommitteeCadenceSchedule(taskQueue string, cadence models.CommitteeCadence) (client.ScheduleOptions, error) {
	var cal client.ScheduleCalendarSpec
	switch cadence {
	case models.CadenceMonthly:
		cal = client.ScheduleCalendarSpec{
			DayOfMonth: []client.ScheduleRange{{Start: 1}},
			Hour:       []client.ScheduleRange{{Start: 9}},
			Minute:     []client.ScheduleRange{{Start: 0}},
			Comment:    "committee cadence monthly: the 1st, 09:00 Seoul (rule " + string(models.RuleCommitteeCadence) + ")",
		}
	default:
		return client.ScheduleOptions{}, fmt.Errorf("committee cadence %q has no Schedule calendar", cadence)
	}
	return client.ScheduleOptions{
		ID:   flow.CommitteeCadenceScheduleID,
		Spec: client.ScheduleSpec{Calendars: []client.ScheduleCalendarSpec{cal}, TimeZoneName: "Asia/Seoul"},
		Action: &client.ScheduleWorkflowAction{
			ID: "committee-cadence", Workflow: CommitteeCadence, Args: []any{&CommitteeCadenceInput{}}, TaskQueue: taskQueue,
		},
		Overlap:       enums.SCHEDULE_OVERLAP_POLICY_SKIP,
		CatchupWindow: committeeCadenceCatchup,
	}, nil
}
