package app_test

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// reviewPanel walks an application to its expert review by three experts, then takes
// park off it with a reason (a replacement) and yoon without one (a deactivation), and
// has cho give an opinion that asks for a site visit.
func reviewPanel(t *testing.T) *models.Application {
	t.Helper()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, models.Seoul)
	in := applicationRequest()
	for _, k := range models.RequiredDocuments(models.TypeSupport, false, false) {
		sum := sha256.Sum256([]byte(k))
		in.Documents = append(in.Documents, models.DocumentInput{Kind: string(k), Filename: string(k) + ".pdf", SHA256: hex.EncodeToString(sum[:])})
	}
	req, err := models.ParseApplication(in, provider.Org, provider.Sub, at)
	require.NoError(t, err)
	a := models.NewApplication("APP-2026-000002", "application-APP-2026-000002", req, provider, at)
	complete := func(by models.Actor, body models.TaskCompletion, candidates ...models.ExpertCandidate) {
		t.Helper()
		at = at.Add(time.Hour)
		for _, task := range a.OpenTasks(at) {
			if task.AssignedTo(by) {
				require.NoError(t, a.CompleteTask(at, by, models.CompleteTaskInput{TaskID: task.ID, Body: body, Candidates: candidates}))
				return
			}
		}
		t.Fatalf("no open task of %s", by.Sub)
	}
	complete(operator, models.TaskCompletion{Outcome: "accept"})
	panel := []string{"cho.expert", "park.expert", "yoon.expert"}
	var candidates []models.ExpertCandidate
	for _, sub := range panel {
		candidates = append(candidates, models.ExpertCandidate{Sub: sub, IsExpert: true})
	}
	complete(operator, models.TaskCompletion{Experts: panel}, candidates...)
	at = at.Add(time.Hour)
	require.NoError(t, a.ReleaseExpert(at, operator, models.ReleaseExpertInput{Expert: "park.expert", Reason: "연락 두절"}))
	require.NoError(t, a.ReleaseExpert(at, models.SystemActor, models.ReleaseExpertInput{Expert: "yoon.expert"}))
	yes := true
	complete(expert, models.TaskCompletion{Opinion: "suitable", SiteVisit: &yes, Comment: "가용성 확인 필요", Criteria: &models.ReviewCriteria{
		Eligibility: "pass", Management: "pass", Security: "pass", Stability: "pass", Support: "pass"}})
	return a
}

// TestUnnamedReviewers_Provider: the provider reads every opinion, request and release of
// its review, and the tasks it waits for, but not who the experts are; everyone who takes
// part in the review, and auditors, read the names.
func TestUnnamedReviewers_Provider(t *testing.T) {
	a := reviewPanel(t)
	panel := []string{"cho.expert", "park.expert", "yoon.expert"}

	v, raw := view(t, a, provider)
	for _, sub := range panel {
		require.NotContains(t, raw, sub, "the provider reads an expert's name")
	}
	require.Empty(t, v.Experts)
	require.Empty(t, v.ReleasedExperts)
	require.Len(t, v.Reviews, 1)
	require.Equal(t, "suitable", v.Reviews[0].Opinion)
	require.Equal(t, "가용성 확인 필요", v.Reviews[0].Comment)
	notes := map[string]string{}
	for _, s := range v.Steps {
		if s.Actor.Role == models.RoleExpert {
			require.Equal(t, models.Actor{Role: models.RoleExpert}, s.Actor, s.Action)
		}
		notes[s.Action] += s.Note + "|"
	}
	require.Contains(t, notes[models.ActionExpertsAssigned], "3 experts assigned")
	require.Contains(t, notes[models.ActionExpertReleased], "took an expert off this review (연락 두절)")
	require.Contains(t, notes[models.ActionExpertReleased], "An expert was taken off this review")
	require.Contains(t, notes[models.ActionSiteVisitRequested], "requested by an expert")
	var reviewTasks int
	for _, task := range v.Tasks {
		if task.Kind == models.TaskExpertReview {
			reviewTasks++
			require.Equal(t, models.Assignee{Role: models.RoleExpert}, task.Assignee)
			require.Empty(t, task.CompletedBy)
		}
	}
	require.Equal(t, 3, reviewTasks)
	for _, s := range v.Steps {
		if s.NoteText != nil {
			require.NotContains(t, s.NoteText.In(models.LangKO), ".expert", s.Action)
		}
	}

	for _, reader := range []models.Actor{operator, expert, committee("song.committee"), {Sub: "ahn.auditor", Role: models.RoleAuditor}} {
		v, raw := view(t, a, reader)
		for _, sub := range panel {
			require.Contains(t, raw, sub, "%s reads the panel", reader.Role)
		}
		require.Equal(t, []string{"cho.expert"}, v.Experts)
		require.Equal(t, "cho.expert", v.Reviews[0].Expert)
	}
	// The reader's copy is the case's own no longer: the case keeps its names.
	require.Equal(t, "cho.expert", a.Reviews[0].Expert)
	require.True(t, strings.Contains(a.Steps[len(a.Steps)-1].Note+a.Steps[len(a.Steps)-2].Note, "cho.expert"))
}
