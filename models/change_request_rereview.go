package models

import "time"

// ChangeRereviewDecision is what the re-review of a rereview-path change request decided,
// carried to the request by the re-review's application (activities.ConfirmRereview and
// RequestUnfitRemoval).
type ChangeRereviewDecision struct {
	ApplicationID string `json:"application_id"`
	Selected      bool   `json:"selected"`
}

// AwaitsRereview reports whether the request waits for its re-review's decision: requests
// whose re-review started before they waited for it (December 2026) closed at the start.
func (cr *ChangeRequest) AwaitsRereview() bool {
	return cr.Path == ChangeRereview && cr.Status == ChangeRereviewStarted && cr.ClosedAt == nil
}

// CheckRereviewDecided validates a re-review's decision without changing anything: only
// the request's own re-review decides it, once.
func (cr *ChangeRequest) CheckRereviewDecided(in ChangeRereviewDecision) error {
	if !cr.AwaitsRereview() {
		return Conflict("record the re-review's decision on the change request", cr.Status)
	}
	if in.ApplicationID == "" || in.ApplicationID != cr.RereviewApplicationID {
		var fe Fields
		fe.AddText("application_id", Msg("invalid.change_rereview_application", "request", cr.ID,
			"application", cr.RereviewApplicationID))
		return fe.Err()
	}
	return nil
}

// RereviewDecided records the re-review's decision: selected again, the change is approved
// (and then applied like an operator's approval); not selected, it is rejected, and the
// service leaves the catalog through its watch.
func (cr *ChangeRequest) RereviewDecided(now time.Time, in ChangeRereviewDecision) error {
	if err := cr.CheckRereviewDecided(in); err != nil {
		return err
	}
	now = now.In(Seoul)
	cr.DecidedBy = SystemActor.Sub
	cr.DecidedAt = &now
	if in.Selected {
		cr.Status = ChangeApproved
		cr.record(now, SystemActor, ActionChangeApproved, Msg("change.rereview_selected", "application", in.ApplicationID))
		return nil
	}
	cr.Status = ChangeRejected
	cr.ClosedAt = &now
	cr.record(now, SystemActor, ActionChangeRejected, Msg("change.rereview_not_selected", "application", in.ApplicationID))
	return nil
}
