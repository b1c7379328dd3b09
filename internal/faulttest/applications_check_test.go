package faulttest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/dsmarket/dsmarket/models"
)

// faultApplications is how many applications the selection phase drives; the worker is
// killed once half of their steps before the committee are done.
const faultApplications = 10

// faultApplicationsPhase drives the applications to selection across a worker kill and
// checks how they ended. It returns the phase's tally line.
func faultApplicationsPhase(ctx context.Context, t *testing.T, sys *system) string {
	tally := newTally()
	d := newAppDriver(sys, newRESTClient(sys.baseURL(), tally))
	start := time.Now()
	// Five steps each before the committee: apply, document check, assignment, two reviews.
	midway := int64(faultApplications * 5 / 2)
	var record *faultRecord
	killed := make(chan struct{})
	runCtx, stopWatch := context.WithCancel(ctx)
	go func() {
		defer close(killed)
		for d.steps.Load() < midway {
			select {
			case <-runCtx.Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
		}
		rs := runFaults(ctx, start, []fault{{"(a) SIGKILL worker + restart, mid-selection", 0,
			func() bool { return d.c.busy.Load() > 0 }, sys.workerKill}}, d.inFlight.Load, d.c.busy.Load)
		record = &rs[0]
	}()
	cases, sessionID, runErr := d.run(ctx, faultApplications)
	stopWatch()
	<-killed
	driven := time.Since(start)
	if record == nil {
		t.Errorf("the worker was never killed: only %d steps were done, the kill waits for %d", d.steps.Load(), midway)
	} else {
		t.Logf("fault %s (after %d steps)", record, midway)
		if record.err != nil {
			t.Errorf("fault %s: the worker did not come back: %v", record.name, record.err)
		}
		if record.inFlight == 0 {
			t.Errorf("fault %s struck with no application in flight", record.name)
		}
	}
	if runErr != nil {
		t.Errorf("%v", runErr)
	}
	var ids []string
	for _, ac := range cases {
		if ac.id != "" {
			ids = append(ids, ac.id)
		}
		if ac.err != nil {
			t.Errorf("application %02d (%s): its client could not take it to the vote: %v", ac.n, idOr(ac.id), ac.err)
		}
	}

	checks := newTally()
	cd := newAppDriver(sys, newRESTClient(sys.baseURL(), checks))
	tc, err := sys.temporal.dial(ctx)
	if err != nil {
		t.Fatalf("dial Temporal for the checks: %v", err)
	}
	defer tc.Close()
	var tot appTotals
	problems := eventually(ctx, convergeWithin, func(ctx context.Context) []string {
		var p []string
		p, tot = cd.check(ctx, tc, cases, sessionID)
		return p
	})
	if len(problems) > 0 {
		t.Errorf("%d problems with the applications %s after the worker kill:\n  %s", len(problems), convergeWithin, limit(problems, 40))
	}
	checkTally(t, "applications", tally)
	return fmt.Sprintf("applications: created %d of %d; driven in %s; %s; client: %s; checks' client: %s",
		len(ids), faultApplications, driven.Round(time.Second), tot, tally, checks)
}

// appTotals is what the checks counted, for the closing tally.
type appTotals struct {
	api       int            // applications whose GET says selected with a service and a notice
	rows      map[string]int // projection rows by status
	notices   int
	catalog   int            // catalog entries of the applications' services
	openTasks int            // open task rows of the applications
	workflows map[string]int // Application executions by status
	sessions  map[string]int // CommitteeSession executions by status
}

func (a appTotals) String() string {
	return fmt.Sprintf("GET selected %d, projection rows %s, selection notices %d, catalog entries %d, open task rows %d, "+
		"Application workflows %s, CommitteeSession workflows %s",
		a.api, counts(a.rows), a.notices, a.catalog, a.openTasks, counts(a.workflows), counts(a.sessions))
}

// check checks that every application ended selected exactly once: its GET, one
// projection row, one selection notice, one catalog entry under its name, no open task,
// one workflow that did not fail; and the session's one workflow.
func (d *appDriver) check(ctx context.Context, tc client.Client, cases []*appCase, sessionID string) ([]string, appTotals) {
	tot := appTotals{rows: map[string]int{}}
	var problems []string
	want := map[string]*appCase{}
	byName := map[string]*appCase{}
	var wids []string
	for _, ac := range cases {
		byName[ac.name] = ac
		if ac.id == "" {
			continue
		}
		want[ac.id] = ac
		wids = append(wids, flow.ApplicationWorkflowID(ac.id))
		v, err := d.view(ctx, ac.id)
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("%s: %v", ac.id, err))
		case v.Status != string(models.AppSelected) || v.ServiceID == "" || v.NoticeNo == "":
			problems = append(problems, fmt.Sprintf("%s: GET says %q (service %q, notice %q), want selected with both",
				ac.id, v.Status, v.ServiceID, v.NoticeNo))
		default:
			tot.api++
		}
	}

	rows, err := queryPairs(ctx, d.sys.db, "SELECT id, status FROM applications")
	if err != nil {
		return append(problems, "read applications: "+err.Error()), tot
	}
	seen := map[string]int{}
	for _, r := range rows {
		seen[r[0]]++
		tot.rows[r[1]]++
		switch {
		case want[r[0]] == nil:
			problems = append(problems, fmt.Sprintf("%s: a projection row (%s) for an application the client never heard of", r[0], r[1]))
		case r[1] != string(models.AppSelected):
			problems = append(problems, fmt.Sprintf("%s: projection row says %s, want selected", r[0], r[1]))
		}
	}
	notices, err := queryPairs(ctx, d.sys.db, "SELECT application_id, service_id FROM selection_notices")
	if err != nil {
		return append(problems, "read selection notices: "+err.Error()), tot
	}
	noticed := map[string]int{}
	for _, r := range notices {
		noticed[r[0]]++
		if want[r[0]] != nil {
			tot.notices++
		}
	}
	for id := range want {
		if seen[id] != 1 || noticed[id] != 1 {
			problems = append(problems, fmt.Sprintf("%s: %d projection rows and %d selection notices, want 1 and 1", id, seen[id], noticed[id]))
		}
	}

	entries, err := queryPairs(ctx, d.sys.db,
		"SELECT name, status FROM services WHERE provider_org = 'PV-0001' AND name LIKE '내결함성 시험 클라우드 %'")
	if err != nil {
		return append(problems, "read the catalog: "+err.Error()), tot
	}
	listed := map[string]int{}
	for _, r := range entries {
		listed[r[0]]++
		tot.catalog++
		if r[1] != "registered" {
			problems = append(problems, fmt.Sprintf("catalog entry %q is %s, want registered", r[0], r[1]))
		}
	}
	for name, ac := range byName {
		if ac.id != "" && listed[name] != 1 {
			problems = append(problems, fmt.Sprintf("%s: %d catalog entries named %q, want 1", ac.id, listed[name], name))
		}
	}

	open, err := queryPairs(ctx, d.sys.db, "SELECT case_id, kind FROM tasks WHERE case_type = 'application' AND status = 'open'")
	if err != nil {
		return append(problems, "read tasks: "+err.Error()), tot
	}
	for _, r := range open {
		if want[r[0]] != nil {
			tot.openTasks++
			problems = append(problems, fmt.Sprintf("%s: task %s still open in the projection", r[0], r[1]))
		}
	}

	wp, byStatus := checkWorkflows(ctx, tc, "Application", wids, enums.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED)
	tot.workflows = byStatus
	problems = append(problems, wp...)
	if sessionID != "" {
		sp, sessions := checkWorkflows(ctx, tc, "CommitteeSession", []string{flow.SessionWorkflowID(sessionID)},
			enums.WORKFLOW_EXECUTION_STATUS_COMPLETED)
		tot.sessions = sessions
		problems = append(problems, sp...)
	}
	return problems, tot
}
