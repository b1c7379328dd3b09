package workflows

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// A catalog that refuses a selected service for a business reason (its business number
// held by another organization) must not fail the case: the committee's decision stays,
// an operator task says why, and completing it registers the service again.
func TestApplication_RefusedRegistrationWaitsForOperator(t *testing.T) {
	env := newAppEnv(t)
	env.registerRefusals = 2
	env.sessions = []*models.SessionRef{session("CS-2026-0001")}
	at := env.toCommittee(false)
	for i := range 4 {
		env.complete(at+time.Duration(i)*time.Minute, member(i), models.TaskCommitteeVote, vote(models.VoteSelect))
	}
	env.closeAt(at+time.Hour, "CS-2026-0001")

	var blocked *models.Application
	env.RegisterDelayedCallback(func() { blocked = env.app() }, at+2*time.Hour)
	// The first retry is refused again: a second task opens; the second retry registers.
	retry := models.TaskCompletion{Note: "타 기관 사업자번호 정정 확인 (corrected by the tax office)"}
	env.complete(at+3*time.Hour, operator, models.TaskRegistration, retry)
	env.complete(at+4*time.Hour, operator, models.TaskRegistration, retry)
	env.ExecuteWorkflow(Application, testApplication(t, allDocuments...))

	r := env.result()
	require.Equal(t, models.AppSelected, r.Status)
	require.Equal(t, "SVC-9001", r.ServiceID)
	require.Equal(t, 3, env.registrations)

	require.NotNil(t, blocked)
	require.Equal(t, models.AppSelected, blocked.Status)
	require.Empty(t, blocked.ServiceID)
	require.True(t, blocked.RegistrationBlocked())
	last := blocked.Steps[len(blocked.Steps)-1]
	require.Equal(t, models.ActionRegistrationBlocked, last.Action)
	require.Contains(t, last.Note, "registered to another organization")

	a := env.app()
	require.False(t, a.RegistrationBlocked())
	var kinds []string
	for _, s := range a.Steps {
		kinds = append(kinds, s.Action)
	}
	require.Equal(t, 2, count(kinds, models.ActionRegistrationBlocked))
	require.Equal(t, 2, count(kinds, models.ActionRegistrationRetried))
	require.Equal(t, 1, count(kinds, models.ActionRegistered))
}

func count(xs []string, x string) int {
	n := 0
	for _, y := range xs {
		if y == x {
			n++
		}
	}
	return n
}
