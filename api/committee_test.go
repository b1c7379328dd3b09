package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

func sessionBody(members ...string) map[string]any {
	return map[string]any{"held_on": today(), "members": members}
}

func TestCommittee_Sessions(t *testing.T) {
	h := newHarness(t)
	var id string
	t.Run("create201_then200_SameKey", func(t *testing.T) {
		body := sessionBody(committeeMembers...)
		first := h.do("POST", "/api/v1/committee/sessions", h.operator(), body, "Idempotency-Key", "cs-1")
		require.Equal(t, http.StatusCreated, first.status, first.String())
		created := first.json(t)
		id = created["id"].(string)
		require.Regexp(t, `^CS-\d{4}-\d{4,}$`, id)
		require.Equal(t, "open", created["status"])
		require.Equal(t, "committee-"+id, created["workflow_id"])
		require.Equal(t, "/api/v1/committee/sessions/"+id, first.header.Get("Location"))
		again := h.do("POST", "/api/v1/committee/sessions", h.operator(), body, "Idempotency-Key", "cs-1")
		require.Equal(t, http.StatusOK, again.status, again.String())
		require.Equal(t, id, again.json(t)["id"])
	})
	for _, tc := range []struct {
		name   string
		token  string
		body   any
		status int
		field  string
	}{
		{"create401_NoToken", "", sessionBody("song.committee"), 401, ""},
		{"create403_Committee", h.member("song.committee"), sessionBody("song.committee"), 403, ""},
		{"create403_Auditor", h.auditor(), sessionBody("song.committee"), 403, ""},
		{"create400_NotJSON", h.operator(), `{"held_on":`, 400, ""},
		{"create422_NotAMember", h.operator(), sessionBody("song.committee", "kim.agency"), 422, "members[1]"},
		{"create422_Twice", h.operator(), sessionBody("song.committee", "song.committee"), 422, "members[1]"},
		{"create422_NoMembers", h.operator(), sessionBody(), 422, "members"},
		{"create422_PastDay", h.operator(), map[string]any{"held_on": "2020-01-01", "members": []string{"song.committee"}}, 422, "held_on"},
		{"create422_UnknownField", h.operator(), map[string]any{"held_on": today(), "members": []string{"song.committee"}, "chair": "x"}, 422, "chair"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := h.do("POST", "/api/v1/committee/sessions", tc.token, tc.body).problem(t, tc.status)
			if tc.field != "" {
				require.Equal(t, tc.field, p.Errors[0].Field, p)
			}
		})
	}
	for _, tc := range []struct{ name, token string }{
		{"get200_Operator", h.operator()}, {"get200_Member", h.member("lim.committee")}, {"get200_Auditor", h.auditor()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do("GET", "/api/v1/committee/sessions/"+id, tc.token, nil)
			require.Equal(t, 200, r.status, r.String())
			s := r.json(t)
			require.Equal(t, "open", s["status"])
			require.Equal(t, today(), s["held_on"])
			require.Len(t, s["members"], 5)
			require.Equal(t, "park.operator", s["opened_by"])
		})
	}
	t.Run("get404_Unknown", func(t *testing.T) {
		h.do("GET", "/api/v1/committee/sessions/CS-2020-9999", h.operator(), nil).problem(t, 404)
		h.do("GET", "/api/v1/committee/sessions/nonsense", h.operator(), nil).problem(t, 404)
	})
	t.Run("get403_ExpertAndProvider", func(t *testing.T) {
		h.do("GET", "/api/v1/committee/sessions/"+id, h.expert("cho.expert"), nil).problem(t, 403)
		h.do("GET", "/api/v1/committee/sessions", h.provider(), nil).problem(t, 403)
	})
	t.Run("list200", func(t *testing.T) {
		require.Eventually(t, func() bool {
			r := h.do("GET", "/api/v1/committee/sessions?status=open", h.member("song.committee"), nil)
			return r.status == 200 && len(r.json(t)["items"].([]any)) == 1
		}, 10e9, 50e6)
		r := h.do("GET", "/api/v1/committee/sessions?status=closed", h.auditor(), nil)
		require.Empty(t, r.json(t)["items"])
	})
	t.Run("list422_Status", func(t *testing.T) {
		p := h.do("GET", "/api/v1/committee/sessions?status=adjourned", h.operator(), nil).problem(t, 422)
		require.Equal(t, "status", p.Errors[0].Field)
	})
	closePath := "/api/v1/committee/sessions/" + id + "/close"
	t.Run("close403_Committee", func(t *testing.T) {
		h.do("POST", closePath, h.member("song.committee"), nil).problem(t, 403)
	})
	t.Run("close404_Unknown", func(t *testing.T) {
		h.do("POST", "/api/v1/committee/sessions/CS-2020-9999/close", h.operator(), nil).problem(t, 404)
	})
	t.Run("close200_EmptyAgenda", func(t *testing.T) {
		r := h.do("POST", closePath, h.operator2(), nil, "Idempotency-Key", "close-1")
		require.Equal(t, 200, r.status, r.String())
		s := r.json(t)
		require.Equal(t, "closed", s["status"])
		require.Equal(t, "seo.operator", s["closed_by"])
		require.Empty(t, s["agenda"])
	})
	t.Run("close409_Again", func(t *testing.T) {
		p := h.do("POST", closePath, h.operator(), nil).problem(t, 409)
		require.Contains(t, p.Detail, "closed")
	})
	t.Run("history200_Auditor", func(t *testing.T) {
		r := h.do("GET", "/api/v1/cases/committee-"+id+"/history", h.auditor(), nil)
		require.Equal(t, 200, r.status, r.String())
		hist := r.json(t)
		require.Equal(t, "committee_session", hist["case_type"])
		require.Equal(t, id, hist["case_id"])
		require.Equal(t, "closed", hist["status"])
		require.NotEmpty(t, hist["decisions"])
	})
}

// TestCommittee_DeferredWithoutQuorum: an application on the agenda whose members do not
// vote is deferred at the close and waits for the next session.
func TestCommittee_DeferredWithoutQuorum(t *testing.T) {
	h := newHarness(t)
	id := awaitingCommittee(h)
	r := h.do("POST", "/api/v1/committee/sessions", h.operator(), sessionBody("song.committee", "lim.committee", "jang.committee"))
	require.Equal(t, http.StatusCreated, r.status, r.String())
	sid := r.json(t)["id"].(string)
	vote := h.openTask(h.member("song.committee"), id, models.TaskCommitteeVote)
	h.complete(h.member("song.committee"), vote, map[string]any{"vote": "select"})

	r = h.do("POST", "/api/v1/committee/sessions/"+sid+"/close", h.operator(), nil)
	require.Equal(t, 200, r.status, r.String())
	s := r.json(t)
	require.Equal(t, "closed", s["status"])
	agenda := s["agenda"].([]any)
	require.Len(t, agenda, 1)
	d := agenda[0].(map[string]any)["decision"].(map[string]any)
	require.Equal(t, "deferred", d["outcome"])
	require.Contains(t, d["reason"], "no quorum")

	require.Eventually(t, func() bool {
		a := h.application(id)
		return a["status"] == "awaiting_committee" && a["session"] == nil
	}, 10e9, 50e6, "the application waits for the next session")
	// The votes that were not cast are cancelled, not left in the members' inboxes.
	r = h.do("GET", "/api/v1/tasks?status=open", h.member("lim.committee"), nil)
	require.Empty(t, r.json(t)["items"])
}

// awaitingCommittee walks a new application through its document check and one expert's
// review, and returns its ID once it awaits the committee.
func awaitingCommittee(h *harness) string {
	h.t.Helper()
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	a := h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskDocumentCheck), map[string]any{"outcome": "accept"})
	assign := a["open_tasks"].([]any)[0].(map[string]any)["id"].(string)
	h.complete(h.operator(), assign, map[string]any{"experts": []string{"cho.expert"}})
	a = h.complete(h.expert("cho.expert"), h.openTask(h.expert("cho.expert"), id, models.TaskExpertReview), reviewBody("suitable", false))
	require.Equal(h.t, "awaiting_committee", a["status"])
	return id
}
