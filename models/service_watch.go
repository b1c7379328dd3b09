package models

import (
	"strings"
	"time"
)

// WatchStatus is where the continuous inspection of a catalog service stands.
type WatchStatus string

// Watch statuses.
const (
	WatchWatching WatchStatus = "watching" // 상시점검 중
	// WatchRereviewRequired: a re-review ground (재심사 사유) was found. The re-review itself
	// (expert review and committee again) is a process of its own, not run here; until it
	// decides, the status stays, whatever fit facts follow, since only the committee may
	// clear the ground.
	WatchRereviewRequired WatchStatus = "rereview_required"
	WatchUnfit            WatchStatus = "unfit" // 부적합: removed from the catalog; final
)

func (s WatchStatus) String() string { return string(s) }

// InspectionFinding is what one fact, or the CSAP certificate running out, meant: when,
// the outcome, why and who recorded it (the system for the expiry timer).
type InspectionFinding struct {
	At      time.Time         `json:"at"`
	Outcome InspectionOutcome `json:"outcome"`
	Reason  string            `json:"reason"`
	// ReasonText is Reason keyed, for a page in the visitor's language; a reason the
	// operator typed, and a finding made before reasons were keyed, have none.
	ReasonText *Text `json:"reason_text,omitempty"`
	By         Actor `json:"by"`
	// Request names the request that recorded the finding (Step.Request).
	Request string `json:"request,omitempty"`
}

// ServiceWatch is the inspection record of one catalog service: the facts recorded, the
// findings, and the CSAP validity that the expiry timer follows. The watch's workflow owns
// it; the API shows it; the PostgreSQL projection is a copy. Facts are kept by value (kind,
// value, dates, source), never as documents, so the record stays small over the years.
type ServiceWatch struct {
	ServiceID string      `json:"service_id"`
	Status    WatchStatus `json:"status"`
	// CSAPValidUntil is the last day the CSAP certificate is valid, null without one.
	CSAPValidUntil *Date               `json:"csap_valid_until"`
	Events         []InspectionEvent   `json:"events"`
	Findings       []InspectionFinding `json:"findings"`
	// Pins are the rule versions the watch started under (nil for watches started before
	// cases pinned them, which read the table at each fact), and RulesApplied the versions
	// that reached it later because their entries apply to open cases.
	Pins         *CasePins          `json:"pins,omitempty"`
	RulesApplied []WatchRuleApplied `json:"rules_applied,omitempty"`
	// RereviewsConfirmed are the re-reviews of its grounds that selected the service again.
	RereviewsConfirmed []RereviewConfirmation `json:"rereviews_confirmed,omitempty"`
}

// RereviewConfirmation is a re-review the watch started that selected the service again
// (재심사 선정 유지): the ground's case ref, the re-review's application, when, and its place
// in the timeline (after that many findings and that many rule versions applied).
type RereviewConfirmation struct {
	CaseRef       string    `json:"case_ref"`
	ApplicationID string    `json:"application_id"`
	At            time.Time `json:"at"`
	AfterFindings int       `json:"after_findings"`
	AfterRules    int       `json:"after_rules"`
}

// NewServiceWatch starts the record of a catalog service from its catalog entry.
func NewServiceWatch(svc Service) *ServiceWatch {
	w := &ServiceWatch{ServiceID: svc.ID, Status: WatchWatching,
		Events: []InspectionEvent{}, Findings: []InspectionFinding{}}
	if svc.CSAPValidUntil != nil && !svc.CSAPValidUntil.IsZero() {
		d := *svc.CSAPValidUntil
		w.CSAPValidUntil = &d
	}
	return w
}

// Version counts the changes so far; the projection keeps the highest version it saw.
// Every change adds exactly one finding, one rule version applied or one confirmation.
func (w *ServiceWatch) Version() int {
	return len(w.Findings) + len(w.RulesApplied) + len(w.RereviewsConfirmed)
}

// CheckConfirmRereview validates a re-review's confirmation without changing anything: own
// says whether its case ref names a ground of this watch; a service removed as unfit is
// past re-reviews.
func (w *ServiceWatch) CheckConfirmRereview(own bool, applicationID string) error {
	if w.Status == WatchUnfit {
		return Refuse(ECONFLICT, Msg("error.watch_already_unfit", "service", w.ServiceID))
	}
	var fe Fields
	if !own {
		fe.AddText("case_ref", Msg("invalid.watch_rereview_ref"))
	}
	if strings.TrimSpace(applicationID) == "" {
		fe.AddText("application_id", Msg("invalid.required"))
	}
	return fe.Err()
}

// ConfirmRereview records that the re-review of the ground named by caseRef selected the
// service again. Once every re-review ground has its confirmation the watch is back to
// watching; a ground whose re-review never started (found before re-reviews were started
// by the watch) keeps it at rereview_required, as only a committee clears a ground. The
// same ground confirmed again (a retry) changes nothing.
func (w *ServiceWatch) ConfirmRereview(now time.Time, own bool, caseRef, applicationID string) error {
	if err := w.CheckConfirmRereview(own, applicationID); err != nil {
		return err
	}
	for _, c := range w.RereviewsConfirmed {
		if c.CaseRef == caseRef {
			return nil
		}
	}
	w.RereviewsConfirmed = append(w.RereviewsConfirmed, RereviewConfirmation{CaseRef: caseRef,
		ApplicationID: strings.TrimSpace(applicationID), At: now.In(Seoul), AfterFindings: len(w.Findings), AfterRules: len(w.RulesApplied)})
	if w.Status == WatchRereviewRequired && len(w.RereviewsConfirmed) >= w.grounds(len(w.Findings)) {
		w.Status = WatchWatching
	}
	return nil
}

// grounds counts the re-review grounds among the first n findings.
func (w *ServiceWatch) grounds(n int) int {
	k := 0
	for _, f := range w.Findings[:n] {
		if f.Outcome == InspectionRereview {
			k++
		}
	}
	return k
}

// CheckRecord validates a fact without changing anything: only the operator records
// facts, and the system the one a confirmed re-review of an information change carries
// (a renewed CSAP certificate); a service removed as unfit has no more inspection to record.
func (w *ServiceWatch) CheckRecord(now time.Time, a Actor, in InspectionEventInput) error {
	if a.Role != RoleOperator && a != SystemActor {
		return Refuse(EFORBIDDEN, Msg("error.watch_record_operator_only"))
	}
	if w.Status == WatchUnfit {
		return Refuse(ECONFLICT, Msg("error.watch_record_unfit", "service", w.ServiceID))
	}
	_, err := parseInspectionEvent(in, now, w.Pins)
	return err
}

// DeclareUnfitInput declares a service unfit from outside the continuous inspection: the
// regular quality inspection's verdict (Process 4), carried out by the watch's own removal.
type DeclareUnfitInput struct {
	Reason string `json:"reason"`
	By     Actor  `json:"by"`
	// ReasonText is Reason keyed, when the declaring process has it, so that the notice, the
	// watch and the orders it stops read it in the visitor's language.
	ReasonText *Text `json:"reason_text,omitempty"`
}

// CheckDeclareUnfit validates a declaration without changing anything: the operator or
// the system declares, with a reason, a service that is not unfit already.
func (w *ServiceWatch) CheckDeclareUnfit(in DeclareUnfitInput) error {
	if in.By.Role != RoleOperator && in.By != SystemActor {
		return Refuse(EFORBIDDEN, Msg("error.watch_declare_unfit_role"))
	}
	if w.Status == WatchUnfit {
		return Refuse(ECONFLICT, Msg("error.watch_already_unfit", "service", w.ServiceID))
	}
	if r := strings.TrimSpace(in.Reason); r == "" || len([]rune(r)) > 2000 {
		var fe Fields
		fe.AddText("reason", Msg("invalid.required_max_chars", "max", "2000"))
		return fe.Err()
	}
	return nil
}

// DeclareUnfit records the declaration as an unfit finding: the watch then removes the
// service as for any unfit fact.
func (w *ServiceWatch) DeclareUnfit(now time.Time, in DeclareUnfitInput) (InspectionFinding, error) {
	if err := w.CheckDeclareUnfit(in); err != nil {
		return InspectionFinding{}, err
	}
	return w.find(now, in.By, InspectionDecision{Outcome: InspectionUnfit, Reason: strings.TrimSpace(in.Reason), text: in.ReasonText}), nil
}

// Record adds a fact and its finding. A CSAP renewal moves the validity the expiry timer
// follows.
func (w *ServiceWatch) Record(now time.Time, a Actor, in InspectionEventInput) (InspectionFinding, error) {
	now = now.In(Seoul) // times are shown with the business offset, +09:00
	if err := w.CheckRecord(now, a, in); err != nil {
		return InspectionFinding{}, err
	}
	e, _ := parseInspectionEvent(in, now, w.Pins)
	e.RecordedAt, e.RecordedBy = now, a.Sub
	w.Events = append(w.Events, e)
	if until, ok := e.CSAPValidUntil(); ok {
		w.CSAPValidUntil = &until
	}
	return w.find(now, a, decideInspection(e, w.creditFloor(e.EffectiveOn))), nil
}

func (w *ServiceWatch) find(now time.Time, by Actor, d InspectionDecision) InspectionFinding {
	switch d.Outcome {
	case InspectionUnfit:
		w.Status = WatchUnfit
	case InspectionRereview:
		if w.Status == WatchWatching {
			w.Status = WatchRereviewRequired
		}
	}
	f := InspectionFinding{At: now.In(Seoul), Outcome: d.Outcome, Reason: d.Reason, ReasonText: d.text, By: by}
	w.Findings = append(w.Findings, f)
	return f
}

// CSAPDeadline is the instant the CSAP certificate runs out: midnight Seoul time at the end
// of its last valid day. ok is false without a certificate.
func (w *ServiceWatch) CSAPDeadline() (deadline time.Time, ok bool) {
	if w.CSAPValidUntil == nil || w.CSAPValidUntil.IsZero() {
		return time.Time{}, false
	}
	return w.CSAPValidUntil.EndOfDay(), true
}

// ExpireCSAP records the certificate running out when its deadline has passed: unfit at
// once (CSAP expired). It changes nothing, and reports false, before the deadline (a
// renewal moved it) or once the service is unfit.
func (w *ServiceWatch) ExpireCSAP(now time.Time) (InspectionFinding, bool) {
	deadline, ok := w.CSAPDeadline()
	if !ok || now.Before(deadline) || w.Status == WatchUnfit {
		return InspectionFinding{}, false
	}
	return w.find(now, SystemActor, decided(InspectionUnfit, Msg("inspection.csap_ran_out", "until", w.CSAPValidUntil.String()))), true
}

// Inspection step actions, as the audit trail names them: one per outcome.
const (
	ActionInspectionFit      = "inspection_fit"
	ActionInspectionRereview = "inspection_rereview"
	ActionInspectionUnfit    = "inspection_unfit"
)

// Steps returns the findings, and the rule versions applied between them, as the case's
// timeline, each with the status it left.
func (w *ServiceWatch) Steps() []Step {
	status := WatchWatching
	out := make([]Step, 0, w.Version())
	applied, confirmed := w.RulesApplied, w.RereviewsConfirmed
	// appliedBefore puts the rule versions applied and the confirmations that came before
	// finding n, in the order they came.
	appliedBefore := func(n int) {
		for {
			rule := len(applied) > 0 && applied[0].AfterFindings <= n
			conf := len(confirmed) > 0 && confirmed[0].AfterFindings <= n
			switch {
			case conf && (!rule || confirmed[0].AfterRules <= len(w.RulesApplied)-len(applied)):
				c := confirmed[0]
				confirmed = confirmed[1:]
				if status == WatchRereviewRequired && len(w.RereviewsConfirmed)-len(confirmed) >= w.grounds(n) {
					status = WatchWatching
				}
				note := Msg("inspection.rereview_confirmed", "application", c.ApplicationID)
				out = append(out, Step{At: c.At, Actor: SystemActor, Action: ActionRereviewConfirmed, Status: string(status),
					Note: note.English(), NoteText: note})
			case rule:
				out = append(out, applied[0].step(status))
				applied = applied[1:]
			default:
				return
			}
		}
	}
	for i, f := range w.Findings {
		appliedBefore(i)
		action := ActionInspectionFit
		switch f.Outcome {
		case InspectionUnfit:
			action, status = ActionInspectionUnfit, WatchUnfit
		case InspectionRereview:
			action = ActionInspectionRereview
			if status == WatchWatching {
				status = WatchRereviewRequired
			}
		}
		out = append(out, Step{At: f.At, Actor: f.By, Action: action, Status: string(status), Note: f.Reason, NoteText: f.ReasonText, Request: f.Request})
	}
	appliedBefore(len(w.Findings))
	return out
}

// UnfitNotice is the public notice of a service removed as unfit (부적합 서비스 게시): its
// name and the reason, shown from the day of the decision (Seoul) through Until.
type UnfitNotice struct {
	ServiceID string `json:"service_id"`
	Name      string `json:"name"`
	Provider  string `json:"provider"`
	Reason    string `json:"reason"`
	From      Date   `json:"from"`
	Until     Date   `json:"until"`
	// NameEn, ProviderEn and ReasonText are the notice in English and the reason keyed, for
	// the public page in its reader's language; absent in notices published before, and
	// for a reason a person typed.
	NameEn     string `json:"name_en,omitempty"`
	ProviderEn string `json:"provider_en,omitempty"`
	ReasonText *Text  `json:"reason_text,omitempty"`
}

// NewUnfitNotice publishes an unfit finding on a service. It is shown on both From and
// Until, so RuleUnfitNoticeDays (20) after From keeps it up for at least that many days
// (고시 제8조: 20일 이상).
func NewUnfitNotice(svc Service, f InspectionFinding) UnfitNotice {
	return unfitNotice(svc, f, RuleInt(RuleUnfitNoticeDays, f.At))
}

// unfitNotice is the notice of f shown for days after its day.
func unfitNotice(svc Service, f InspectionFinding, days int) UnfitNotice {
	from := DateOf(f.At)
	until := Date{from.AddDate(0, 0, days)}
	return UnfitNotice{ServiceID: svc.ID, Name: svc.Name, Provider: svc.Provider.Name, Reason: f.Reason, From: from, Until: until,
		NameEn: svc.NameEn, ProviderEn: svc.Provider.NameEn, ReasonText: f.ReasonText}
}

// ShownOn reports whether the notice is displayed on day d.
func (n UnfitNotice) ShownOn(d Date) bool { return !d.Before(n.From.Time) && !d.After(n.Until.Time) }
