package workflows

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/workflows/flow"
)

// An application the committee defers fifty times (no quorum: nobody votes) joins fifty
// sessions; its runs stay bounded: after deferralsPerRun deferrals a run continues as new
// with the case, the sessions it has been on and what the provider was told, once every
// session has heard its answer. The fifty-first run ends with a withdrawal.
func TestApplication_FiftyDeferralsContinueAsNew(t *testing.T) {
	const deferrals = 50
	in := testApplication(t, allDocuments...)
	at := start
	var sessions, joinedAll []string
	runs := 0
	for {
		runs++
		require.LessOrEqual(t, runs, deferrals/deferralsPerRun+1)
		env := newAppEnv(t)
		env.SetStartTime(at)
		first := time.Duration(0)
		if in.State == nil {
			first = env.toCommittee(false)
		}
		skipAtStart := len(in.Skip)
		if len(sessions) < deferrals {
			for i := range deferralsPerRun {
				id := fmt.Sprintf("CS-2026-%04d", len(sessions)+1)
				sessions = append(sessions, id)
				env.sessions = append(env.sessions, session(id))
				env.closeAt(first+time.Duration(i+1)*time.Hour, id)
			}
		} else {
			env.update(time.Hour, flow.UpdateWithdraw, flow.WithdrawInput{Actor: applicant, Withdraw: models.WithdrawInput{Reason: "사업 재검토"}}, "")
		}
		env.ExecuteWorkflow(Application, in)
		require.True(t, env.IsWorkflowCompleted())
		joinedAll = append(joinedAll, env.joined...)
		// Every session on the run's agenda heard its answer before the run ended.
		for _, a := range env.answers {
			require.Equal(t, models.OutcomeDeferred, a.Decision.Outcome)
		}
		// The first lookup of a continued run skips every session the case has been on.
		require.NotEmpty(t, env.lookups)
		require.Len(t, env.lookups[0].Skip, skipAtStart, "run %d", runs)

		err := env.GetWorkflowError()
		if err == nil {
			require.Equal(t, models.AppWithdrawn, env.result().Status)
			require.Empty(t, env.answers)
			break
		}
		require.Len(t, env.answers, deferralsPerRun, "run %d", runs)
		var can *workflow.ContinueAsNewError
		require.ErrorAs(t, err, &can)
		next := &flow.ApplicationInput{}
		require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, next))
		a := next.State
		require.Len(t, a.Decisions, runs*deferralsPerRun, "run %d decided %d times", runs, len(a.Decisions))
		require.True(t, a.AwaitsSession())
		require.Equal(t, models.AppAwaitingCommittee, next.Notified)
		require.Equal(t, sessions, next.Skip)
		require.Equal(t, in.ApplicationID, next.ApplicationID)
		for _, tk := range a.Tasks {
			require.NotEqual(t, models.TaskOpen, tk.Status, "a closed session leaves no vote open: %s", tk.ID)
		}
		in, at = next, a.Steps[len(a.Steps)-1].At
	}
	require.Equal(t, deferrals/deferralsPerRun, runs-1, "continued as new once per %d deferrals", deferralsPerRun)
	require.Len(t, sessions, deferrals)
	require.Len(t, joinedAll, deferrals, "each session joined once")
}
