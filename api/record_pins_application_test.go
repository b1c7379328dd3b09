package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// TestRecordPinnedApplicationHistory runs an application opened through the REST API, so
// that its input carries the rule versions in force (pins), to its selection on the real
// server. While the experts review, a version of their period that applies to open cases
// reaches it by the rules-changed signal: their deadlines move, the step names the version.
// With -record it writes the history for workflows' replay test
// (`go test ./api -run TestRecordPinnedApplicationHistory -record`).
func TestRecordPinnedApplicationHistory(t *testing.T) {
	h := newHarness(t)
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	var a models.Application
	require.NoError(t, json.Unmarshal(h.do("GET", "/api/v1/applications/"+id, h.auditor(), nil).body, &a))
	require.NotNil(t, a.Pins, "the application holds the versions it started under")
	require.Contains(t, a.Pins.Versions(), string(models.RuleCommitteeQuorum)+"@"+models.RegimeStart.String())

	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskDocumentCheck), map[string]any{"outcome": "accept"})
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskAssignExperts), map[string]any{"experts": []string{"cho.expert", "yoo.expert"}})
	h.openTask(h.expert("cho.expert"), id, models.TaskExpertReview)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	wid := flow.ApplicationWorkflowID(id)
	version := models.PinnedRule{Value: "21", EffectiveFrom: models.DateOf(time.Now())}
	require.NoError(t, h.tc.SignalWorkflow(ctx, wid, "", flow.SignalRulesChanged,
		flow.RulesChangedSignal{Rules: map[models.RuleKey]models.PinnedRule{models.RuleExpertReviewDays: version}}))
	require.Eventually(t, func() bool {
		require.NoError(t, json.Unmarshal(h.do("GET", "/api/v1/applications/"+id, h.auditor(), nil).body, &a))
		return a.Steps[len(a.Steps)-1].Action == models.ActionRuleApplied
	}, 30*time.Second, 100*time.Millisecond, "the application takes the version")
	for _, task := range a.Tasks {
		if task.Kind == models.TaskExpertReview {
			require.True(t, models.AddCalendarDays(task.CreatedAt, 21).Equal(task.DueAt), "review due %s", task.DueAt)
		}
	}

	h.complete(h.expert("cho.expert"), h.openTask(h.expert("cho.expert"), id, models.TaskExpertReview), reviewBody("suitable", false))
	h.complete(h.expert("yoo.expert"), h.openTask(h.expert("yoo.expert"), id, models.TaskExpertReview), reviewBody("suitable", false))
	r := h.do("POST", "/api/v1/committee/sessions", h.operator(), sessionBody("song.committee", "lim.committee", "kwon.committee"),
		"Idempotency-Key", "pinned-application")
	require.Equal(t, http.StatusCreated, r.status, r.String())
	session := r.json(t)["id"].(string)
	h.awaitSession(id, session)
	for _, m := range []string{"song.committee", "lim.committee", "kwon.committee"} {
		h.complete(h.member(m), h.openTask(h.member(m), id, models.TaskCommitteeVote), map[string]any{"vote": "select"})
	}
	r = h.do("POST", "/api/v1/committee/sessions/"+session+"/close", h.operator(), nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))
	require.Equal(t, "selected", h.application(id)["status"])
	h.recordHistory(t, ctx, wid, "application_pinned_rule_applied_then_selected", 100)
}

// TestRecordApplicationReturnedInTheSandbox runs an application with a document missing
// under a time scale on the real server: its supplement window of ten days ends in seconds
// and the application is returned by the shortened timer. With -record it writes the
// history (`go test ./api -run TestRecordApplicationReturnedInTheSandbox -record`).
func TestRecordApplicationReturnedInTheSandbox(t *testing.T) {
	const scale = 172800 // a day in half a second
	h := newHarness(t)
	sandbox := app.New(app.Deps{Store: h.store, Temporal: h.tc, TaskQueue: h.tq, TimeScale: scale})
	docs := allDocuments(models.TypeCloud)
	created, err := sandbox.Applications.Create(context.Background(), models.Actor{Sub: "jung.provider", Role: models.RoleProvider, Org: "PV-0001"},
		applicationInput(pv1BusinessNo, docs[:len(docs)-1]...), "sandbox-supplement")
	require.NoError(t, err)
	id := created.ID
	var a models.Application
	require.NoError(t, json.Unmarshal(h.do("GET", "/api/v1/applications/"+id, h.auditor(), nil).body, &a))
	require.Equal(t, scale, a.Pins.TimeScale)
	require.Equal(t, models.AppSupplementRequested, a.Status)
	end := a.SupplementDue.EndOfDay()
	require.Less(t, a.SupplementDeadline.Sub(a.AppliedAt), 10*time.Second, "deadline %s", a.SupplementDeadline)
	require.False(t, a.SupplementDeadline.After(end))
	// The wait is bounded so that a broken timer fails the test instead of hanging it.
	require.Eventually(t, func() bool { return h.application(id)["status"] == string(models.AppReturned) },
		90*time.Second, 200*time.Millisecond, "the application is returned by its shortened timer")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	wid := flow.ApplicationWorkflowID(id)
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))
	h.recordHistory(t, ctx, wid, "application_returned_in_sandbox", 40)
}
