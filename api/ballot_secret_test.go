package api_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// TestBallot_SecretForEveryReader walks an application to a committee that does not
// select it, on the real server, and reads it as every kind of reader (issue 12): who voted
// what, and in which order, only the member for their own vote and the auditor learn; the
// provider, the operator, an expert and the other members get the count and the reasons
// sorted by their text, without names, and so does the provider's notice.
func TestBallot_SecretForEveryReader(t *testing.T) {
	h := newHarness(t)
	id := awaitingCommittee(h)
	r := h.do("POST", "/api/v1/committee/sessions", h.operator(), sessionBody(committeeMembers...), "Idempotency-Key", "ballot-session")
	require.Equal(t, http.StatusCreated, r.status, r.String())
	sid := r.json(t)["id"].(string)
	require.Eventually(t, func() bool {
		s, ok := h.application(id)["session"].(map[string]any)
		return ok && s["id"] == sid
	}, 10e9, 50e6, "the application joins the open session")

	// jang.committee has a declared relation with PV-0001 and is recused at once. The others
	// vote in this order; sorted, the reasons read 가격, 보안, 지원, which is neither the
	// voting order (지원, 보안, 가격) nor the roster's (song 보안, kwon 가격, hwang 지원).
	cast := []struct {
		member string
		body   map[string]any
	}{
		{"hwang.committee", map[string]any{"vote": "reject", "reason": "지원 인력 부족"}},
		{"song.committee", map[string]any{"vote": "reject", "reason": "보안 인증 미비"}},
		{"lim.committee", map[string]any{"vote": "select"}},
		{"kwon.committee", map[string]any{"vote": "reject", "reason": "가격 근거 부족"}},
	}
	sorted := []any{"가격 근거 부족", "보안 인증 미비", "지원 인력 부족"}
	// Another member's vote task is not found, before and after its vote: a 403 naming its
	// member, or a 409 saying it is done, would tell who has voted.
	probe := func(task string) {
		t.Helper()
		for _, other := range []string{h.member("jang.committee"), h.expert("cho.expert"), h.operator()} {
			r := h.do("POST", "/api/v1/tasks/"+task+"/complete", other, map[string]any{"vote": "select"})
			require.Equal(t, http.StatusNotFound, r.status, r.String())
			for _, m := range committeeMembers {
				require.NotContains(t, string(r.body), m)
			}
		}
	}
	var tasks []string
	for i, v := range cast {
		task := h.openTask(h.member(v.member), id, models.TaskCommitteeVote)
		tasks = append(tasks, task)
		probe(task)
		a := h.complete(h.member(v.member), task, v.body)
		probe(task)
		// The member's answer holds their own vote and no count while the session is open.
		require.Equal(t, []string{v.member}, voteMembers(a), "the answer to %s", v.member)
		b := a["ballots"].([]any)[0].(map[string]any)
		require.Equal(t, false, b["closed"])
		require.EqualValues(t, i+2, b["cast"], "jang's recusal and %d votes", i+1)
		require.EqualValues(t, 0, b["reject"])
		require.Empty(t, b["reasons"])
	}
	// While the session is open the provider's page names no member either.
	r = h.do("GET", "/api/v1/applications/"+id, h.provider(), nil)
	require.Equal(t, 200, r.status, r.String())
	for _, m := range committeeMembers {
		require.NotContains(t, string(r.body), m)
	}

	r = h.do("POST", "/api/v1/committee/sessions/"+sid+"/close", h.operator(), nil, "Idempotency-Key", "ballot-close")
	require.Equal(t, 200, r.status, r.String())
	require.Eventually(t, func() bool { return h.application(id)["status"] == "not_selected" }, 10e9, 50e6)
	for _, task := range tasks {
		probe(task)
	}

	roster := committeeMembers
	for _, tc := range []struct {
		name  string
		token string
		votes []string // whose votes the reader gets, in order
		// actors of the recused and voted steps, in order; "" for one shown as the committee
		actors []string
		tasks  []string // assignees of the committee_vote tasks the reader gets
		roster bool     // the reader gets the session's members and the chair's name
	}{
		{"MemberWhoRejected", h.member("song.committee"), []string{"song.committee"},
			[]string{"", "", "song.committee", "", ""}, []string{"song.committee"}, true},
		{"AnotherMember", h.member("lim.committee"), []string{"lim.committee"},
			[]string{"", "", "", "lim.committee", ""}, []string{"lim.committee"}, true},
		{"Provider", h.provider(), []string{}, []string{"", "", "", "", ""}, []string{}, false},
		{"Operator", h.operator(), []string{}, []string{"", "", "", "", ""}, []string{}, true},
		{"Expert", h.expert("cho.expert"), []string{}, []string{"", "", "", "", ""}, []string{}, false},
		{"Auditor", h.auditor(), []string{"jang.committee", "hwang.committee", "song.committee", "lim.committee", "kwon.committee"},
			[]string{"jang.committee", "hwang.committee", "song.committee", "lim.committee", "kwon.committee"},
			[]string{"song.committee", "lim.committee", "kwon.committee", "hwang.committee"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do("GET", "/api/v1/applications/"+id, tc.token, nil)
			require.Equal(t, 200, r.status, r.String())
			a := r.json(t)
			require.Equal(t, tc.votes, voteMembers(a), "votes")
			require.Equal(t, tc.actors, ballotStepActors(a), "actors of the vote steps")
			require.Equal(t, tc.tasks, voteTaskAssignees(a), "committee_vote tasks")

			ballots := a["ballots"].([]any)
			require.Len(t, ballots, 1)
			b := ballots[0].(map[string]any)
			require.Equal(t, map[string]any{"session_id": sid, "closed": true, "members": 5.0, "cast": 5.0, "present": 4.0,
				"recused": 1.0, "select": 1.0, "reject": 3.0, "defer": 0.0, "reasons": sorted}, b)
			require.True(t, strings.HasSuffix(a["reason"].(string), "; reasons: 가격 근거 부족; 보안 인증 미비; 지원 인력 부족"), a["reason"])

			steps := a["steps"].([]any)
			decided := steps[len(steps)-1].(map[string]any)
			require.Equal(t, "committee_decided", decided["action"])
			actor := decided["actor"].(map[string]any)
			session := a["session"].(map[string]any)
			if tc.roster {
				require.Equal(t, "song.committee", actor["sub"], "the chair recorded the decision")
				require.Len(t, session["members"], 5)
				return
			}
			require.Equal(t, map[string]any{"sub": "", "role": "committee", "org": ""}, actor)
			require.Empty(t, session["members"])
			for _, m := range roster {
				require.NotContains(t, string(r.body), m, "the application names a member")
			}
		})
	}

	t.Run("ProviderList", func(t *testing.T) {
		r := h.do("GET", "/api/v1/applications", h.provider(), nil)
		require.Equal(t, 200, r.status, r.String())
		require.Contains(t, string(r.body), id)
		for _, m := range roster {
			require.NotContains(t, string(r.body), m)
		}
	})
	t.Run("ProviderNotice", func(t *testing.T) {
		var body string
		require.Eventually(t, func() bool {
			sent, err := h.store.ListNotifications(context.Background(), "PV-0001", 100)
			require.NoError(t, err)
			for _, n := range sent {
				if n.CaseID == id && strings.Contains(n.Subject, "Not selected") {
					body = n.Body
					return true
				}
			}
			return false
		}, 10e9, 50e6, "the provider is told")
		require.True(t, strings.HasSuffix(body, "reasons: 가격 근거 부족; 보안 인증 미비; 지원 인력 부족"), body)
		for _, m := range roster {
			require.NotContains(t, body, m)
		}
	})
	t.Run("AuditorHistory", func(t *testing.T) {
		r := h.do("GET", "/api/v1/cases/application-"+id+"/history", h.auditor(), nil)
		require.Equal(t, 200, r.status, r.String())
		require.Equal(t, []string{"jang.committee", "hwang.committee", "song.committee", "lim.committee", "kwon.committee"},
			ballotStepActors(map[string]any{"steps": r.json(t)["decisions"]}))
	})
}

func voteMembers(a map[string]any) []string {
	out := []string{}
	for _, v := range a["votes"].([]any) {
		out = append(out, v.(map[string]any)["member"].(string))
	}
	return out
}

func ballotStepActors(a map[string]any) []string {
	var out []string
	for _, s := range a["steps"].([]any) {
		step := s.(map[string]any)
		if slices.Contains([]any{"voted", "recused"}, step["action"]) {
			actor := step["actor"].(map[string]any)
			if actor["role"] != "committee" {
				out = append(out, "role "+actor["role"].(string))
				continue
			}
			out = append(out, actor["sub"].(string))
		}
	}
	return out
}

func voteTaskAssignees(a map[string]any) []string {
	out := []string{}
	for _, t := range a["tasks"].([]any) {
		task := t.(map[string]any)
		if task["kind"] == "committee_vote" {
			out = append(out, task["assignee"].(map[string]any)["sub"].(string))
		}
	}
	return out
}
