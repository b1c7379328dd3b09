package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

func TestTasks_Inbox(t *testing.T) {
	h := newHarness(t)
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	task := h.openTask(h.operator(), id, models.TaskDocumentCheck)
	require.Equal(t, id+"-T01", task)

	t.Run("list200_OperatorsQueue", func(t *testing.T) {
		// The document check is the operators' queue: every operator sees it.
		require.Equal(t, task, h.openTask(h.operator2(), id, models.TaskDocumentCheck))
		r := h.do("GET", "/api/v1/tasks?status=open&kind=document_check", h.operator(), nil)
		require.Equal(t, 200, r.status, r.String())
		items := r.json(t)["items"].([]any)
		require.Len(t, items, 1)
		it := items[0].(map[string]any)
		require.Equal(t, "application", it["case_type"])
		require.Equal(t, "application-"+id, it["workflow_id"])
		require.Equal(t, map[string]any{"role": "operator"}, it["assignee"])
		require.Equal(t, false, it["overdue"])
		require.NotEmpty(t, it["due_at"])
	})
	for _, tc := range []struct {
		name, token, query string
		n                  int
	}{
		{"list200_OtherKindEmpty", h.operator(), "?kind=expert_review", 0},
		{"list200_DoneEmpty", h.operator(), "?status=done", 0},
		{"list200_ExpertHasNone", h.expert("cho.expert"), "", 0},
		{"list200_CommitteeHasNone", h.member("song.committee"), "?status=open", 0},
		{"list200_AuditorSeesAll", h.auditor(), "?status=open", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do("GET", "/api/v1/tasks"+tc.query, tc.token, nil)
			require.Equal(t, 200, r.status, r.String())
			require.Len(t, r.json(t)["items"], tc.n)
		})
	}
	for _, tc := range []struct{ name, query, field string }{
		{"list422_Status", "?status=pending", "status"},
		{"list422_Kind", "?kind=review", "kind"},
		{"list422_PageSize", "?page_size=501", "page_size"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := h.do("GET", "/api/v1/tasks"+tc.query, h.operator(), nil).problem(t, 422)
			require.Equal(t, tc.field, p.Errors[0].Field)
		})
	}
	t.Run("list403_ProviderAndAgency", func(t *testing.T) {
		h.do("GET", "/api/v1/tasks", h.provider(), nil).problem(t, 403)
		h.do("GET", "/api/v1/tasks", h.agency(), nil).problem(t, 403)
	})
	for _, tc := range []struct {
		name   string
		token  string
		status int
	}{
		{"get200_Operator", h.operator(), 200},
		{"get200_OtherOperator", h.operator2(), 200},
		{"get200_Auditor", h.auditor(), 200},
		{"get404_Expert", h.expert("cho.expert"), 404},
		{"get404_Committee", h.member("song.committee"), 404},
		{"get403_Provider", h.provider(), 403},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := h.do("GET", "/api/v1/tasks/"+task, tc.token, nil)
			if tc.status == 200 {
				require.Equal(t, 200, r.status, r.String())
				require.Equal(t, "document_check", r.json(t)["kind"])
				return
			}
			r.problem(t, tc.status)
		})
	}
	t.Run("get404_Unknown", func(t *testing.T) {
		h.do("GET", "/api/v1/tasks/"+id+"-T99", h.operator(), nil).problem(t, 404)
		h.do("GET", "/api/v1/tasks/APP-2026-999999-T01", h.operator(), nil).problem(t, 404)
		h.do("GET", "/api/v1/tasks/nonsense", h.operator(), nil).problem(t, 404)
		h.do("POST", "/api/v1/tasks/ORD-2026-000001-T01/complete", h.operator(), map[string]any{"outcome": "accept"}).problem(t, 404)
	})
}

func TestTasks_Complete(t *testing.T) {
	h := newHarness(t)
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	check := h.openTask(h.operator(), id, models.TaskDocumentCheck)
	complete := func(task string) string { return "/api/v1/tasks/" + task + "/complete" }

	t.Run("complete403_NotTheAssignee", func(t *testing.T) {
		p := h.do("POST", complete(check), h.expert("cho.expert"), map[string]any{"outcome": "accept"}).problem(t, 403)
		require.Contains(t, p.Detail, "operator")
	})
	t.Run("complete403_ProviderRole", func(t *testing.T) {
		h.do("POST", complete(check), h.provider(), map[string]any{"outcome": "accept"}).problem(t, 403)
	})
	for _, tc := range []struct {
		name  string
		body  any
		field string
	}{
		{"complete422_FieldOfAnotherKind", map[string]any{"outcome": "accept", "opinion": "suitable"}, "opinion"},
		{"complete422_ExpertsOnDocumentCheck", map[string]any{"experts": []string{"cho.expert"}}, "experts"},
		{"complete422_Outcome", map[string]any{"outcome": "maybe"}, "outcome"},
		{"complete422_SupplementWithoutKinds", map[string]any{"outcome": "supplement", "note": "x"}, "missing_kinds"},
		{"complete422_UnknownField", map[string]any{"outcome": "accept", "verdict": "ok"}, "verdict"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := h.do("POST", complete(check), h.operator(), tc.body).problem(t, 422)
			require.Equal(t, tc.field, p.Errors[0].Field, p)
			require.Equal(t, "document_check", h.application(id)["status"])
		})
	}
	var assign string
	t.Run("complete200_Accept", func(t *testing.T) {
		r := h.do("POST", complete(check), h.operator2(), map[string]any{"outcome": "accept", "note": "서류 완비"}, "Idempotency-Key", "chk-1")
		require.Equal(t, 200, r.status, r.String())
		a := r.json(t)
		require.Equal(t, "expert_review", a["status"])
		open := a["open_tasks"].([]any)
		require.Len(t, open, 1)
		require.Equal(t, "assign_experts", open[0].(map[string]any)["kind"])
		assign = open[0].(map[string]any)["id"].(string)
		// A retry of the same request returns the first answer, not a 409.
		r = h.do("POST", complete(check), h.operator2(), map[string]any{"outcome": "accept", "note": "서류 완비"}, "Idempotency-Key", "chk-1")
		require.Equal(t, 200, r.status, r.String())
		require.Equal(t, "expert_review", r.json(t)["status"])
	})
	t.Run("complete409_SecondCompletion", func(t *testing.T) {
		p := h.do("POST", complete(check), h.operator(), map[string]any{"outcome": "accept"}).problem(t, 409)
		require.Contains(t, p.Detail, "done")
		r := h.do("GET", "/api/v1/tasks/"+check, h.auditor(), nil)
		require.Equal(t, "done", r.json(t)["status"])
		require.Equal(t, "seo.operator", r.json(t)["completed_by"])
	})
	t.Run("complete422_UnknownExpert", func(t *testing.T) {
		p := h.do("POST", complete(assign), h.operator(), map[string]any{"experts": []string{"cho.expert", "kim.agency"}}).problem(t, 422)
		require.Equal(t, "experts[1]", p.Errors[0].Field)
		require.Contains(t, p.Errors[0].Message, "not a registered expert")
	})
	var reviews []string
	t.Run("complete200_AssignExperts", func(t *testing.T) {
		a := h.complete(h.operator(), assign, map[string]any{"experts": []string{"cho.expert", "yoo.expert"}})
		require.Equal(t, []any{"cho.expert", "yoo.expert"}, a["experts"])
		for _, sub := range []string{"cho.expert", "yoo.expert"} {
			reviews = append(reviews, h.openTask(h.expert(sub), id, models.TaskExpertReview))
		}
		r := h.do("GET", "/api/v1/tasks?kind=expert_review", h.operator(), nil)
		require.Empty(t, r.json(t)["items"], "an expert's task is not in the operators' queue")
	})
	t.Run("complete403_AnotherExpertsReview", func(t *testing.T) {
		h.do("POST", complete(reviews[0]), h.expert("yoo.expert"), reviewBody("suitable", false)).problem(t, 403)
		h.do("GET", "/api/v1/tasks/"+reviews[0], h.expert("yoo.expert"), nil).problem(t, 404)
	})
	t.Run("complete422_ReviewFields", func(t *testing.T) {
		body := reviewBody("unsuitable", false)
		body["comment"] = ""
		body["criteria"].(map[string]any)["security"] = "pass" // a CSAP certificate replaces the security review
		p := h.do("POST", complete(reviews[0]), h.expert("cho.expert"), body).problem(t, 422)
		fields := []string{}
		for _, e := range p.Errors {
			fields = append(fields, e.Field)
		}
		require.ElementsMatch(t, []string{"criteria.security", "comment"}, fields)
	})
	t.Run("complete200_Reviews", func(t *testing.T) {
		a := h.complete(h.expert("cho.expert"), reviews[0], reviewBody("suitable", false))
		require.Equal(t, "expert_review", a["status"], "one review is still open")
		a = h.complete(h.expert("yoo.expert"), reviews[1], reviewBody("suitable", false))
		require.Equal(t, "awaiting_committee", a["status"])
		require.Contains(t, a["review_report"], "2 of 2 experts")
	})
	t.Run("complete409_ReviewAfterReviewClosed", func(t *testing.T) {
		h.do("POST", complete(reviews[1]), h.expert("yoo.expert"), reviewBody("suitable", false)).problem(t, 409)
	})
}

// TestTasks_ConflictOfInterest: kang.expert has a declared relation with PV-0001, so he
// cannot review its application; the refusal names him and why.
func TestTasks_ConflictOfInterest(t *testing.T) {
	h := newHarness(t)
	svc := h.do("GET", "/api/v1/services/SVC-0001", "", nil).json(t)
	businessNo := svc["provider"].(map[string]any)["business_no"].(string)
	r := h.do("POST", "/api/v1/applications", h.provider(), applicationInput(businessNo, allDocuments(models.TypeCloud)...))
	require.Equal(t, http.StatusCreated, r.status, r.String())
	id := r.json(t)["id"].(string)
	a := h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskDocumentCheck), map[string]any{"outcome": "accept"})
	assign := a["open_tasks"].([]any)[0].(map[string]any)["id"].(string)

	p := h.do("POST", "/api/v1/tasks/"+assign+"/complete", h.operator(), map[string]any{"experts": []string{"cho.expert", "kang.expert"}}).problem(t, 422)
	require.Equal(t, "experts[1]", p.Errors[0].Field)
	require.Contains(t, p.Errors[0].Message, "conflict of interest")
	require.Empty(t, h.application(id)["experts"])
}
