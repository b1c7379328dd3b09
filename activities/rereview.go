package activities

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dsmarket/dsmarket/workflows/flow"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/dsmarket/dsmarket/models"
	"github.com/dsmarket/dsmarket/store"
	"github.com/dsmarket/dsmarket/temporalerr"
)

// StartRereviewInput names a re-review ground: the service, why, which process found it
// and the case that did (a quality case's workflow ID, or a service watch's with the
// finding's version).
type StartRereviewInput struct {
	ServiceID string
	Ground    string
	From      models.RereviewFrom
	CaseRef   string
	// GroundText is Ground keyed, when the finding was (models.RereviewRef.GroundText).
	GroundText *models.Text `json:",omitempty"`
}

// StartRereview starts the re-review (재심사) of a catalog service: the Application
// workflow in re-review mode under a new application ID, business key application-<id>.
// The case ref is claimed in PostgreSQL first (insert-or-get), so a retried activity finds
// the application ID it drew the first time and starts one re-review; the start itself finds
// the run it started or, once that run has closed, changes nothing. An application number
// that another case's workflow holds is drawn past (flow.StartCase). A service that has left
// the catalog needs no re-review: "" is returned. It returns the application ID.
func (a *Activities) StartRereview(ctx context.Context, in StartRereviewInput) (string, error) {
	if a.Temporal == nil {
		return "", temporal.NewNonRetryableApplicationError("activities have no Temporal client", "config", nil)
	}
	return a.startRereview(ctx, in, a.now())
}

// startRereview is StartRereview at now: the quality case's hook starts it at the moment
// the case decided.
func (a *Activities) startRereview(ctx context.Context, in StartRereviewInput, now time.Time) (string, error) {
	st, tc, taskQueue := a.Store, a.Temporal, activity.GetInfo(ctx).TaskQueue
	if _, err := models.ParseRereviewFrom(string(in.From)); err != nil || in.ServiceID == "" || in.CaseRef == "" {
		return "", temporal.NewNonRetryableApplicationError(
			fmt.Sprintf("re-review needs a service, a case ref and an origin (quality, inspection or change): %+v", in), "invalid", nil)
	}
	svc, err := st.GetService(ctx, in.ServiceID)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return "", nil
	}
	if err != nil {
		return "", temporalerr.Wrap(err)
	}
	if svc.Status == models.ServiceRemoved {
		return "", nil
	}
	id, created, err := st.ClaimRereview(ctx, store.RereviewClaim{CaseRef: in.CaseRef, ServiceID: in.ServiceID, From: in.From, Ground: in.Ground}, now)
	if err != nil {
		return "", temporalerr.Wrap(err)
	}
	ref := models.RereviewRef{ServiceID: svc.ID, Ground: in.Ground, From: in.From, CaseRef: in.CaseRef, GroundText: in.GroundText}
	if svc.CSAPValidUntil != nil && !svc.CSAPValidUntil.Before(models.DateOf(now).Time) {
		d := *svc.CSAPValidUntil
		ref.CSAPValidUntil = &d
	}
	// Pinned here, not in workflow code: the re-review keeps the versions in force when it
	// was started, and its input records them. Activities know no sandbox scale.
	pins := models.PinRules(models.Rules, now, 1, models.ApplicationRuleKeys...)
	// A retry finds the run it started (the claim in its memo); once that run has closed it
	// starts nothing more.
	id, _, err = flow.StartDrawn(ctx, tc, a.logger(), flow.Drawn{ID: id, Fresh: created, Claim: flow.ClaimTag("rereview", in.CaseRef),
		Redraw: func(ctx context.Context, taken string) (string, error) {
			return st.RedrawRereview(ctx, in.CaseRef, taken, now)
		},
		Release: func(ctx context.Context, taken string) error { return st.ReleaseRereview(ctx, in.CaseRef, taken) },
	}, func(id string) (client.StartWorkflowOptions, any, any) {
		return client.StartWorkflowOptions{ID: flow.ApplicationWorkflowID(id), TaskQueue: taskQueue}, flow.ApplicationWorkflowType,
			&flow.ApplicationInput{ApplicationID: id, Request: models.RereviewRequest(svc), AppliedBy: models.SystemActor, Rereview: &ref, Pins: pins}
	})
	if err != nil {
		return "", fmt.Errorf("start re-review %s of %s: %w", id, in.ServiceID, err)
	}
	return id, nil
}

// RereviewOutcomeInput is a re-review's decision as it was carried out.
type RereviewOutcomeInput struct {
	ApplicationID string
	ServiceID     string
	Outcome       string // models.RereviewConfirmed or models.RereviewUnfitRequested
}

// ConfirmRereview records on the service's re-review that the committee selected it again:
// it stays registered, with its notice and catalog entry. The first outcome stays, so a
// retry changes nothing. A re-review of a ground of the service's watch is also carried
// to the watch (confirmWatchGround), which clears the ground; one of an information change
// records its renewed CSAP certificate (applyConfirmedChange) and, selected or not, decides
// the change request that waits for it (tellChangeRequest). RequestUnfitRemoval records the
// other outcome through here too.
func (a *Activities) ConfirmRereview(ctx context.Context, in RereviewOutcomeInput) error {
	if err := a.Store.SetRereviewOutcome(ctx, in.ApplicationID, in.Outcome, a.now()); err != nil {
		return temporalerr.Wrap(err)
	}
	claim, err := a.Store.RereviewClaimOf(ctx, in.ApplicationID)
	switch {
	case models.ErrorCode(err) == models.ENOTFOUND:
		claim, err = store.RereviewClaim{}, nil
	case err != nil:
		return temporalerr.Wrap(err)
	}
	selected := in.Outcome == models.RereviewConfirmed
	switch {
	case selected && claim.From == models.RereviewFromInspection:
		err = a.confirmWatchGround(ctx, claim, in.ApplicationID)
	case selected && claim.From == models.RereviewFromChange:
		err = a.applyConfirmedChange(ctx, claim, in.ApplicationID)
	}
	if err == nil && claim.From == models.RereviewFromChange {
		err = a.tellChangeRequest(ctx, claim, in.ApplicationID, selected)
	}
	if err != nil {
		return err
	}
	a.logger().InfoContext(ctx, "re-review outcome recorded", "application", in.ApplicationID, "service", in.ServiceID, "outcome", in.Outcome)
	return nil
}

// confirmWatchGround tells the service's watch that the re-review of its ground selected the
// service again (the confirm-rereview Update, one per application across retries). Re-reviews
// of other processes' grounds have nothing to tell it.
func (a *Activities) confirmWatchGround(ctx context.Context, claim store.RereviewClaim, applicationID string) error {
	return a.updateWatch(ctx, claim.ServiceID, flow.UpdateConfirmRereview, "rereview-confirmed-"+applicationID,
		flow.ConfirmRereviewInput{CaseRef: claim.CaseRef, ApplicationID: applicationID}, "re-review ground confirmed")
}

// applyConfirmedChange carries out what an information change waited on its re-review for,
// once the re-review selects the service again: a renewed CSAP certificate is recorded on
// the service's watch as a fact of the system (record-event, one per request), which moves
// the expiry and the catalog's validity as the operator's fact would. The change's other
// criteria are applied by the change request itself once told (tellChangeRequest).
func (a *Activities) applyConfirmedChange(ctx context.Context, claim store.RereviewClaim, applicationID string) error {
	crID, ok := strings.CutPrefix(claim.CaseRef, flow.ChangeRequestWorkflowID(""))
	if !ok {
		return nil
	}
	cr, err := a.Store.GetChangeRequest(ctx, crID)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil
	}
	if err != nil {
		return temporalerr.Wrap(err)
	}
	source := "정보 변경 " + cr.ID + " · 재심사 " + applicationID
	for _, c := range cr.Changes {
		if c.Field != "csap_valid_until" || c.New == "" {
			continue
		}
		// The Update ID finds a first attempt within the watch's run; a retry after the watch
		// continued as new finds the fact in its record.
		switch w, err := a.Store.GetServiceWatch(ctx, cr.ServiceID); {
		case err == nil && slices.ContainsFunc(w.Events, func(e models.InspectionEvent) bool { return e.Source == source }):
			return nil
		case err != nil && models.ErrorCode(err) != models.ENOTFOUND:
			return temporalerr.Wrap(err)
		}
		fact := models.InspectionEventInput{Kind: string(models.InspectCSAP), Value: models.CSAPValidValue(c.New),
			EffectiveOn: models.DateOf(a.now()).String(), Source: source}
		if err := a.updateWatch(ctx, cr.ServiceID, flow.UpdateRecordEvent, "change-csap-"+cr.ID,
			flow.RecordEventInput{Actor: models.SystemActor, Event: fact}, "renewed CSAP recorded"); err != nil {
			return err
		}
	}
	return nil
}

// RequestUnfitInput asks for the removal of a service that its re-review did not select.
type RequestUnfitInput struct {
	ApplicationID string
	ServiceID     string
	Reason        string
	// ReasonText is Reason keyed; absent in inputs recorded before it was passed.
	ReasonText *models.Text `json:",omitempty"`
}

// RequestUnfitRemoval hands a service that its re-review did not select to its watch
// (declareUnfit). The Update ID is derived from the application, so a retry is the same
// Update; a service unfit or removed already needs nothing more.
func (a *Activities) RequestUnfitRemoval(ctx context.Context, in RequestUnfitInput) error {
	if err := a.declareUnfit(ctx, in.ServiceID, strings.TrimSpace(in.Reason), in.ReasonText, "rereview-unfit-"+in.ApplicationID); err != nil {
		return err
	}
	return a.ConfirmRereview(ctx, RereviewOutcomeInput{ApplicationID: in.ApplicationID, ServiceID: in.ServiceID, Outcome: models.RereviewUnfitRequested})
}
