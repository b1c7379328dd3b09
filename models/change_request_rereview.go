package models

import (
	"strings"
	"time"
)

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

// criteriaFields are the fields whose values a re-review's ground spells out: those of the
// selection criteria. Other fields of the request are named only.
var criteriaFields = map[string]bool{"type": true, "subtype": true, "csap_valid_until": true, "sla": true,
	"provider_name": true, "business_no": true}

// ChangeRereviewGround is the ground of the re-review an information change asks for, as
// its experts and members read it: the request, the criteria it touches, their values old
// → new, and the provider's reason (the English is the ground the re-review keeps).
func ChangeRereviewGround(cr *ChangeRequest) *Text {
	return Msg("rereview.ground_change", "request", cr.ID, "criteria", cr.criteriaLabels(),
		"changes", RequestedCriteria(cr.Changes), "request_reason", cr.Reason)
}

// criteriaLabels are the criteria the request touches as a {@@…} argument: their labels,
// which a page names in its language and the English names by their codes.
func (cr *ChangeRequest) criteriaLabels() string {
	labels := make([]string, len(cr.Criteria))
	for i, c := range cr.Criteria {
		labels[i] = "chcrit." + c
	}
	return strings.Join(labels, ",")
}

// RequestedCriteria spells out a request's changes for its re-review: each criterion field
// old → new (a value cut at 200 characters), the other fields by name.
func RequestedCriteria(changes []FieldChange) string {
	parts := make([]string, len(changes))
	for i, c := range changes {
		if !criteriaFields[c.Field] {
			parts[i] = c.Field
			continue
		}
		old := c.Old
		if old == "" {
			old = "-"
		}
		parts[i] = c.Field + " " + clipRunes(old, 200) + " → " + clipRunes(c.New, 200)
	}
	return strings.Join(parts, "; ")
}

// clipRunes cuts s to n characters, marking the cut with an ellipsis.
func clipRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
