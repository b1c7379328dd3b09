package api_test

import (
	"context"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/internal/temporaltest"
	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/require"
	"google.golang.org/protobuf/proto"

	"github.com/dsmarket/dsmarket/models"
)

// Budgets of a selection case (the issue): fewer than 200 history events per application,
// and no payload near Temporal's limits — every event stays under 64 KiB.
const (
	applicationEventBudget = 200
	eventSizeBudget        = 64 << 10
	// applicationHistoryBudget bounds a whole application's history, in bytes.
	applicationHistoryBudget = 64 << 10
)

// selectionEventBudgets hold each recorded case to its number of history events since the
// application writes its projection and its news in one local activity, upserts its status
// only when it changed and keeps one reminder timer pending (change "application-fewer-events").
var selectionEventBudgets = map[string]int{
	"application_selected_after_site_visit_v3":  100,
	"application_deferred_then_not_selected_v3": 120,
	"application_withdrawn_in_expert_review_v3": 32,
	"committee_session_closed_v3":               70,
}

// TestRecordSelectionHistories runs applications and a committee session on the real
// server through the REST API and checks each history against the budgets. With -record
// it writes them for workflows' replay test
// (`go test ./api -run TestRecordSelectionHistories -record`).
func TestRecordSelectionHistories(t *testing.T) {
	h := newHarness(t)
	// Three applications: one walked to selection with a site visit, one deferred for lack
	// of a quorum and then not selected, one withdrawn during the expert review.
	selected := h.newApplication(allDocuments(models.TypeCloud)...)
	deferred := h.newApplication(allDocuments(models.TypeCloud)...)
	withdrawn := h.newApplication(allDocuments(models.TypeCloud)...)
	for _, id := range []string{selected, deferred, withdrawn} {
		h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskDocumentCheck), map[string]any{"outcome": "accept"})
		h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskAssignExperts), map[string]any{"experts": []string{"cho.expert", "yoo.expert"}})
	}
	r := h.do("POST", "/api/v1/applications/"+withdrawn+"/withdraw", h.provider(), map[string]any{"reason": "서비스 개편으로 철회"})
	require.Equal(t, 200, r.status, r.String())
	for _, id := range []string{selected, deferred} {
		h.complete(h.expert("cho.expert"), h.openTask(h.expert("cho.expert"), id, models.TaskExpertReview), reviewBody("suitable", id == selected))
		h.complete(h.expert("yoo.expert"), h.openTask(h.expert("yoo.expert"), id, models.TaskExpertReview), reviewBody("suitable", false))
	}
	h.complete(h.operator(), h.openTask(h.operator(), selected, models.TaskSiteVisit), map[string]any{"held_on": today(), "report": "현장 확인"})

	first := h.openSession("record-1")
	h.awaitSession(selected, first)
	h.awaitSession(deferred, first)
	for _, m := range []string{"song.committee", "lim.committee", "kwon.committee"} {
		h.complete(h.member(m), h.openTask(h.member(m), selected, models.TaskCommitteeVote), map[string]any{"vote": "select"})
	}
	h.complete(h.member("song.committee"), h.openTask(h.member("song.committee"), deferred, models.TaskCommitteeVote), map[string]any{"vote": "reject"})
	r = h.do("POST", "/api/v1/committee/sessions/"+first+"/close", h.operator(), nil)
	require.Equal(t, 200, r.status, r.String())

	second := h.openSession("record-2")
	h.awaitSession(deferred, second)
	for _, m := range []string{"song.committee", "lim.committee", "kwon.committee"} {
		h.complete(h.member(m), h.openTask(h.member(m), deferred, models.TaskCommitteeVote), map[string]any{"vote": "reject", "reason": "지원 체계 미흡"})
	}
	r = h.do("POST", "/api/v1/committee/sessions/"+second+"/close", h.operator(), nil)
	for name, wid := range map[string]string{
		"application_selected_after_site_visit_v3":  flow.ApplicationWorkflowID(selected),
		"application_deferred_then_not_selected_v3": flow.ApplicationWorkflowID(deferred),
		"application_withdrawn_in_expert_review_v3": flow.ApplicationWorkflowID(withdrawn),
		"committee_session_closed_v3":               flow.SessionWorkflowID(first),
	} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, nil))
			events := temporaltest.History(ctx, t, h.tc, wid, "")
			largest, total := 0, 0
			for _, e := range events {
				largest = max(largest, proto.Size(e))
				total += proto.Size(e)
			}
			require.Less(t, len(events), applicationEventBudget, "history events")
			require.LessOrEqual(t, len(events), selectionEventBudgets[name], "history events of %s", name)
			require.Less(t, largest, eventSizeBudget, "largest event in bytes")
			// Updates answer a small flow.StepResult, not the case: a selected application's
			// whole history stays within 64 KiB (it was ~98 KiB when each answer was the case).
			require.LessOrEqual(t, total, applicationHistoryBudget, "bytes of history")
			t.Logf("%s: %d history events, %d bytes in all, largest event %d bytes", name, len(events), total, largest)
			if !*record {
				return
			}
			temporaltest.WriteHistory(t, name, events)
		})
	}
}

// openSession opens a committee session of the seeded members today.
func (h *harness) openSession(key string) string {
	h.t.Helper()
	r := h.do("POST", "/api/v1/committee/sessions", h.operator(), sessionBody(committeeMembers...), "Idempotency-Key", key)
	require.Equal(h.t, 201, r.status, r.String())
	return r.json(h.t)["id"].(string)
}

// awaitSession waits until the application is on the session's agenda: it joins by
// itself, asynchronously, when the session opens.
func (h *harness) awaitSession(id, session string) {
	h.t.Helper()
	require.Eventually(h.t, func() bool {
		s, ok := h.application(id)["session"].(map[string]any)
		return ok && s["id"] == session
	}, 10*time.Second, 50*time.Millisecond, "application %s joins session %s", id, session)
}
