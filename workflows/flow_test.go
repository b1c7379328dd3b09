package workflows

import (
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/dsmarket/dsmarket/workflows/flow"
)

// Activities and the app start and signal workflows by the names in flow: each must be
// the name its function is registered under, or a start would find no workflow.
func TestFlowNamesTheRegisteredWorkflows(t *testing.T) {
	for typ, fn := range map[string]any{
		flow.OrderWorkflowType:             Order,
		flow.ApplicationWorkflowType:       Application,
		flow.CommitteeSessionWorkflowType:  CommitteeSession,
		flow.ServiceWatchWorkflowType:      ServiceWatch,
		flow.ServiceWatchSweepWorkflowType: ServiceWatchSweep,
		flow.DirectContractWorkflowType:    DirectContract,
		flow.ChangeRequestWorkflowType:     ChangeRequest,
		flow.QualityCaseWorkflowType:       QualityCase,
		flow.QualityCycleWorkflowType:      QualityCycle,
		flow.HousekeepingWorkflowType:      Housekeeping,
	} {
		name := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()).Name()
		require.True(t, strings.HasSuffix(name, "."+typ), "%s is registered as %s", typ, name)
	}
	require.Equal(t, "service-SVC-0001", flow.ServiceWatchWorkflowID("SVC-0001"))
	require.Equal(t, "committee-CS-2026-0001", flow.SessionWorkflowID("CS-2026-0001"))
}
