package workflows

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"github.com/stretchr/testify/require"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
)

func TestServiceWatch_FitFactRecordedNothingChanges(t *testing.T) {
	env := newWatchEnv(t)
	env.record(time.Hour, fact("credit_rating", "AA", "2026-03-01"))
	env.record(2*time.Hour, fact("business_status", "rehabilitation_approved", "2026-03-02"))
	seen := env.snapshot(3 * time.Hour)
	env.ExecuteWorkflow(ServiceWatch, watchInput(t, "2029-06-30"))

	require.Equal(t, models.WatchWatching, seen.Status)
	require.Len(t, seen.Events, 2)
	require.Equal(t, "AA", seen.Events[0].Value)
	require.Equal(t, "park.operator", seen.Events[0].RecordedBy)
	require.Len(t, seen.Findings, 2)
	for _, f := range seen.Findings {
		require.Equal(t, models.InspectionFit, f.Outcome)
		require.Equal(t, operator, f.By)
	}
	require.Equal(t, start.Add(time.Hour), seen.Findings[0].At.In(models.Seoul))
	// Projection written at the start and after each fact; nothing else happened before
	// the certificate ran out in 2029.
	require.Equal(t, []models.WatchStatus{models.WatchWatching, models.WatchWatching, models.WatchWatching, models.WatchUnfit}, env.saved)
	require.Empty(t, env.csap)
	require.Equal(t, models.WatchUnfit, env.result().Status)
	require.Len(t, env.removed, 1, "removed only when the certificate ran out")
}

func TestServiceWatch_ClosureIsUnfitAtOnce(t *testing.T) {
	env := newWatchEnv(t)
	env.record(time.Hour, fact("business_status", "closed", "2026-03-02"))
	env.ExecuteWorkflow(ServiceWatch, watchInput(t, "2029-06-30"))

	r := env.result()
	require.Equal(t, models.WatchUnfit, r.Status)
	require.Contains(t, r.Reason, "business closed")
	w := env.final()
	require.Len(t, w.Findings, 1)
	require.Equal(t, start.Add(time.Hour), w.Findings[0].At.In(models.Seoul))

	require.Equal(t, []string{"SVC-0001"}, env.removed)
	require.Len(t, env.notices, 1)
	n := env.notices[0]
	require.Equal(t, models.UnfitNotice{ServiceID: "SVC-0001", Name: "한빛 클라우드 서버", Provider: "(주)한빛클라우드",
		Reason: r.Reason, From: n.From, Until: n.Until, ReasonText: n.ReasonText}, n)
	require.NotNil(t, n.ReasonText, "the public page reads the reason the watch found in its language")
	require.Equal(t, "2026-03-02", n.From.String())
	require.Equal(t, "2026-03-22", n.Until.String(), "20 days (RuleUnfitNoticeDays)")
	// Every order in flight was signalled with the reason; one had closed, which is fine.
	require.Equal(t, map[string]string{inFlight[0]: r.Reason, inFlight[1]: r.Reason}, env.signals)
	var provider *models.Notification
	for i, m := range env.notified {
		if m.ToRole == models.RoleProvider {
			provider = &env.notified[i]
		}
	}
	require.NotNil(t, provider, "the provider is told")
	require.Equal(t, "PV-0001", provider.ToOrg)
	require.Equal(t, "service-SVC-0001/unfit", provider.Key)
	require.Equal(t, models.WatchUnfit, env.saved[len(env.saved)-1])
}

func TestServiceWatch_CSAPExpiresAtEndOfDate(t *testing.T) {
	env := newWatchEnv(t)
	deadline := time.Date(2026, 4, 1, 0, 0, 0, 0, models.Seoul) // the end of 31 March, Seoul
	before := env.snapshot(deadline.Sub(start) - time.Second)
	env.ExecuteWorkflow(ServiceWatch, watchInput(t, "2026-03-31"))

	require.Equal(t, models.WatchWatching, before.Status)
	r := env.result()
	require.Equal(t, models.WatchUnfit, r.Status)
	require.Contains(t, r.Reason, "CSAP expired")
	f := env.final().Findings[0]
	require.Equal(t, deadline, f.At.In(models.Seoul))
	require.Equal(t, models.SystemActor, f.By)
	require.Equal(t, []string{"SVC-0001"}, env.removed)
	require.Equal(t, "2026-04-01", env.notices[0].From.String())
	require.Equal(t, "2026-04-21", env.notices[0].Until.String())
	require.Len(t, env.signals, 2)
}

func TestServiceWatch_CSAPRenewalMovesTheTimer(t *testing.T) {
	env := newWatchEnv(t)
	oldDeadline := time.Date(2026, 4, 1, 0, 0, 0, 0, models.Seoul)
	env.record(time.Hour, fact("csap", "valid:2027-03-31", "2026-03-02"))
	after := env.snapshot(oldDeadline.Sub(start) + time.Hour)
	env.ExecuteWorkflow(ServiceWatch, watchInput(t, "2026-03-31"))

	require.Equal(t, models.WatchWatching, after.Status, "the old deadline passed without effect")
	require.Equal(t, "2027-03-31", after.CSAPValidUntil.String())
	require.Equal(t, []activities.SetServiceCSAPInput{{ServiceID: "SVC-0001", ValidUntil: *after.CSAPValidUntil}}, env.csap)
	r := env.result()
	require.Contains(t, r.Reason, "valid until 2027-03-31")
	f := env.final().Findings[1]
	require.Equal(t, time.Date(2027, 4, 1, 0, 0, 0, 0, models.Seoul), f.At.In(models.Seoul))
}

func TestServiceWatch_RereviewGround(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   flow.RecordEventInput
	}{
		{"CreditBelowFloor", fact("credit_rating", "CCC+", "2026-03-01")},
		{"DebarmentCoversDate", fact("debarment", "2026-03-01", "2026-03-01")},
		{"Suspended", fact("business_status", "suspended", "2026-03-01")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newWatchEnv(t)
			env.record(time.Hour, tc.in)
			// A fit fact afterwards does not clear the ground.
			env.record(2*time.Hour, fact("credit_rating", "A", "2026-03-02"))
			seen := env.snapshot(3 * time.Hour)
			env.ExecuteWorkflow(ServiceWatch, watchInput(t, "2026-12-31"))

			require.Equal(t, models.WatchRereviewRequired, seen.Status)
			require.Equal(t, models.InspectionRereview, seen.Findings[0].Outcome)
			require.Equal(t, models.InspectionFit, seen.Findings[1].Outcome)
			require.Len(t, env.notified, 2, "the operators once, then the provider at the expiry")
			n := env.notified[0]
			require.Equal(t, models.RoleOperator, n.ToRole)
			require.Equal(t, "NIA", n.ToOrg)
			require.Equal(t, "service-SVC-0001/rereview-1", n.Key)
			require.Equal(t, seen.Findings[0].Reason, n.Body)
			// The ground starts one re-review, named by the finding; the fit fact starts none.
			require.Equal(t, []activities.StartRereviewInput{{ServiceID: "SVC-0001", Ground: seen.Findings[0].Reason,
				GroundText: seen.Findings[0].ReasonText, From: models.RereviewFromInspection,
				CaseRef: "service-SVC-0001/rereview-1"}}, env.rereviews)
			require.NotEmpty(t, seen.Findings[0].ReasonText.Key, "the re-review reads its ground in each language")
			require.Equal(t, []models.WatchStatus{models.WatchWatching, models.WatchRereviewRequired, models.WatchRereviewRequired},
				env.saved[:3])
			// Only the certificate's end removed it.
			require.Contains(t, env.result().Reason, "CSAP expired")
		})
	}
}

func TestServiceWatch_ValidatorRefusalChangesNothing(t *testing.T) {
	env := newWatchEnv(t)
	env.refuse(time.Minute, flow.RecordEventInput{Actor: agency, Event: fact("credit_rating", "A", "2026-03-01").Event}, models.EFORBIDDEN)
	env.refuse(2*time.Minute, fact("credit_rating", "A++", "2026-03-01"), models.EINVALID)
	env.refuse(3*time.Minute, fact("business_status", "closed", "2026-03-03"), models.EINVALID) // tomorrow
	env.refuse(4*time.Minute, fact("csap", "valid:2026-03-01", "2026-03-01"), models.EINVALID)  // already over
	after := env.snapshot(5 * time.Minute)
	env.ExecuteWorkflow(ServiceWatch, watchInput(t, "2026-03-31"))
	require.Equal(t, 4, env.refused)
	require.Equal(t, models.WatchWatching, after.Status)
	require.Empty(t, after.Events)
	require.Empty(t, after.Findings)
	require.Equal(t, []models.WatchStatus{models.WatchWatching, models.WatchUnfit}, env.saved, "nothing written for a refusal")
	require.Empty(t, env.csap)
}

// TestServiceWatch_RemovedRefusesWithConflict: while the removal of an unfit service is
// under way, a further fact is refused (409) and the watch then ends.
func TestServiceWatch_RemovedRefusesWithConflict(t *testing.T) {
	env := newWatchEnv(t, time.Hour)
	env.record(time.Hour, fact("csap", "cancelled", "2026-03-02"))
	env.refuse(90*time.Minute, fact("credit_rating", "AAA", "2026-03-02"), models.ECONFLICT)
	env.ExecuteWorkflow(ServiceWatch, watchInput(t, "2029-06-30"))
	r := env.result()
	require.Contains(t, r.Reason, "CSAP cancelled")
	require.Equal(t, 1, env.refused, "the refusal came while the removal was under way")
	require.Len(t, env.final().Events, 1)
	require.Equal(t, []string{"SVC-0001"}, env.removed)
}

func TestServiceWatch_NoCSAPWaitsForFacts(t *testing.T) {
	env := newWatchEnv(t)
	// A year goes by without a timer; the fact ends it.
	env.record(365*24*time.Hour, fact("business_status", "bankrupt", "2027-03-02"))
	env.ExecuteWorkflow(ServiceWatch, watchInput(t, ""))
	r := env.result()
	require.Contains(t, r.Reason, "bankrupt")
	require.Equal(t, start.AddDate(1, 0, 0), env.final().Findings[0].At.In(models.Seoul))
}

// TestServiceWatch_ContinuesAsNewWithItsRecord: once the history reaches its limit the
// watch carries its record to a new run at once, without waiting for the next fact, and the
// new run writes no projection until something changes.
func TestServiceWatch_ContinuesAsNewWithItsRecord(t *testing.T) {
	env := newWatchEnv(t)
	env.record(time.Hour, fact("credit_rating", "CCC", "2026-03-01"))
	env.record(2*time.Hour, fact("credit_rating", "B", "2026-03-02"))
	env.RegisterDelayedCallback(func() { env.SetCurrentHistoryLength(watchHistoryLimit) }, 3*time.Hour)
	env.ExecuteWorkflow(ServiceWatch, watchInput(t, "2029-06-30"))

	require.True(t, env.IsWorkflowCompleted())
	var can *workflow.ContinueAsNewError
	require.True(t, errors.As(env.GetWorkflowError(), &can), "%v", env.GetWorkflowError())
	var next flow.ServiceWatchInput
	require.NoError(t, converter.GetDefaultDataConverter().FromPayloads(can.Input, &next))
	require.Equal(t, "SVC-0001", next.Service.ID)
	require.Equal(t, models.WatchRereviewRequired, next.Watch.Status)
	require.Len(t, next.Watch.Events, 2)
	require.Len(t, next.Watch.Findings, 2)

	// The next run goes on from the record: a closure makes it unfit.
	env2 := newWatchEnv(t)
	env2.record(time.Hour, fact("business_status", "closed", "2026-03-02"))
	env2.ExecuteWorkflow(ServiceWatch, &next)
	require.Equal(t, models.WatchUnfit, env2.result().Status)
	w := env2.final()
	require.Len(t, w.Findings, 3)
	require.Equal(t, []models.WatchStatus{models.WatchUnfit}, env2.saved, "no projection write at the start of a continued run")
	require.Equal(t, "service-SVC-0001/unfit", env2.notified[0].Key)
}

// declare schedules a declare-unfit Update at offset d; code "" expects it accepted.
func (e *watchEnv) declare(d time.Duration, in models.DeclareUnfitInput, code string) {
	e.send(d, flow.UpdateDeclareUnfit, "", in, code)
}

// TestServiceWatch_DeclareUnfitRemovesAsAnUnfitFact: the quality inspection's verdict goes
// through the watch's own removal: catalog, 20-day notice, orders stopped, provider told,
// and the watch ends. Who may declare, a missing reason and a second declaration are
// refused without changing anything.
func TestServiceWatch_DeclareUnfitRemovesAsAnUnfitFact(t *testing.T) {
	env := newWatchEnv(t)
	reason := "품질점검 부적합 (quality inspection QC-2026-0001): SLA breached"
	env.declare(time.Hour, models.DeclareUnfitInput{Reason: reason, By: agencyActorForTest}, models.EFORBIDDEN)
	env.declare(2*time.Hour, models.DeclareUnfitInput{Reason: " ", By: models.SystemActor}, models.EINVALID)
	env.declare(3*time.Hour, models.DeclareUnfitInput{Reason: reason, By: models.SystemActor}, "")
	env.ExecuteWorkflow(ServiceWatch, watchInput(t, "2029-06-30"))

	r := env.result()
	require.Equal(t, models.WatchUnfit, r.Status)
	require.Equal(t, reason, r.Reason)
	require.Equal(t, 2, env.refused)
	w := env.final()
	require.Len(t, w.Findings, 1)
	require.Equal(t, models.SystemActor, w.Findings[0].By)
	require.Equal(t, start.Add(3*time.Hour), w.Findings[0].At.In(models.Seoul))
	require.Equal(t, []string{"SVC-0001"}, env.removed)
	require.Len(t, env.notices, 1)
	require.Equal(t, reason, env.notices[0].Reason)
	require.Equal(t, "2026-03-22", env.notices[0].Until.String(), "20 days (RuleUnfitNoticeDays)")
	require.Equal(t, map[string]string{inFlight[0]: reason, inFlight[1]: reason}, env.signals)
	var told bool
	for _, n := range env.notified {
		told = told || (n.ToRole == models.RoleProvider && strings.HasSuffix(n.Key, "/unfit"))
	}
	require.True(t, told, "the provider is told")
	require.Equal(t, models.WatchUnfit, env.saved[len(env.saved)-1])
}

func TestServiceWatch_DeclareUnfitRefusedOnceUnfit(t *testing.T) {
	w := models.NewServiceWatch(testService(models.ServiceRegistered))
	in := models.DeclareUnfitInput{Reason: "x", By: operator}
	_, err := w.DeclareUnfit(start, in)
	require.NoError(t, err)
	require.Equal(t, models.ECONFLICT, models.ErrorCode(w.CheckDeclareUnfit(in)))
}

var agencyActorForTest = models.Actor{Sub: "kim.agency", Role: models.RoleAgency, Org: "AG-0001"}
