package workflows

import (
	"fmt"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/workflow"

	"github.com/dsmarket/dsmarket/activities"
	"github.com/dsmarket/dsmarket/models"
)

// watchHistoryLimit is the history length after which a watch continues as new. A watch
// lives as long as its service, for years, and every recorded fact adds about eight events;
// a worker that lost the watch from its cache replays the whole history, and Temporal warns
// from 10,240 events. At about 1,000 events (some 120 facts) the record, a few kilobytes of
// facts by value, moves to a fresh run and replay stays short.
const watchHistoryLimit = 1000

// removalOptions: taking a service out of the catalog and publishing its notice are
// retried for as long as they fail, visibly pending in the Web UI, rather than leaving an
// unfit service listed.
var removalOptions = untilDoneOptions

// ServiceWatch is the continuous inspection (상시점검, Process 4) of one catalog service.
// It holds the service's inspection record; the operator records facts through the
// record-event Update, whose validator runs the models check (and refuses once the service
// is removed); a timer waits for the end of the CSAP certificate's last valid day (Seoul),
// and a renewal moves it. models.DecideInspection gives each fact its outcome:
//   - fit: recorded, nothing changes;
//   - rereview: the ground is recorded, the watch is rereview_required, the operators
//     are notified and the re-review (expert review and committee again) is started: an
//     Application run in re-review mode (activities.StartRereview), one per finding; the
//     watch goes on recording facts;
//   - unfit: the service is removed from the catalog, its notice is published for the rule's
//     days (as the watch holds them), every order in flight on it is stopped with the reason, the provider is
//     told, and the watch ends.
//
// A watch starts with its service's first fact (update-with-start) or at the nightly sweep
// (ServiceWatchSweep), whichever comes first; a service selected through Process 1 gets
// its watch at the next sweep.
func ServiceWatch(ctx workflow.Context, in *flow.ServiceWatchInput) (*flow.ServiceWatchResult, error) {
	w := &serviceWatchWorkflow{svc: in.Service, watch: in.Watch}
	// A record comes with the input when the run continues as new, or when a watch that was
	// terminated is started again from its projection (app.Inspections.RecordEvent).
	fresh := w.watch == nil
	if fresh {
		w.watch = models.NewServiceWatch(in.Service)
		// The pins came with the input, so a run replays with the rules it started under; a
		// watch started before pins existed has none and reads the table at each fact. A
		// record carried over keeps the pins it has.
		if in.Pins != nil {
			w.watch.Pin(in.Pins)
		}
	}
	w.rereviewsAtStart = w.rereviews()
	w.shownStatus = string(w.watch.Status)
	if err := w.setup(ctx); err != nil {
		return nil, err
	}
	if workflow.GetInfo(ctx).ContinuedExecutionRunID == "" {
		// Starters set no search attributes (a starting activity cannot import their keys),
		// so the watch makes itself findable; a run continued as new inherits them.
		if err := workflow.UpsertTypedSearchAttributes(ctx,
			flow.SACaseType.ValueSet("service"), flow.SACaseStatus.ValueSet(string(w.watch.Status)),
			flow.SAServiceID.ValueSet(w.svc.ID), flow.SAServiceType.ValueSet(string(w.svc.Type)),
			flow.SAProviderOrg.ValueSet(w.svc.Provider.Org)); err != nil {
			workflow.GetLogger(ctx).Error("search attribute upsert failed", "error", err)
		}
	}
	if fresh {
		w.persist(ctx)
	}
	return w.run(ctx)
}

type serviceWatchWorkflow struct {
	svc   models.Service
	watch *models.ServiceWatch
	// shownStatus is the status the search attribute shows.
	shownStatus string
	// rereviewsAtStart counts the re-review grounds found before this run; unbounded is set
	// in runs recorded before the bound on re-reviews per run.
	rereviewsAtStart int
	unbounded        bool
}

func (w *serviceWatchWorkflow) setup(ctx workflow.Context) error {
	if err := setCase(ctx, caseOf{flow.QueryServiceWatch, func() any { return w.watch }, w.persist,
		func() flow.StepResult {
			return flow.StepResultOf(string(w.watch.Status), w.watch.Version(), w.watch.Steps())
		}, w.markFindings},
		stepThen(flow.UpdateRecordEvent,
			func(now time.Time, in flow.RecordEventInput) error {
				return w.watch.CheckRecord(now, in.Actor, in.Event)
			},
			func(ctx workflow.Context, in flow.RecordEventInput) (func(workflow.Context) error, error) {
				f, err := w.watch.Record(workflow.Now(ctx), in.Actor, in.Event)
				if err != nil {
					return nil, err
				}
				version, e := w.watch.Version(), w.watch.Events[len(w.watch.Events)-1]
				return func(ctx workflow.Context) error {
					if until, ok := e.CSAPValidUntil(); ok {
						w.setCatalogCSAP(ctx, until)
					}
					w.act(ctx, f, version)
					return nil
				}, nil
			}),
		// The regular quality inspection's unfit verdict: the same removal as an unfit fact
		// (catalog, notice, orders, provider), and the watch ends.
		stepThen(flow.UpdateDeclareUnfit,
			func(_ time.Time, in models.DeclareUnfitInput) error { return w.watch.CheckDeclareUnfit(in) },
			func(ctx workflow.Context, in models.DeclareUnfitInput) (func(workflow.Context) error, error) {
				f, err := w.watch.DeclareUnfit(workflow.Now(ctx), in)
				if err != nil {
					return nil, err
				}
				version := w.watch.Version()
				return func(ctx workflow.Context) error { w.act(ctx, f, version); return nil }, nil
			}),
		// A re-review this watch started selected the service again: once every ground has
		// its confirmation the watch is back to watching. The Update is new beside recorded
		// histories, which never receive it, so it needs no version marker.
		step(flow.UpdateConfirmRereview,
			func(_ time.Time, in flow.ConfirmRereviewInput) error {
				return w.watch.CheckConfirmRereview(w.ownGround(in.CaseRef), in.ApplicationID)
			},
			func(now time.Time, in flow.ConfirmRereviewInput) error {
				return w.watch.ConfirmRereview(now, w.ownGround(in.CaseRef), in.CaseRef, in.ApplicationID)
			}),
	); err != nil {
		return err
	}
	onRulesChanged(ctx, models.ServiceWatchRuleKeys, w.watch.Repin, w.persist)
	return nil
}

func (w *serviceWatchWorkflow) run(ctx workflow.Context) (*flow.ServiceWatchResult, error) {
	for w.watch.Status != models.WatchUnfit {
		if w.rereviewedOften() && !historyFull(ctx) &&
			workflow.GetVersion(ctx, "watch-rereviews-continue-as-new", workflow.DefaultVersion, 1) == workflow.DefaultVersion {
			w.unbounded = true
		}
		if historyFull(ctx) || w.rereviewedOften() {
			if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
				return nil, err
			}
			if w.watch.Status == models.WatchUnfit {
				break
			}
			return nil, workflow.NewContinueAsNewError(ctx, ServiceWatch, &flow.ServiceWatchInput{Service: w.svc, Watch: w.watch})
		}
		deadline, hasCSAP := w.watch.CSAPDeadline()
		moved := func() bool {
			d, ok := w.watch.CSAPDeadline()
			return w.watch.Status == models.WatchUnfit || ok != hasCSAP || !d.Equal(deadline) || historyFull(ctx) || w.rereviewedOften()
		}
		if !hasCSAP {
			if err := workflow.Await(ctx, moved); err != nil {
				return nil, err
			}
			continue
		}
		// A timer at the deadline, so that it holds across restarts and is exact in the
		// time-skipping tests; a fit fact that leaves the deadline alone does not restart it.
		if d := deadline.Sub(workflow.Now(ctx)); d > 0 {
			woken, err := workflow.AwaitWithTimeout(ctx, d, moved)
			if err != nil {
				return nil, err
			}
			if woken {
				continue
			}
		}
		if f, expired := w.watch.ExpireCSAP(workflow.Now(ctx)); expired {
			version := w.watch.Version()
			w.persist(ctx)
			w.act(ctx, f, version)
		}
	}
	// An Update that is still removing the service finishes before the run closes.
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return nil, err
	}
	res := &flow.ServiceWatchResult{Status: w.watch.Status}
	if n := len(w.watch.Findings); n > 0 {
		res.Reason = w.watch.Findings[n-1].Reason
	}
	return res, nil
}

// rereviewsPerRun bounds the re-reviews one run starts. A service found again and again to
// give a re-review ground starts a re-review each time (notice, start, Update): after this
// many the record moves to a fresh run, whatever the history length says.
const rereviewsPerRun = 10

// rereviews counts the re-review grounds on the record.
func (w *serviceWatchWorkflow) rereviews() int {
	n := 0
	for _, f := range w.watch.Findings {
		if f.Outcome == models.InspectionRereview {
			n++
		}
	}
	return n
}

// rereviewedOften reports whether this run has started rereviewsPerRun re-reviews.
func (w *serviceWatchWorkflow) rereviewedOften() bool {
	return !w.unbounded && w.rereviews()-w.rereviewsAtStart >= rereviewsPerRun
}

// historyFull reports when the run should continue as new: at watchHistoryLimit events,
// or earlier if the server suggests it.
func historyFull(ctx workflow.Context) bool {
	info := workflow.GetInfo(ctx)
	return info.GetCurrentHistoryLength() >= watchHistoryLimit || info.GetContinueAsNewSuggested()
}

// act carries out a finding; version is the watch's version right after it, which keys
// its notifications.
func (w *serviceWatchWorkflow) act(ctx workflow.Context, f models.InspectionFinding, version int) {
	switch f.Outcome {
	case models.InspectionUnfit:
		w.remove(ctx, f)
	case models.InspectionRereview:
		w.notify(ctx, fmt.Sprintf("rereview-%d", version), models.RoleOperator, "NIA",
			"재심사 사유 Re-review ground: "+w.svc.Name+" ("+w.svc.ID+")", f.Reason, models.NoticeRereviewGround(w.svc, f))
		// Histories recorded before re-reviews ran notified only.
		if workflow.GetVersion(ctx, "rereview-start", workflow.DefaultVersion, 1) == 1 {
			w.startRereview(ctx, f, version)
		}
	}
}

// ownGround reports whether ref names a re-review this watch started.
func (w *serviceWatchWorkflow) ownGround(ref string) bool {
	return flow.IsServiceWatchRereviewRef(w.svc.ID, ref)
}

// startRereview starts the re-review (expert review and committee again) of the ground
// found at version: one re-review per finding, whatever the retries.
func (w *serviceWatchWorkflow) startRereview(ctx workflow.Context, f models.InspectionFinding, version int) {
	actx := workflow.WithActivityOptions(ctx, removalOptions)
	in := activities.StartRereviewInput{ServiceID: w.svc.ID, Ground: f.Reason, GroundText: f.ReasonText, From: models.RereviewFromInspection,
		CaseRef: flow.ServiceWatchRereviewRef(w.svc.ID, version)}
	var appID string
	if err := workflow.ExecuteActivity(actx, acts.StartRereview, in).Get(ctx, &appID); err != nil {
		workflow.GetLogger(ctx).Error("re-review not started", "service", w.svc.ID, "error", err)
		return
	}
	workflow.GetLogger(ctx).Info("re-review started", "service", w.svc.ID, "application", appID)
}

// remove takes the service out of the catalog, publishes the notice, stops the orders in
// flight and tells the provider. Each step is idempotent, so a crash in between repeats
// nothing that was done.
func (w *serviceWatchWorkflow) remove(ctx workflow.Context, f models.InspectionFinding) {
	logger := workflow.GetLogger(ctx)
	actx := workflow.WithActivityOptions(ctx, removalOptions)
	if err := workflow.ExecuteActivity(actx, acts.RemoveService, w.svc.ID).Get(ctx, nil); err != nil {
		logger.Error("service removal failed", "service", w.svc.ID, "error", err)
	}
	notice := w.watch.UnfitNotice(w.svc, f)
	if err := workflow.ExecuteActivity(actx, acts.PublishUnfitNotice, notice).Get(ctx, nil); err != nil {
		logger.Error("unfit notice not published", "service", w.svc.ID, "error", err)
	}
	w.stopOrders(ctx, flow.ServiceRemovedSignal{Reason: f.Reason, ReasonText: f.ReasonText})
	w.notify(ctx, "unfit", models.RoleProvider, w.svc.Provider.Org,
		"부적합 Unfit: "+w.svc.Name+" ("+w.svc.ID+")",
		f.Reason+fmt.Sprintf("; 게시 notice %s – %s (Asia/Seoul)", notice.From, notice.Until),
		models.NoticeUnfit(w.svc, f, notice))
}

// stopOrders signals every order in flight on the service; each ends as cancelled with the
// reason. An order that closed or vanished meanwhile needs no signal.
func (w *serviceWatchWorkflow) stopOrders(ctx workflow.Context, removed flow.ServiceRemovedSignal) {
	logger := workflow.GetLogger(ctx)
	lctx := workflow.WithLocalActivityOptions(ctx, localOptions)
	var ids []string
	if err := workflow.ExecuteLocalActivity(lctx, acts.InFlightOrders, w.svc.ID).Get(ctx, &ids); err != nil {
		logger.Error("orders in flight not listed", "service", w.svc.ID, "error", err)
		return
	}
	sent := make([]workflow.Future, len(ids))
	for i, id := range ids {
		sent[i] = workflow.SignalExternalWorkflow(ctx, id, "", flow.SignalServiceRemoved, removed)
	}
	for i, s := range sent {
		if err := s.Get(ctx, nil); err != nil {
			logger.Info("order not signalled; it has closed", "order", ids[i], "error", err)
		}
	}
}

// persist writes the projection, and the status search attribute when it changed.
func (w *serviceWatchWorkflow) persist(ctx workflow.Context) {
	persistCase(ctx, string(w.watch.Status), &w.shownStatus, acts.SaveServiceWatch, w.watch, "service", w.svc.ID)
}

// setCatalogCSAP shows a renewed certificate in the catalog.
func (w *serviceWatchWorkflow) setCatalogCSAP(ctx workflow.Context, until models.Date) {
	lctx := workflow.WithLocalActivityOptions(ctx, localOptions)
	in := activities.SetServiceCSAPInput{ServiceID: w.svc.ID, ValidUntil: until}
	if err := workflow.ExecuteLocalActivity(lctx, acts.SetServiceCSAP, in).Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Error("catalog CSAP validity not updated", "service", w.svc.ID, "error", err)
	}
}

// notify puts one message in the outbox, once per key: the bilingual subject and body, and
// the same keyed for the reader's language.
func (w *serviceWatchWorkflow) notify(ctx workflow.Context, kind string, role models.Role, org, subject, body string, keyed models.Notice) {
	n := models.Notification{Key: flow.ServiceWatchWorkflowID(w.svc.ID) + "/" + kind, ToRole: role, ToOrg: org, CaseType: "service",
		CaseID: w.svc.ID, Subject: subject, Body: body, CreatedAt: workflow.Now(ctx)}
	send(ctx, n.Keyed(keyed))
}

// markFindings is caseOf.mark for the watch, whose timeline is its findings.
func (w *serviceWatchWorkflow) markFindings() func(string) {
	from := len(w.watch.Findings)
	return func(request string) {
		for i := from; i < len(w.watch.Findings); i++ {
			w.watch.Findings[i].Request = request
		}
	}
}
