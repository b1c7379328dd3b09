package workflows

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// Each person a task is opened for (the experts' reviews, the members' votes) is told once
// per task, in the step that opened it; the operators' queue is not: its tasks wait in the
// inbox of everyone of the role.
func TestApplication_TaskAssignedNotifiedOncePerTask(t *testing.T) {
	env := newAppEnv(t)
	env.sessions = []*models.SessionRef{session("CS-2026-0001")}
	at := env.toCommittee(false)
	for i := range 4 {
		env.complete(at+time.Duration(i)*time.Minute, member(i), models.TaskCommitteeVote, vote(models.VoteSelect))
	}
	env.closeAt(at+time.Hour, "CS-2026-0001")
	env.ExecuteWorkflow(Application, testApplication(t, allDocuments...))
	require.Equal(t, models.AppSelected, env.result().Status)

	const prefix = "application-APP-2026-000001/assigned-"
	told := map[string]int{}
	for _, k := range env.notified {
		if id, ok := strings.CutPrefix(k, prefix); ok {
			told[id]++
		}
	}
	var reviews, votes int
	for _, tk := range env.app().Tasks {
		switch {
		case tk.Assignee.Sub == "":
			require.Zero(t, told[tk.ID], "%s (%s) is a queue's task", tk.ID, tk.Kind)
		case tk.Kind == models.TaskExpertReview:
			reviews++
			require.Equal(t, 1, told[tk.ID], "expert review %s for %s", tk.ID, tk.Assignee.Sub)
		case tk.Kind == models.TaskCommitteeVote:
			votes++
			require.Equal(t, 1, told[tk.ID], "committee vote %s for %s", tk.ID, tk.Assignee.Sub)
		}
	}
	require.Equal(t, 2, reviews)
	require.Equal(t, len(members), votes)
	require.Len(t, told, reviews+votes, "a notification for a task that is not a person's: %v", told)
}
