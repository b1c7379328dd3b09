package app_test

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// underReview walks application id to its expert review by panel, and returns it with a
// function that completes by's open task with body an hour after the step before, or at
// the time clock is set to.
func underReview(t *testing.T, id string, panel ...string) (a *models.Application, complete func(by models.Actor, body models.TaskCompletion), clock *time.Time) {
	t.Helper()
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, models.Seoul)
	in := applicationRequest()
	for _, k := range models.RequiredDocuments(models.TypeSupport, false, false) {
		sum := sha256.Sum256([]byte(k))
		in.Documents = append(in.Documents, models.DocumentInput{Kind: string(k), Filename: string(k) + ".pdf", SHA256: hex.EncodeToString(sum[:])})
	}
	req, err := models.ParseApplication(in, provider.Org, provider.Sub, at)
	require.NoError(t, err)
	a = models.NewApplication(id, "application-"+id, req, provider, at)
	step := func(by models.Actor, body models.TaskCompletion, candidates ...models.ExpertCandidate) {
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
	step(operator, models.TaskCompletion{Outcome: "accept"})
	var candidates []models.ExpertCandidate
	for _, sub := range panel {
		candidates = append(candidates, models.ExpertCandidate{Sub: sub, IsExpert: true})
	}
	step(operator, models.TaskCompletion{Experts: panel}, candidates...)
	return a, func(by models.Actor, body models.TaskCompletion) { t.Helper(); step(by, body) }, &at
}

func opinion(o string, siteVisit bool, comment string) models.TaskCompletion {
	return models.TaskCompletion{Opinion: o, SiteVisit: &siteVisit, Comment: comment, Criteria: &models.ReviewCriteria{
		Eligibility: "pass", Management: "pass", Security: "pass", Stability: "pass", Support: "pass"}}
}

// reviewPanel walks an application to its expert review by three experts, then takes
// park off it with a reason (a replacement) and yoon without one (a deactivation), and
// has cho give an opinion that asks for a site visit.
func reviewPanel(t *testing.T) *models.Application {
	t.Helper()
	a, complete, _ := underReview(t, "APP-2026-000002", "cho.expert", "park.expert", "yoon.expert")
	at := a.Steps[len(a.Steps)-1].At.Add(time.Hour)
	require.NoError(t, a.ReleaseExpert(at, operator, models.ReleaseExpertInput{Expert: "park.expert", Reason: "연락 두절"}))
	require.NoError(t, a.ReleaseExpert(at, models.SystemActor, models.ReleaseExpertInput{Expert: "yoon.expert"}))
	complete(expert, opinion("suitable", true, "가용성 확인 필요"))
	return a
}

// TestIndependentReview: an expert reads no other expert's opinion before giving their
// own, while the review is open; then, and once it closes, every one.
func TestIndependentReview(t *testing.T) {
	kang := models.Actor{Sub: "kang.expert", Role: models.RoleExpert, Org: "KISA"}
	yoo := models.Actor{Sub: "yoo.expert", Role: models.RoleExpert, Org: "KAIST"} // not on the panel
	a, complete, _ := underReview(t, "APP-2026-000002", "cho.expert", "kang.expert")
	complete(expert, opinion("unsuitable", false, "보안 통제 미흡"))

	for _, reader := range []models.Actor{kang, yoo} {
		v, raw := view(t, a, reader)
		require.Empty(t, v.Reviews, reader.Sub)
		require.NotContains(t, raw, "보안 통제 미흡", reader.Sub)
		require.NotContains(t, raw, "opt.unsuitable", reader.Sub)
		require.NotContains(t, raw, "unsuitable", reader.Sub)
		var withheld int
		for _, s := range v.Steps {
			if s.Action == models.ActionReviewed {
				require.Equal(t, "cho.expert", s.Actor.Sub, "that cho has given it, and when, stays")
				require.Equal(t, "application.reviewed_withheld", s.NoteText.Key)
				withheld++
			}
		}
		require.Equal(t, 1, withheld, reader.Sub)
	}
	// The one who gave it, and everyone who is not an expert, read it.
	for _, reader := range []models.Actor{expert, operator, committee("song.committee"), provider} {
		v, _ := view(t, a, reader)
		require.Len(t, v.Reviews, 1, reader.Sub)
		require.Equal(t, "unsuitable", v.Reviews[0].Opinion, reader.Sub)
	}

	complete(kang, opinion("suitable", false, ""))
	v, _ := view(t, a, kang)
	require.Len(t, v.Reviews, 2, "kang has given theirs")
	require.Equal(t, models.AppAwaitingCommittee, a.Status)
	v, _ = view(t, a, yoo)
	require.Len(t, v.Reviews, 2, "the review has closed")
	// The case keeps them all.
	require.Len(t, a.Reviews, 2)
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
	// A cancelled assignment says why, not how many were assigned.
	require.NoError(t, a.Withdraw(a.Steps[len(a.Steps)-1].At.Add(time.Hour), provider, models.WithdrawInput{Reason: "사업 철회"}))
	v, _ = view(t, a, provider)
	var cancelled int
	for _, task := range v.Tasks {
		if task.Kind == models.TaskAssignExperts && task.Status == models.TaskCancelled {
			cancelled++
			require.Equal(t, "task.note.application_closed", task.NoteText.Key)
		}
	}
	require.Equal(t, 1, cancelled)
	// The reader's copy is the case's own no longer: the case keeps its names.
	require.Equal(t, "cho.expert", a.Reviews[0].Expert)
	require.True(t, slices.ContainsFunc(a.Steps, func(s models.Step) bool { return strings.Contains(s.Note, "cho.expert") }))
}
