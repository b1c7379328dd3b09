package activities_test

import (
	"context"
	"log/slog"
	"os"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/testsuite"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/internal/temporaltest"
	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/store/storetest"
	"github.com/dsmarket/dsmarket/worker"
)

func TestMain(m *testing.M) {
	code := m.Run()
	temporaltest.Stop()
	os.Exit(code)
}

// testActivityQueue is the task queue of the test activity environment: the watch that
// DeclareUnfit starts runs there, on a real worker.
const testActivityQueue = "default-test-taskqueue"

// TestDeclareUnfit_RemovesThroughTheWatch: a quality case's unfit verdict takes the
// service out of the catalog through its watch's declare-unfit Update (update-with-start:
// the service had no watch yet), with the public notice, and the watch ends. A retry
// after the watch ended changes nothing and succeeds. The notice gives the reason keyed.
func TestDeclareUnfit_RemovesThroughTheWatch(t *testing.T) {
	ctx, st, svc, tc := withUnwatchedService(t)
	logger := slog.New(slog.DiscardHandler)
	w := worker.NewOn(tc, testActivityQueue, &activities.Activities{Store: st, Logger: logger, Temporal: tc})
	require.NoError(t, w.Start())
	t.Cleanup(w.Stop)

	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	env.RegisterActivity(&activities.Activities{Store: st, Logger: logger, Temporal: tc})
	var a *activities.Activities
	c := models.NewQualityCase(models.QualityDueService{ID: svc.ID, Name: svc.Name, Type: svc.Type,
		ProviderOrg: svc.Provider.Org, SelectedOn: *svc.SelectedOn}, time.Now().Year(), flow.QualityCaseWorkflowID(svc.ID, time.Now().Year()), time.Now())
	out := activities.QualityOutcomeInput{CaseID: c.ID, WorkflowID: c.WorkflowID, ServiceID: c.ServiceID,
		ServiceName: c.ServiceName, ProviderOrg: c.ProviderOrg, At: time.Now()}
	finding := models.Msg("quality.on_site_continues")
	out.Reason, out.ReasonText = finding.English(), finding
	for range 2 {
		_, err := env.ExecuteActivity(a.DeclareUnfit, out)
		require.NoError(t, err)
	}

	got, err := st.GetService(ctx, svc.ID)
	require.NoError(t, err)
	require.Equal(t, models.ServiceRemoved, got.Status)
	notices, err := st.CurrentUnfitNotices(ctx)
	require.NoError(t, err)
	require.Len(t, notices, 1)
	require.Contains(t, notices[0].Reason, c.ID)
	require.Contains(t, notices[0].Reason, "the round continues on site")
	// The public notice reads the case's finding in its reader's language; the REST API's
	// English is as before.
	require.NotNil(t, notices[0].ReasonText)
	require.Equal(t, "품질점검 "+c.ID+" 부적합: 해당 차수 점검을 현장점검으로 계속함", notices[0].ReasonText.In(models.LangKO))
	require.Equal(t, notices[0].Reason, notices[0].ReasonText.English())
	var res flow.ServiceWatchResult
	require.NoError(t, tc.GetWorkflow(ctx, flow.ServiceWatchWorkflowID(svc.ID), "").Get(ctx, &res))
	require.Equal(t, models.WatchUnfit, res.Status)
}

// withUnwatchedService is a seeded database on the shared dev server, a registered service
// with no watch yet, and a client of that server; ctx ends with the test, a minute at most.
func withUnwatchedService(t *testing.T) (context.Context, *store.Store, models.Service, client.Client) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	st := storetest.NewForSharedTemporal(t)
	_, err := store.Seed(ctx, st, time.Now())
	require.NoError(t, err)
	svc, err := st.GetService(ctx, unwatchedService(t, st))
	require.NoError(t, err)
	_, tc := temporaltest.Server(t)
	return ctx, st, svc, tc
}

// servicesTaken counts the seeded services tests of this package have used: each test takes
// another, since a service's watch (service-<id>) outlives the test on the shared Temporal
// server, and a repetition (-count) must not find the watch an earlier run ended.
var servicesTaken atomic.Int64

// unwatchedService returns a registered service of the seed no earlier test of this process
// has used.
func unwatchedService(t *testing.T, st *store.Store) string {
	t.Helper()
	var id string
	require.NoError(t, st.DB().Raw(`SELECT id FROM services WHERE status = 'registered' ORDER BY id LIMIT 1 OFFSET ?`,
		servicesTaken.Add(1)-1).Scan(&id).Error)
	require.NotEmpty(t, id, "the seed has no registered service left for this test")
	return id
}
