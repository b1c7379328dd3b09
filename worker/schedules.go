package worker

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// ScheduleRules are the rules that set when Schedules run, as one rule table has them at
// one instant: the yearly quality cycle's calendar and the committee's cadence.
type ScheduleRules struct {
	QualityCycle models.CycleCalendar // quality.cycle_calendar
	// CommitteeCadence is committee.cadence as the table writes it; a value the system
	// cannot follow is refused when the Schedule is made, not here.
	CommitteeCadence string
}

// ScheduleRulesAt reads the rules in force at at from the rule table.
func ScheduleRulesAt(at time.Time) ScheduleRules {
	rules := ScheduleRules{QualityCycle: models.QualityCycleCalendarAt(at)}
	if r, err := models.RuleAt(models.RuleCommitteeCadence, at); err == nil {
		rules.CommitteeCadence = r.Value
	}
	return rules
}

// ScheduleOutcome is what EnsureSchedulesFor did with one Schedule.
type ScheduleOutcome string

// The outcomes.
const (
	ScheduleCreated   ScheduleOutcome = "created"
	ScheduleUpdated   ScheduleOutcome = "updated"   // its spec or policies followed a changed rule
	ScheduleUnchanged ScheduleOutcome = "unchanged" // found as the rules want it (or, for a nightly one, found)
	// ScheduleRefused: the rule holds a value the system cannot follow; the Schedule, if
	// there is one, is left as it is, and the refusal is logged as an error.
	ScheduleRefused ScheduleOutcome = "refused"
)

// EnsureSchedules makes the Schedules of dsmarket follow the rule table in force now. Every
// worker calls it at start (Run); see EnsureSchedulesFor.
func EnsureSchedules(ctx context.Context, c client.Client, taskQueue string) error {
	_, err := EnsureSchedulesFor(ctx, c, taskQueue, ScheduleRulesAt(time.Now()), slog.Default())
	return err
}

// EnsureSchedulesFor makes the Schedules follow rules; it is idempotent, so every worker
// start may call it, and several at once.
//
// The nightly housekeeping (03:00) and service-watch sweep (02:00) follow no rule: they are
// created when absent, and an existing one is left as an operator left it.
//
// The yearly quality cycle and the committee's cadence follow the rules: each is created
// when absent; when present and its calendar or its catch-up window and overlap policy are
// not those of the rules, its spec and policies are updated, and nothing else: a pause and
// its note, set by an operator, survive (docs/schedules.md). A committee cadence the system
// cannot follow is refused: logged, and the existing Schedule left as it is, so that one
// wrong rule does not stop the worker.
func EnsureSchedulesFor(ctx context.Context, c client.Client, taskQueue string, rules ScheduleRules, logger *slog.Logger) (map[string]ScheduleOutcome, error) {
	out := map[string]ScheduleOutcome{}
	for _, o := range nightlySchedules(taskQueue) {
		_, err := c.ScheduleClient().Create(ctx, o)
		switch {
		case err == nil:
			out[o.ID] = ScheduleCreated
		case errors.Is(err, temporal.ErrScheduleAlreadyRunning):
			out[o.ID] = ScheduleUnchanged
		default:
			return out, fmt.Errorf("create schedule %s: %w", o.ID, err)
		}
	}

	var err error
	id := flow.QualityCycleScheduleID
	if out[id], err = ensureFollowing(ctx, c, workflows.QualityCycleScheduleOn(taskQueue, rules.QualityCycle)); err != nil {
		return out, err
	}

	id = flow.CommitteeCadenceScheduleID
	o, err := committeeCadenceSchedule(taskQueue, rules.CommitteeCadence)
	if err != nil {
		logger.ErrorContext(ctx, "the committee's cadence is not followed: its Schedule is left as it is",
			"schedule", id, "rule", models.RuleCommitteeCadence, "value", rules.CommitteeCadence, "error", err)
		out[id] = ScheduleRefused
	} else if out[id], err = ensureFollowing(ctx, c, o); err != nil {
		return out, err
	}

	for _, id := range []string{flow.QualityCycleScheduleID, flow.CommitteeCadenceScheduleID} {
		logger.InfoContext(ctx, "schedule ensured", "schedule", id, "outcome", out[id])
	}
	return out, nil
}

func committeeCadenceSchedule(taskQueue, value string) (client.ScheduleOptions, error) {
	cadence, err := models.ParseCommitteeCadence(value)
	if err != nil {
		return client.ScheduleOptions{}, err
	}
	return workflows.CommitteeCadenceSchedule(taskQueue, cadence)
}

// nightlySchedules are the Schedules that follow no rule. The sweep starts the continuous
// inspection of services that have none yet (those selected during the day among them).
func nightlySchedules(taskQueue string) []client.ScheduleOptions {
	return []client.ScheduleOptions{
		nightly(flow.HousekeepingScheduleID, 3, "housekeeping", workflows.Housekeeping, taskQueue),
		nightly(flow.ServiceWatchScheduleID, 2, "service-watch-sweep", workflows.ServiceWatchSweep, taskQueue,
			&flow.ServiceWatchSweepInput{}),
	}
}

// nightly is a Schedule that starts workflow every night at hour, Seoul time. Overlap SKIP:
// a run still under way (a sweep paging through a large catalog) is not raced by the next.
func nightly(id string, hour int, workflowID string, workflow any, taskQueue string, args ...any) client.ScheduleOptions {
	return client.ScheduleOptions{
		ID: id,
		Spec: client.ScheduleSpec{
			Calendars: []client.ScheduleCalendarSpec{{Hour: []client.ScheduleRange{{Start: hour}},
				Comment: fmt.Sprintf("nightly, %02d:00 Seoul", hour)}},
			TimeZoneName: "Asia/Seoul",
		},
		Action:  &client.ScheduleWorkflowAction{ID: workflowID, Workflow: workflow, TaskQueue: taskQueue, Args: args},
		Overlap: enums.SCHEDULE_OVERLAP_POLICY_SKIP,
	}
}

// ensureFollowing creates the Schedule o or, when it exists, makes its spec and policies
// o's, keeping its action and its state (a pause, its note). The comparison is made on the
// description the update reads, so two workers starting together update at most once
// each, to the same result.
func ensureFollowing(ctx context.Context, c client.Client, o client.ScheduleOptions) (ScheduleOutcome, error) {
	_, err := c.ScheduleClient().Create(ctx, o)
	if err == nil {
		return ScheduleCreated, nil
	}
	if !errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
		return "", fmt.Errorf("create schedule %s: %w", o.ID, err)
	}
	outcome := ScheduleUnchanged
	err = c.ScheduleClient().GetHandle(ctx, o.ID).Update(ctx, client.ScheduleUpdateOptions{
		DoUpdate: func(in client.ScheduleUpdateInput) (*client.ScheduleUpdate, error) {
			s := in.Description.Schedule
			if sameSpec(s.Spec, o.Spec) && s.Policy != nil &&
				s.Policy.Overlap == o.Overlap && s.Policy.CatchupWindow == o.CatchupWindow {
				return nil, temporal.ErrSkipScheduleUpdate
			}
			spec := o.Spec
			s.Spec = &spec
			policy := client.SchedulePolicies{Overlap: o.Overlap, CatchupWindow: o.CatchupWindow}
			if s.Policy != nil {
				policy.PauseOnFailure = s.Policy.PauseOnFailure
			}
			s.Policy = &policy
			outcome = ScheduleUpdated
			return &client.ScheduleUpdate{Schedule: &s}, nil
		},
	})
	if err != nil {
		return "", fmt.Errorf("update schedule %s: %w", o.ID, err)
	}
	return outcome, nil
}

// sameSpec tells whether a described spec fires when want does: the same time zone,
// intervals and calendars, each calendar read with the defaults the SDK sends for an empty
// field, comments aside.
func sameSpec(have *client.ScheduleSpec, want client.ScheduleSpec) bool {
	if have == nil || have.TimeZoneName != want.TimeZoneName || len(have.Calendars) != len(want.Calendars) ||
		len(have.CronExpressions) > 0 || !reflect.DeepEqual(nonNil(have.Intervals), nonNil(want.Intervals)) {
		return false
	}
	for i := range want.Calendars {
		if calendarKey(have.Calendars[i]) != calendarKey(want.Calendars[i]) {
			return false
		}
	}
	return true
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// calendarKey writes a calendar canonically: every field with the SDK's default when
// empty, each range with its end and step as the server reads them.
func calendarKey(c client.ScheduleCalendarSpec) string {
	field := func(r []client.ScheduleRange, def client.ScheduleRange) string {
		if len(r) == 0 {
			r = []client.ScheduleRange{def}
		}
		parts := make([]string, len(r))
		for i, x := range r {
			end, step := max(x.End, x.Start), max(x.Step, 1)
			parts[i] = fmt.Sprintf("%d-%d/%d", x.Start, end, step)
		}
		return strings.Join(parts, ",")
	}
	year := "*"
	if len(c.Year) > 0 {
		year = field(c.Year, client.ScheduleRange{})
	}
	return strings.Join([]string{
		field(c.Second, client.ScheduleRange{}), field(c.Minute, client.ScheduleRange{}),
		field(c.Hour, client.ScheduleRange{}), field(c.DayOfMonth, client.ScheduleRange{Start: 1, End: 31}),
		field(c.Month, client.ScheduleRange{Start: 1, End: 12}), field(c.DayOfWeek, client.ScheduleRange{Start: 0, End: 6}),
		year,
	}, " ")
}
