package api_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/models"
)

// A selected application whose business number the catalog finds held by another
// organization must not be stranded: it stays selected with an operator task that says
// why, the provider's catalog entry waits, and once the operator has the cause corrected
// (here by hand in the database: the registry of organizations has no API yet), completing
// the task registers the service. With -record it writes the history for the replay test
// (`go test ./api -run TestRefusedRegistrationIsAnOperatorTask -record`); the recorded
// selection histories beside it are not re-recorded.
func TestRefusedRegistrationIsAnOperatorTask(t *testing.T) {
	h := newHarness(t)
	id := h.newApplication(allDocuments(models.TypeCloud)...)
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskDocumentCheck), map[string]any{"outcome": "accept"})
	h.complete(h.operator(), h.openTask(h.operator(), id, models.TaskAssignExperts), map[string]any{"experts": []string{"cho.expert", "yoo.expert"}})
	h.complete(h.expert("cho.expert"), h.openTask(h.expert("cho.expert"), id, models.TaskExpertReview), reviewBody("suitable", false))
	h.complete(h.expert("yoo.expert"), h.openTask(h.expert("yoo.expert"), id, models.TaskExpertReview), reviewBody("suitable", false))
	session := h.openSession("refused-registration")
	h.awaitSession(id, session)

	// The applicant's business number now belongs to PV-0002 in the registry.
	db := h.store.DB()
	require.NoError(t, db.Exec(`UPDATE providers SET business_no = '101-81-99996' WHERE org = 'PV-0001'`).Error)
	var pv2No string
	require.NoError(t, db.Raw(`SELECT business_no FROM providers WHERE org = 'PV-0002'`).Scan(&pv2No).Error)
	require.NoError(t, db.Exec(`UPDATE providers SET business_no = ? WHERE org = 'PV-0002'`, pv1BusinessNo).Error)

	for _, m := range []string{"song.committee", "lim.committee", "kwon.committee"} {
		h.complete(h.member(m), h.openTask(h.member(m), id, models.TaskCommitteeVote), map[string]any{"vote": "select"})
	}
	r := h.do("POST", "/api/v1/committee/sessions/"+session+"/close", h.operator(), nil)
	require.Equal(t, http.StatusOK, r.status, r.String())

	task := h.openTask(h.operator(), id, models.TaskRegistration)
	a := h.application(id)
	require.Equal(t, "selected", a["status"])
	require.Empty(t, a["service_id"])
	require.Contains(t, lastStep(a)["note"], "belongs to provider PV-0002")
	wid := flow.ApplicationWorkflowID(id)
	desc, err := h.tc.DescribeWorkflowExecution(context.Background(), wid, "")
	require.NoError(t, err)
	require.Equal(t, "Running", desc.WorkflowExecutionInfo.Status.String())

	// The operator has the registry corrected, then has the registration retried.
	require.NoError(t, db.Exec(`UPDATE providers SET business_no = ? WHERE org = 'PV-0002'`, pv2No).Error)
	require.NoError(t, db.Exec(`UPDATE providers SET business_no = ? WHERE org = 'PV-0001'`, pv1BusinessNo).Error)
	h.complete(h.operator(), task, map[string]any{"note": "사업자등록번호 정정 확인"})

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var res flow.ApplicationResult
	require.NoError(t, h.tc.GetWorkflow(ctx, wid, "").Get(ctx, &res))
	require.Equal(t, models.AppSelected, res.Status)
	require.NotEmpty(t, res.ServiceID)
	require.Eventually(t, func() bool { return h.application(id)["service_id"] == res.ServiceID }, 10*time.Second, 50*time.Millisecond)
	h.recordHistory(t, ctx, wid, "application_registration_refused_then_registered", applicationEventBudget)
}

func lastStep(a map[string]any) map[string]any {
	steps := a["steps"].([]any)
	return steps[len(steps)-1].(map[string]any)
}
