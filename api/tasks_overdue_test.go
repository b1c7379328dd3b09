package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/api"
	"github.com/dsmarket/dsmarket/app"
	"github.com/dsmarket/dsmarket/internal/systest"
	"github.com/dsmarket/dsmarket/models"
)

// TestTasks_EveryoneAndOverdue: an operator sees every assignee's open tasks with
// scope=all (an expert's review among them) and, with overdue=true, those past their due
// time; experts and members see only their own, and asking for everyone's is a 403.
func TestTasks_EveryoneAndOverdue(t *testing.T) {
	h := newHarness(t)
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	review := h.inExpertReview(id)

	ids := func(h *harness, token, query string) []string {
		t.Helper()
		r := h.do("GET", "/api/v1/tasks"+query, token, nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
		var out []string
		for _, it := range r.json(t)["items"].([]any) {
			task := it.(map[string]any)
			if task["case_id"] == id {
				out = append(out, task["id"].(string))
				require.Equal(t, query == "?scope=all&overdue=true" || query == "?overdue=true", task["overdue"], query)
			}
		}
		return out
	}
	require.Empty(t, ids(h, h.operator(), "?status=open"), "an operator's own inbox holds no expert's task")
	require.Equal(t, []string{review}, ids(h, h.operator(), "?status=open&scope=all"))
	require.Equal(t, []string{review}, ids(h, h.operator2(), "?scope=all&kind=expert_review"))
	require.Empty(t, ids(h, h.operator(), "?scope=all&status=open&kind=document_check"))
	require.Empty(t, ids(h, h.operator(), "?scope=all&overdue=false&status=done&kind=expert_review"))
	h.do("GET", "/api/v1/tasks?scope=all", h.expert("cho.expert"), nil).problem(t, http.StatusForbidden)
	h.do("GET", "/api/v1/tasks?scope=all", h.member("song.committee"), nil).problem(t, http.StatusForbidden)
	require.Equal(t, []string{review}, ids(h, h.expert("cho.expert"), "?scope=mine"))
	for query, field := range map[string]string{"?scope=everyone": "scope", "?overdue=yes": "overdue", "?overdue=true&status=done": "overdue"} {
		p := h.do("GET", "/api/v1/tasks"+query, h.operator(), nil).problem(t, http.StatusUnprocessableEntity)
		require.Equal(t, field, p.Errors[0].Field, query)
	}

	// Not yet due: nothing is overdue. The API over the same system, read a minute after
	// the review's due time, finds it overdue for the operators and the auditors.
	require.Empty(t, ids(h, h.operator(), "?scope=all&overdue=true"))
	task, err := h.store.GetTask(context.Background(), review)
	require.NoError(t, err)
	late := task.DueAt.Add(time.Minute)
	a := app.New(app.Deps{Store: h.store, Temporal: h.tc, TaskQueue: h.tq, Logger: systest.Quiet,
		TemporalUIURL: systest.TemporalUIURL, Clock: func() time.Time { return late }})
	ts := httptest.NewServer(api.New(api.Deps{App: a, Verifier: h.key}))
	t.Cleanup(ts.Close)
	later := *h
	later.url = ts.URL
	require.Equal(t, []string{review}, ids(&later, h.operator(), "?scope=all&overdue=true"))
	require.Equal(t, []string{review}, ids(&later, h.auditor(), "?overdue=true"))
	require.Equal(t, []string{review}, ids(&later, h.expert("cho.expert"), "?overdue=true"))
	require.Empty(t, ids(&later, h.operator(), "?overdue=true"), "the operator's own inbox: nothing of theirs is late")
}

// TestTasks_EveryoneButTheBallot: who has voted is the ballot's secret (app/ballot.go), so
// an operator's view of everyone's tasks leaves the members' votes out, even when asked
// for by kind; auditors and the member see them.
func TestTasks_EveryoneButTheBallot(t *testing.T) {
	h := newHarness(t)
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	h.complete(h.expert("cho.expert"), h.inExpertReview(id), reviewBody("suitable", false))
	session := h.openSession("ballot-" + id)
	h.awaitSession(id, session)
	vote := h.openTask(h.member("song.committee"), id, models.TaskCommitteeVote)

	kinds := func(token, query string) map[string]int {
		r := h.do("GET", "/api/v1/tasks"+query, token, nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
		n := map[string]int{}
		for _, it := range r.json(t)["items"].([]any) {
			if task := it.(map[string]any); task["case_id"] == id {
				n[task["kind"].(string)]++
			}
		}
		return n
	}
	require.Empty(t, kinds(h.operator(), "?scope=all&status=open"))
	require.Empty(t, kinds(h.operator(), "?scope=all&kind=committee_vote"))
	require.NotZero(t, kinds(h.auditor(), "?status=open")["committee_vote"])
	require.Equal(t, map[string]int{"committee_vote": 1}, kinds(h.member("song.committee"), ""))
	h.do("GET", "/api/v1/tasks/"+vote, h.operator(), nil).problem(t, http.StatusNotFound)
}
