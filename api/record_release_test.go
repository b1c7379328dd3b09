package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestRecordReleaseHistory runs an application whose expert is deactivated before
// reviewing (Update "release-expert"), replaced by the operator, and then withdrawn, and
// checks its history against a budget. With -record it writes it for workflows' replay
// test (`go test ./api -run TestRecordReleaseHistory -record`).
func TestRecordReleaseHistory(t *testing.T) {
	h := newHarness(t)
	r := h.do("POST", "/api/v1/people", h.operator(), map[string]any{"sub": "record.expert", "role": "expert",
		"name": "기록용", "email": "record@dsmarket.example"})
	require.Equal(t, http.StatusCreated, r.status, r.String())
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskDocumentCheck), map[string]any{"outcome": "accept"})
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskAssignExperts), map[string]any{"experts": []string{"cho.expert", "record.expert"}})
	r = h.do("PATCH", "/api/v1/people/record.expert", h.operator(), map[string]any{"active": false})
	require.Equal(t, http.StatusOK, r.status, r.String())
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskAssignExperts), map[string]any{"experts": []string{"yoo.expert"}})
	h.complete(h.expert("cho.expert"), h.openTask(h.expert("cho.expert"), id, models.TaskExpertReview), reviewBody("suitable", false))
	r = h.do("POST", "/api/v1/applications/"+id+"/withdraw", h.provider(), map[string]any{"reason": "일정 변경으로 철회"})
	require.Equal(t, http.StatusOK, r.status, r.String())

	ctx, wid := h.applicationEnded(t, id)
	h.recordHistory(t, ctx, wid, "application_expert_released_then_withdrawn", 48)
}

// TestRecordMemberReleaseHistory runs an application on a session whose member is
// deactivated before voting (Update "release-member"): the open vote becomes a recusal,
// the others select, and the service is registered. With -record it writes the history for
// workflows' replay test (`go test ./api -run TestRecordMemberReleaseHistory -record`).
func TestRecordMemberReleaseHistory(t *testing.T) {
	h := newHarness(t)
	r := h.do("POST", "/api/v1/people", h.operator(), map[string]any{"sub": "record.member", "role": "committee",
		"name": "기록위원", "email": "member@dsmarket.example"})
	require.Equal(t, http.StatusCreated, r.status, r.String())
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskDocumentCheck), map[string]any{"outcome": "accept"})
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskAssignExperts), map[string]any{"experts": []string{"cho.expert", "yoo.expert"}})
	h.complete(h.expert("cho.expert"), h.openTask(h.expert("cho.expert"), id, models.TaskExpertReview), reviewBody("suitable", false))
	h.complete(h.expert("yoo.expert"), h.openTask(h.expert("yoo.expert"), id, models.TaskExpertReview), reviewBody("suitable", false))
	r = h.do("POST", "/api/v1/committee/sessions", h.operator(),
		sessionBody("song.committee", "lim.committee", "kwon.committee", "record.member"), "Idempotency-Key", "member-release")
	require.Equal(t, http.StatusCreated, r.status, r.String())
	session := r.json(t)["id"].(string)
	h.awaitSession(id, session)
	h.openTask(h.member("record.member"), id, models.TaskCommitteeVote) // the member had a vote to cast

	r = h.do("PATCH", "/api/v1/people/record.member", h.operator(), map[string]any{"active": false})
	require.Equal(t, http.StatusOK, r.status, r.String())
	// A retried PATCH finds the vote already released and answers as the first did.
	r = h.do("PATCH", "/api/v1/people/record.member", h.operator(), map[string]any{"active": false})
	require.Equal(t, http.StatusOK, r.status, r.String())
	released := lastStep(h.application(id))
	require.Equal(t, models.ActionMemberReleased, released["action"], "%v", released)
	require.Contains(t, released["note"], "record.member", "the auditor reads whom the release took off")
	// The provider and the experts may not read the roster: the release names nobody.
	for _, reader := range []string{h.provider(), h.expert("cho.expert")} {
		r = h.do("GET", "/api/v1/applications/"+id, reader, nil)
		require.Equal(t, http.StatusOK, r.status, r.String())
		require.NotContains(t, string(r.body), "record.member")
		step := lastStep(r.json(t))
		require.Equal(t, models.ActionMemberReleased, step["action"], "%v", step)
		require.Equal(t, "A member left the committee roster before voting; the member counts as recused", step["note"])
	}
	open := voteTaskAssignees(map[string]any{"tasks": h.application(id)["open_tasks"]})
	require.ElementsMatch(t, []string{"song.committee", "lim.committee", "kwon.committee"}, open, "the deactivated member's vote task is closed")
	// Their token is still valid, but a deactivated member reads nothing any more.
	h.do("GET", "/api/v1/tasks?status=open", h.member("record.member"), nil).problem(t, http.StatusForbidden)

	for _, m := range []string{"song.committee", "lim.committee", "kwon.committee"} {
		h.complete(h.member(m), h.openTask(h.member(m), id, models.TaskCommitteeVote), map[string]any{"vote": "select"})
	}
	r = h.do("POST", "/api/v1/committee/sessions/"+session+"/close", h.operator(), nil)
	require.Equal(t, http.StatusOK, r.status, r.String())
	require.Equal(t, "selected", h.application(id)["status"], "three of four present select")

	ctx, wid := h.applicationEnded(t, id)
	h.recordHistory(t, ctx, wid, "application_member_released_then_selected", 100)
}
